package io.tributary.connectors.file;

import io.tributary.config.ConfigReader;
import io.tributary.engine.Columns;
import io.tributary.engine.Sql;
import io.tributary.spi.SourceException;
import io.tributary.spi.SourceState;
import io.tributary.spi.Staging;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CSV through DuckDB's {@code read_csv}: vectorised, parallel, with its dialect and type sniffer.
 * Bad rows (wrong field count, an unterminated quote, a value that does not convert to its
 * column's type, invalid text encoding) are kept by {@code store_rejects} and copied to the run's
 * rejected rows with the file's real line number, the raw line and DuckDB's reason.
 */
final class CsvFormat implements FileFormat {
    static final List<String> ENCODINGS = List.of("utf-8", "utf-16", "latin-1");

    /** What the sniffer falls back to a single column on: if that column's name holds one of these, it was a real delimiter. */
    private static final List<String> DELIMITERS = List.of(",", ";", "\t", "|");

    private final Map<String, String> options;
    private final String encoding;
    private final String quoteChar;
    private final boolean allText;
    /** The types of {@code csv.columns}: they always win over detected ones. */
    private final Map<String, String> declared;

    private CsvFormat(Map<String, String> options, String encoding, String quoteChar, boolean allText, Map<String, String> declared) {
        this.options = options;
        this.encoding = encoding;
        this.quoteChar = quoteChar;
        this.allText = allText;
        this.declared = declared;
    }

    /** Reads the {@code csv:} block; every key maps onto a {@code read_csv} parameter. */
    static CsvFormat configure(ConfigReader csv) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        if (csv == null) {
            return new CsvFormat(options, null, null, false, Map.of());
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
        boolean allText = Boolean.TRUE.equals(csv.bool("all_text", null));
        if (allText) {
            options.put("all_varchar", "true");
        }
        Long sample = csv.integer("sample_rows", null, 1, Long.MAX_VALUE);
        if (sample != null) {
            options.put("sample_size", sample.toString());
        }
        String quote = csv.string("quote", null);
        return new CsvFormat(options, encoding, quote, allText, types);
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

    /**
     * Decides over every file of the run what they must share: one day/month order per date column,
     * and the exact DECIMAL of each decimal column (see {@link CsvRun}).
     */
    @Override
    public RunReading prepare(List<RunFile> files, SourceState state, Staging staging) throws SQLException, SourceException {
        return allText ? this::stage : CsvRun.plan(this, files, state, staging);
    }

    @Override
    public Counts stage(Path file, String unit, String table, Staging staging) throws SQLException, SourceException {
        return stage(file, unit, table, staging, CsvReadPlan.NONE);
    }

    Counts stage(Path file, String unit, String table, Staging staging, CsvReadPlan plan) throws SQLException, SourceException {
        if ("utf-16".equals(encoding) && bigEndianBom(file)) {
            // DuckDB decodes UTF-16 as little-endian whatever the byte order mark says: a big-endian
            // file would load as one column of mojibake without a single reject.
            throw new SourceException(unit + " is UTF-16 big-endian (it starts with the byte order mark FE FF), which the CSV "
                    + "reader cannot decode. Save it as UTF-8 (or UTF-16 little-endian) and run again.");
        }
        // DuckDB takes these names unquoted, so they may hold only plain identifier characters
        // (the staging table's schema is the user's and may be called "My Schema").
        String base = table.replaceAll("[^A-Za-z0-9_]", "_");
        String rejects = base + "_rejects";
        String scans = base + "_scans";
        try {
            readPlanned(file, unit, table, rejects, scans, plan, staging);
            if (!options.containsKey("delim") && sniffGaveUp(staging, table)) {
                List<String> explicit = dialectIgnoringQuotes(file, rejects, scans, staging);
                if (explicit != null) {
                    dropAll(staging, table, rejects, scans);
                    staging.execute("CREATE TABLE " + table + " AS SELECT * FROM read_csv(" + String.join(", ", explicit) + ")", unit);
                }
            }
            long loaded = Sql.count(staging.connection(), table);
            long rejected = copyRejects(file, unit, rejects, staging);
            return new Counts(loaded, rejected);
        } finally {
            dropAll(staging, null, rejects, scans);
        }
    }

    private static boolean bigEndianBom(Path file) throws SourceException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && (start[0] & 0xFF) == 0xFE && (start[1] & 0xFF) == 0xFF;
        } catch (IOException e) {
            throw new SourceException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file into {@code table} as {@code plan} says. When a guarded decimal column meets a value its
     * sampled DECIMAL does not hold (more fraction digits, or text), the whole column is measured and
     * the file read again with the type it needs, so nothing is rounded and text rejects its row.
     */
    private void readPlanned(Path file, String unit, String table, String rejects, String scans, CsvReadPlan plan, Staging staging)
            throws SQLException {
        try {
            staging.execute("CREATE TABLE " + table + " AS SELECT " + plan.selectList(sampling().decimalSeparator()) + " FROM read_csv("
                    + String.join(", ", read(file, rejects, scans, plan)) + ")", unit);
        } catch (SQLException e) {
            if (!plan.guarded()) {
                throw e;
            }
            dropAll(staging, table, rejects, scans);
            CsvReadPlan measured = plan.measured(CsvNumbers.measure(staging.connection(), plan.decimals().keySet(),
                    sampling().read(file, plan.readerTypes(), -1), sampling().decimalSeparator()));
            staging.execute("CREATE TABLE " + table + " AS SELECT * FROM read_csv(" + String.join(", ", read(file, rejects, scans, measured)) + ")", unit);
        }
    }

    /** The {@code read_csv} parameters: the user's options over Tributary's defaults, with the run's plan laid over them. */
    private List<String> read(Path file, String rejects, String scans, CsvReadPlan plan) {
        List<String> parameters = new ArrayList<>();
        parameters.add(Sql.literal(file.toString()));
        parameters.addAll(rejectParameters(rejects, scans));
        // RFC 4180 quoting unless the user says otherwise. Left to the sniffer, a file whose first
        // 20,480 rows hold no quote is read with no quote character at all, and a later
        // "Smith, John" is rejected as a row with too many columns.
        if (!options.containsKey("quote")) {
            parameters.add("quote = '\"'");
        }
        if (!options.containsKey("escape")) {
            parameters.add("escape = '\"'");
        }
        plan.over(options, declared).forEach((name, value) -> parameters.add(name + " = " + value));
        return parameters;
    }

    /** How the run's planning reads samples of files with these options (see {@link CsvRun}). */
    CsvSampling sampling() {
        return new CsvSampling(options, declared);
    }

    private static List<String> rejectParameters(String rejects, String scans) {
        return List.of("store_rejects = true", "rejects_table = " + Sql.literal(rejects), "rejects_scan = " + Sql.literal(scans),
                // "" is an empty string, not a missing value; an unquoted empty field is NULL.
                "allow_quoted_nulls = false");
    }

    /**
     * True when DuckDB's sniffer gave up on the dialect: it then reads each whole line as one text
     * column (named after the whole header line) instead of failing. An unterminated quote does
     * this, since with the quote every later line belongs to one field and no delimiter gives a
     * consistent column count. Loading that would silently turn every row into one string.
     */
    private static boolean sniffGaveUp(Staging staging, String table) throws SQLException {
        Map<String, String> columns = Columns.of(staging.connection(), table);
        if (columns.size() != 1) {
            return false;
        }
        String only = columns.keySet().iterator().next();
        return DELIMITERS.stream().anyMatch(only::contains);
    }

    /**
     * The dialect, header and column types sniffed with quotes switched off (the sniffer then sees
     * the real delimiter despite a quote left open), turned into an explicit {@code read_csv} that
     * does honour quotes: the open quote becomes one rejected row ("unterminated quote") and every
     * row before it loads with its types. Null when that sniff finds no more than one column either.
     */
    private List<String> dialectIgnoringQuotes(Path file, String rejects, String scans, Staging staging) throws SQLException {
        List<String> sniff = new ArrayList<>();
        sniff.add(Sql.literal(file.toString()));
        sniff.add("quote = ''");
        sniff.add("escape = ''");
        sniff.add("ignore_errors = true");
        options.forEach((name, value) -> {
            if (!name.equals("quote") && !name.equals("escape")) {
                sniff.add(name + " = " + value);
            }
        });
        String delimiter;
        boolean header;
        long skip;
        String dateFormat;
        String timestampFormat;
        Map<String, String> columns = new LinkedHashMap<>();
        try (Statement statement = staging.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT Delimiter, HasHeader, SkipRows, DateFormat, TimestampFormat, "
                     + "unnest(Columns).name, unnest(Columns).type FROM sniff_csv(" + String.join(", ", sniff) + ")")) {
            if (!rs.next()) {
                return null;
            }
            delimiter = rs.getString(1);
            header = rs.getBoolean(2);
            skip = rs.getLong(3);
            dateFormat = rs.getString(4);
            timestampFormat = rs.getString(5);
            do {
                columns.put(unquote(rs.getString(6)), allText ? "VARCHAR" : rs.getString(7));
            } while (rs.next());
        }
        if (columns.size() < 2 || delimiter == null || delimiter.length() != 1) {
            return null;
        }
        List<String> parameters = new ArrayList<>();
        parameters.add(Sql.literal(file.toString()));
        parameters.addAll(rejectParameters(rejects, scans));
        parameters.add("auto_detect = false");
        parameters.add("delim = " + Sql.literal(delimiter));
        parameters.add("quote = " + options.getOrDefault("quote", "'\"'"));
        parameters.add("escape = " + options.getOrDefault("escape", "'\"'"));
        parameters.add("header = " + header);
        parameters.add("skip = " + skip);
        parameters.add("columns = {" + columns.entrySet().stream()
                .map(e -> Sql.literal(e.getKey()) + ": " + Sql.literal(e.getValue())).collect(Collectors.joining(", ")) + "}");
        if (dateFormat != null && !dateFormat.isEmpty() && !options.containsKey("dateformat")) {
            parameters.add("dateformat = " + Sql.literal(dateFormat));
        }
        if (timestampFormat != null && !timestampFormat.isEmpty() && !options.containsKey("timestampformat")) {
            parameters.add("timestampformat = " + Sql.literal(timestampFormat));
        }
        for (String name : List.of("encoding", "nullstr", "decimal_separator", "dateformat", "timestampformat")) {
            if (options.containsKey(name)) {
                parameters.add(name + " = " + options.get(name));
            }
        }
        return parameters;
    }

    /** A header name read with quotes off keeps its quotes: {@code "first name"} becomes {@code first name}. */
    private String unquote(String name) {
        String quote = quoteChar == null ? "\"" : quoteChar;
        if (name.length() >= 2 && name.startsWith(quote) && name.endsWith(quote)) {
            return name.substring(1, name.length() - 1).replace(quote + quote, quote);
        }
        return name;
    }

    /**
     * Copies DuckDB's rejects into the run's rejected rows, one row per bad CSV record, with the
     * file's real line number (see {@link LineLocator}) rather than DuckDB's record number.
     */
    private long copyRejects(Path file, String unit, String rejects, Staging staging) throws SQLException {
        long rows = 0;
        LineLocator lines = null;
        try (Statement statement = staging.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT CAST(line AS BIGINT), CAST(min(line_byte_position) AS BIGINT), "
                     + "string_agg(DISTINCT column_name, ', '), any_value(csv_line), "
                     + "string_agg(DISTINCT error_type || ': ' || error_message, '; ') FROM " + Sql.ident(rejects)
                     + " GROUP BY line ORDER BY min(line_byte_position), line")) {
            while (rs.next()) {
                long line = rs.getLong(1);
                long position = rs.getLong(2);
                if (rows == 0) {
                    lines = openLocator(file);
                }
                if (lines != null && position > 0) {
                    line = lines.lineOf(position);
                }
                staging.rejects().reject(unit, line, rs.getString(3), trimLineBreaks(rs.getString(4)), rs.getString(5));
                rows++;
            }
        } catch (IOException e) {
            throw new SQLException("cannot read " + file + " again to number its rejected lines: " + e.getMessage(), e);
        } finally {
            if (lines != null) {
                try {
                    lines.close();
                } catch (IOException e) {
                    // only read from; nothing to lose
                }
            }
        }
        return rows;
    }

    private LineLocator openLocator(Path file) throws IOException {
        return LineLocator.open(file, encoding);
    }

    /** DuckDB's raw line of a CRLF file starts with the LF of the line before; an unterminated quote's ends with one. */
    private static String trimLineBreaks(String raw) {
        if (raw == null) {
            return null;
        }
        int start = 0;
        int end = raw.length();
        while (start < end && (raw.charAt(start) == '\n' || raw.charAt(start) == '\r')) {
            start++;
        }
        while (end > start && (raw.charAt(end - 1) == '\n' || raw.charAt(end - 1) == '\r')) {
            end--;
        }
        return raw.substring(start, end);
    }

    private static void dropAll(Staging staging, String table, String rejects, String scans) throws SQLException {
        try (Statement statement = staging.connection().createStatement()) {
            if (table != null) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            statement.execute("DROP TABLE IF EXISTS " + Sql.ident(rejects));
            statement.execute("DROP TABLE IF EXISTS " + Sql.ident(scans));
        }
    }

}
