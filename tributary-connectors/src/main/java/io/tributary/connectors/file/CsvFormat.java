package io.tributary.connectors.file;

import io.tributary.config.ConfigReader;
import io.tributary.engine.Columns;
import io.tributary.engine.Sql;
import io.tributary.spi.SourceException;
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

    /**
     * {@code nullstr} for {@code null_values: []}: DuckDB wants at least one null text, and a line
     * break can only stand inside a quoted field, which is never NULL ({@code allow_quoted_nulls = false}).
     */
    static final String NO_NULLS = "[" + Sql.literal("\n") + "]";

    private static final CsvLines.Layout RFC_4180 = new CsvLines.Layout('"', '"', -1, null, 0);

    private final Map<String, String> options;
    private final String encoding;
    private final String quoteChar;
    private final boolean allText;
    /** What Java's passes over the file need to know of the dialect (line endings, blank lines). */
    private final CsvLines.Layout layout;
    /** The user's {@code null_values}, or null for DuckDB's default (the empty field). */
    private final List<String> nullValues;

    private CsvFormat(Map<String, String> options, String encoding, String quoteChar, boolean allText, CsvLines.Layout layout,
                      List<String> nullValues) {
        this.options = options;
        this.encoding = encoding;
        this.quoteChar = quoteChar;
        this.allText = allText;
        this.layout = layout;
        this.nullValues = nullValues;
    }

    /** Reads the {@code csv:} block; every key maps onto a {@code read_csv} parameter. */
    static CsvFormat configure(ConfigReader csv) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        if (csv == null) {
            return new CsvFormat(options, null, null, false, RFC_4180, null);
        }
        String delimiterText = character(csv, "delimiter", "delim", options);
        String quoteText = character(csv, "quote", "quote", options);
        String escapeText = character(csv, "escape", "escape", options);
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
        } else if (csv.has("null_values")) {
            options.put("nullstr", NO_NULLS);
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
        CsvLines.Layout layout = new CsvLines.Layout(quoteText == null ? '"' : quoteText.isEmpty() ? -1 : quoteText.charAt(0),
                escapeText == null || escapeText.isEmpty() ? '"' : escapeText.charAt(0),
                delimiterText != null && delimiterText.length() == 1 ? delimiterText.charAt(0) : -1, encoding, skip == null ? 0 : skip);
        return new CsvFormat(options, encoding, quote, allText, layout, csv.has("null_values") ? nulls : null);
    }

    /** Puts the {@code read_csv} parameter for a one-character option and returns its text, or null when unset or invalid. */
    private static String character(ConfigReader csv, String key, String parameter, Map<String, String> options) {
        String value = csv.string(key, null);
        if (value == null) {
            return null;
        }
        String text = value.equals("\\t") || value.equalsIgnoreCase("tab") ? "\t" : value;
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            csv.problem(key, "a line break cannot be the " + key + ": it always ends a record",
                    "one character, e.g. \",\" or \";\" (\\t or tab for a tab)");
            return null;
        }
        if (text.length() > 4) {
            csv.problem(key, "'" + value + "' is too long for a " + key, "one character, e.g. \",\" or \";\" (\\t or tab for a tab)");
            return null;
        }
        options.put(parameter, Sql.literal(text));
        return text;
    }

    @Override
    public long blankLinesOnly(Path file) throws SourceException {
        try {
            return CsvLines.blankLinesOnly(file, layout);
        } catch (IOException e) {
            throw new SourceException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Counts stage(Path file, String unit, String table, Staging staging) throws SQLException, SourceException {
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
        try (CsvFileRead read = CsvFileRead.start(this, file, unit, table, rejects, scans, staging)) {
            read.create();
            boolean explicitDialect = false;
            if (!options.containsKey("delim") && sniffGaveUp(staging, table)) {
                List<String> explicit = dialectIgnoringQuotes(read.source(), rejects, scans, staging);
                if (explicit != null) {
                    dropAll(staging, table, rejects, scans);
                    staging.execute("CREATE TABLE " + table + " AS SELECT * FROM read_csv(" + String.join(", ", explicit) + ")", unit);
                    explicitDialect = true;
                }
            }
            List<String> warnings = new ArrayList<>();
            long skippedBlank = read.skippedBlank();
            if (!explicitDialect) {
                read.nameRepeatedHeaderColumns().ifPresent(warnings::add);
                read.skipBlankLinesOfOneColumn(skippedBlank);
            }
            long loaded = Sql.count(staging.connection(), table);
            long rejected = copyRejects(read.source(), unit, rejects, staging);
            return new Counts(loaded, rejected, skippedBlank, warnings);
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

    /** The {@code read_csv} parameters: the user's options over Tributary's defaults. */
    private List<String> read(Path file, String rejects, String scans) {
        List<String> parameters = new ArrayList<>(parameters(file, options));
        parameters.addAll(1, rejectParameters(rejects, scans));
        return parameters;
    }

    /** The {@code read_csv} parameters without rejects: {@code settings} over Tributary's defaults. */
    private static List<String> parameters(Path file, Map<String, String> settings) {
        List<String> parameters = new ArrayList<>();
        parameters.add(Sql.literal(file.toString()));
        // RFC 4180 quoting unless the user says otherwise. Left to the sniffer, a file whose first
        // 20,480 rows hold no quote is read with no quote character at all, and a later
        // "Smith, John" is rejected as a row with too many columns.
        if (!settings.containsKey("quote")) {
            parameters.add("quote = '\"'");
        }
        if (!settings.containsKey("escape")) {
            parameters.add("escape = '\"'");
        }
        settings.forEach((name, value) -> parameters.add(name + " = " + value));
        return parameters;
    }

    /** This format with {@code read_csv} parameters added over the user's options, for one file (see {@link CsvFileRead}). */
    CsvFormat with(Map<String, String> added) {
        Map<String, String> settings = new LinkedHashMap<>(options);
        settings.putAll(added);
        return new CsvFormat(settings, encoding, quoteChar, allText, layout, nullValues);
    }

    /** Creates {@code table} from {@code source}. */
    void createTable(Path source, String table, String rejects, String scans, Staging staging, String unit)
            throws SQLException, SourceException {
        staging.execute("CREATE TABLE " + table + " AS SELECT * FROM read_csv(" + String.join(", ", read(source, rejects, scans)) + ")", unit);
    }

    /** A query of the header row as the file writes it: every field as text, none NULL. */
    String firstRow(Path source) {
        Map<String, String> settings = new LinkedHashMap<>(options);
        settings.remove("types");
        settings.remove("names");
        settings.put("header", "false");
        settings.put("all_varchar", "true");
        settings.put("nullstr", NO_NULLS);
        return "SELECT * FROM read_csv(" + String.join(", ", parameters(source, settings)) + ") LIMIT 1";
    }

    CsvLines.Layout layout() {
        return layout;
    }

    /** The user's {@code null_values}, or null for the default (the empty field). */
    List<String> nullValues() {
        return nullValues;
    }

    boolean headerDeclaredAbsent() {
        return "false".equals(options.get("header"));
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
        RawLines original = RawLines.of(file, encoding);
        try (Statement statement = staging.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT CAST(line AS BIGINT), CAST(min(line_byte_position) AS BIGINT), "
                     + "string_agg(DISTINCT column_name, ', '), any_value(csv_line), "
                     + "string_agg(DISTINCT error_type || ': ' || error_message, '; '), bool_or(error_type = 'INVALID ENCODING') FROM "
                     + Sql.ident(rejects)
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
                RawLines.Text text = original.text(trimLineBreaks(rs.getString(4)), rs.getString(5), position, rs.getBoolean(6));
                staging.rejects().reject(unit, line, rs.getString(3), text.raw(), text.reason());
                rows++;
            }
        } catch (IOException e) {
            throw new SQLException("cannot read " + file + " again to number its rejected lines: " + e.getMessage(), e);
        } finally {
            original.close();
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

    static void dropAll(Staging staging, String table, String rejects, String scans) throws SQLException {
        try (Statement statement = staging.connection().createStatement()) {
            if (table != null) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
            statement.execute("DROP TABLE IF EXISTS " + Sql.ident(rejects));
            statement.execute("DROP TABLE IF EXISTS " + Sql.ident(scans));
        }
    }

}
