package io.tributary.connectors.file;

import io.tributary.config.ConfigReader;
import io.tributary.engine.Sql;
import io.tributary.spi.Staging;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CSV through DuckDB's {@code read_csv}: vectorised, parallel, with its dialect and type sniffer.
 * Bad rows (wrong field count, a value that does not convert to its column's type, invalid text
 * encoding) are kept by {@code store_rejects} and copied to the run's rejected rows with the line
 * number, the raw line and DuckDB's reason.
 */
final class CsvFormat implements FileFormat {
    static final List<String> ENCODINGS = List.of("utf-8", "utf-16", "latin-1");

    private final Map<String, String> options;

    private CsvFormat(Map<String, String> options) {
        this.options = options;
    }

    /** Reads the {@code csv:} block; every key maps onto a {@code read_csv} parameter. */
    static CsvFormat configure(ConfigReader csv) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        if (csv == null) {
            return new CsvFormat(options);
        }
        character(csv, "delimiter", "delim", options);
        character(csv, "quote", "quote", options);
        character(csv, "escape", "escape", options);
        Boolean header = csv.bool("header", null);
        if (header != null) {
            options.put("header", header.toString());
        }
        String encoding = csv.oneOf("encoding", null, ENCODINGS);
        if (encoding != null) {
            options.put("encoding", Sql.literal(encoding));
        }
        List<String> nulls = csv.stringOrList("null_values");
        if (!nulls.isEmpty()) {
            options.put("nullstr", "[" + Sql.literals(nulls) + "]");
        }
        String dateFormat = csv.string("date_format", null);
        if (dateFormat != null) {
            options.put("dateformat", Sql.literal(dateFormat));
        }
        String timestampFormat = csv.string("timestamp_format", null);
        if (timestampFormat != null) {
            options.put("timestampformat", Sql.literal(timestampFormat));
        }
        Long skip = csv.integer("skip_rows", null, 0, Integer.MAX_VALUE);
        if (skip != null) {
            options.put("skip", skip.toString());
        }
        String decimal = csv.string("decimal_separator", null);
        if (decimal != null) {
            if (!decimal.equals(".") && !decimal.equals(",")) {
                csv.problem("decimal_separator", "must be \".\" or \",\"", null);
            } else {
                options.put("decimal_separator", Sql.literal(decimal));
            }
        }
        Map<String, String> types = csv.stringMap("columns");
        if (!types.isEmpty()) {
            options.put("types", "{" + types.entrySet().stream()
                    .map(e -> Sql.literal(e.getKey()) + ": " + Sql.literal(e.getValue())).collect(Collectors.joining(", ")) + "}");
        }
        if (Boolean.TRUE.equals(csv.bool("all_text", null))) {
            options.put("all_varchar", "true");
        }
        Long sample = csv.integer("sample_rows", null, 1, Long.MAX_VALUE);
        if (sample != null) {
            options.put("sample_size", sample.toString());
        }
        return new CsvFormat(options);
    }

    private static void character(ConfigReader csv, String key, String parameter, Map<String, String> options) {
        String value = csv.string(key, null);
        if (value == null) {
            return;
        }
        String text = value.equals("\\t") || value.equalsIgnoreCase("tab") ? "\t" : value;
        if (text.length() > 4) {
            csv.problem(key, "'" + value + "' is too long for a " + key, "one character, e.g. \",\" or \";\" (\\t or tab for a tab)");
            return;
        }
        options.put(parameter, Sql.literal(text));
    }

    @Override
    public Counts stage(Path file, String unit, String table, Staging staging) throws SQLException {
        String rejects = table.replace("\"", "").replace('.', '_') + "_rejects";
        String scans = table.replace("\"", "").replace('.', '_') + "_scans";
        List<String> parameters = new ArrayList<>();
        parameters.add(Sql.literal(file.toString()));
        parameters.add("store_rejects = true");
        parameters.add("rejects_table = " + Sql.literal(rejects));
        parameters.add("rejects_scan = " + Sql.literal(scans));
        // "" is an empty string, not a missing value; an unquoted empty field is NULL.
        parameters.add("allow_quoted_nulls = false");
        options.forEach((name, value) -> parameters.add(name + " = " + value));
        staging.execute("CREATE TABLE " + table + " AS SELECT * FROM read_csv(" + String.join(", ", parameters) + ")", unit);
        long loaded = count(staging, "SELECT count(*) FROM " + table);
        long rejected = staging.rejects().rejectFromQuery("SELECT " + Sql.literal(unit) + " AS unit, CAST(line AS BIGINT) AS line, "
                + "string_agg(DISTINCT column_name, ', ') AS column_name, any_value(csv_line) AS raw, "
                + "string_agg(DISTINCT error_type || ': ' || error_message, '; ') AS reason FROM " + Sql.ident(rejects)
                + " GROUP BY line ORDER BY line");
        try (Statement statement = staging.connection().createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + Sql.ident(rejects));
            statement.execute("DROP TABLE IF EXISTS " + Sql.ident(scans));
        }
        return new Counts(loaded, rejected);
    }

    static long count(Staging staging, String sql) throws SQLException {
        try (Statement statement = staging.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
