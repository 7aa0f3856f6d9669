package io.tributary.connectors.file;

import io.tributary.config.ConfigReader;
import io.tributary.spi.Source;
import io.tributary.spi.SourceContext;
import io.tributary.spi.SourceFactory;
import java.util.List;
import java.util.Locale;

/**
 * {@code type: file} — CSV, JSON, Parquet and Excel files: one file, a glob over a folder, or a list
 * of either. Format options sit in a block named after the format ({@code csv:}, {@code json:},
 * {@code excel:}).
 */
public final class FileSourceFactory implements SourceFactory {
    static final List<String> FORMATS = List.of("csv", "json", "parquet", "excel");

    @Override
    public String type() {
        return "file";
    }

    @Override
    public Source create(ConfigReader config, SourceContext context) {
        List<String> paths = config.stringOrList("path");
        if (paths.isEmpty()) {
            config.problem("path", "the key 'path' is required for a file source",
                    "a file (data/orders.csv), a glob (data/orders/*.csv) or a list of them, relative to the project folder");
        }
        String format = config.oneOf("format", null, FORMATS);
        if (format == null && !config.has("format") && !paths.isEmpty()) {
            format = formatOf(paths.get(0));
            if (format == null) {
                config.problem("path", "cannot tell the format of '" + paths.get(0) + "' from its extension",
                        "add format: csv, json, parquet or excel");
            }
        }
        boolean incremental = config.bool("incremental", true);
        boolean allowEmpty = config.bool("allow_empty", false);
        FileFormat reader = null;
        for (String name : FORMATS) {
            ConfigReader options = config.map(name);
            if (options != null && !name.equals(format)) {
                config.problem(name, "options for " + name + " but the format is " + format, "remove this block or set format: " + name);
            }
            if (name.equals(format)) {
                reader = switch (name) {
                    case "csv" -> CsvFormat.configure(options);
                    case "json" -> JsonFormat.configure(options, allowEmpty);
                    case "parquet" -> ParquetFormat.configure(options);
                    default -> ExcelFormat.configure(options);
                };
            }
            if (options != null) {
                options.finish();
            }
        }
        config.finish();
        if (paths.isEmpty() || reader == null) {
            return null;
        }
        return new FileSource(context.projectDir(), paths, format, reader, incremental, allowEmpty);
    }

    static String formatOf(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv") || lower.endsWith(".tsv") || lower.endsWith(".txt") || lower.endsWith(".csv.gz")) {
            return "csv";
        }
        if (lower.endsWith(".json") || lower.endsWith(".ndjson") || lower.endsWith(".jsonl") || lower.endsWith(".json.gz")) {
            return "json";
        }
        if (lower.endsWith(".parquet")) {
            return "parquet";
        }
        if (lower.endsWith(".xlsx")) {
            return "excel";
        }
        return null;
    }
}
