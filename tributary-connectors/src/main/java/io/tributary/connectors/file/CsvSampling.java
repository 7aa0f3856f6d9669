package io.tributary.connectors.file;

import io.tributary.sql.Sql;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run's planning ({@link CsvRun}) needs of a CSV source's options: a sniff and a sample of a
 * file read as its load will read it, and the options that settle a type or a format already.
 *
 * @param options  the {@code read_csv} options of {@code csv:}
 * @param declared the types of {@code csv.columns}
 */
record CsvSampling(Map<String, String> options, Map<String, String> declared) {
    /** DuckDB's sniffer's sample when {@code csv.sample_rows} is not set. */
    private static final long SNIFFER_SAMPLE = 20_480;

    /** {@code sniff_csv} of {@code file} with the options its read will have. */
    String sniff(Path file) {
        return "sniff_csv(" + String.join(", ", lenient(file, CsvReadPlan.NONE.over(options, declared))) + ")";
    }

    /**
     * A {@code read_csv} of {@code file} (its first {@code rows} rows; all when negative) with the given
     * columns as text, skipping bad lines: for measuring the values of columns, never for loading.
     */
    String read(Path file, Map<String, String> asText, long rows) {
        // the measured columns as text even where declared: their text is what is measured
        Map<String, String> others = new LinkedHashMap<>(declared);
        asText.keySet().forEach(others::remove);
        Map<String, String> text = new LinkedHashMap<>();
        asText.keySet().forEach(column -> text.put(column, "VARCHAR"));
        List<String> parameters = lenient(file, new CsvReadPlan(text, null, null, Map.of()).over(options, others));
        return "(SELECT * FROM read_csv(" + String.join(", ", parameters) + ")" + (rows >= 0 ? " LIMIT " + rows : "") + ")";
    }

    private static List<String> lenient(Path file, Map<String, String> options) {
        List<String> parameters = new ArrayList<>();
        parameters.add(Sql.literal(file.toString()));
        if (!options.containsKey("quote")) {
            parameters.add("quote = '\"'");
        }
        if (!options.containsKey("escape")) {
            parameters.add("escape = '\"'");
        }
        parameters.add("ignore_errors = true");
        options.forEach((name, value) -> parameters.add(name + " = " + value));
        return parameters;
    }

    /** Rows the sniffer samples: {@code csv.sample_rows}, else DuckDB's default. */
    long sampleRows() {
        return options.containsKey("sample_size") ? Long.parseLong(options.get("sample_size")) : SNIFFER_SAMPLE;
    }

    char decimalSeparator() {
        return "','".equals(options.get("decimal_separator")) ? ',' : '.';
    }

    /** True when the user gave the format of {@code type} (DATE or TIMESTAMP): it is used as given. */
    boolean declaresFormat(String type) {
        return options.containsKey(type.equals("DATE") ? "dateformat" : "timestampformat");
    }
}
