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
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CSV through DuckDB's {@code read_csv}: vectorised, parallel, with its dialect and type sniffer.
 * Bad rows (wrong field count, a value that does not convert to its column's type, invalid text
 * encoding, a line longer than {@code max_line_size}) are kept by {@code store_rejects} and copied
 * to the run's rejected rows with the file's real line number, the raw line and DuckDB's reason
 * ({@link CsvRejects}). A quote left open would swallow the lines after it: {@link OpenQuotes}
 * makes it cost its own line only. Where the sniffer cannot take a file, {@link CsvDialect} reads
 * it with an explicit dialect. A clean file is read once, as by DuckDB alone.
 */
final class CsvFormat implements FileFormat {
    static final List<String> ENCODINGS = List.of("utf-8", "utf-16", "latin-1");

    /** What the sniffer falls back to a single column on: if that column's name holds one of these, it was a real delimiter. */
    private static final List<String> DELIMITERS = List.of(",", ";", "\t", "|");

    private final Map<String, String> options;
    private final String encoding;
    private final String quoteChar;
    private final boolean allText;

    private CsvFormat(Map<String, String> options, String encoding, String quoteChar, boolean allText) {
        this.options = options;
        this.encoding = encoding;
        this.quoteChar = quoteChar;
        this.allText = allText;
    }

    /** Reads the {@code csv:} block; every key maps onto a {@code read_csv} parameter. */
    static CsvFormat configure(ConfigReader csv) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        if (csv == null) {
            return new CsvFormat(options, null, null, false);
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
        Long maxLineSize = csv.integer("max_line_size", null, 1_000, CsvDialect.LONGEST_LINE);
        if (maxLineSize != null) {
            options.put("max_line_size", maxLineSize.toString());
        }
        String quote = csv.string("quote", null);
        return new CsvFormat(options, encoding, quote, allText);
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
        try (OpenQuotes openQuotes = new OpenQuotes(file, encoding)) {
            readInto(file, table, rejects, scans, staging, unit);
            // A quote left open costs its own line only: see OpenQuotes.
            for (int pass = 1; openQuotes.leaveOutNew(staging.connection(), rejects); pass++) {
                if (pass > OpenQuotes.MOST_PASSES) {
                    throw new SourceException(openQuotes.tooMany(unit));
                }
                dropAll(staging, table, rejects, scans);
                utf8Copy().readInto(openQuotes.source(), table, rejects, scans, staging, unit);
            }
            long loaded = Sql.count(staging.connection(), table);
            long rejected = new CsvRejects(openQuotes).copy(unit, rejects, staging);
            return new Counts(loaded, rejected);
        } catch (IOException e) {
            throw new SourceException("cannot read " + unit + ": " + e.getMessage(), e);
        } finally {
            dropAll(staging, null, rejects, scans);
        }
    }

    /**
     * Creates {@code table} from {@code source} with DuckDB's sniffer and reader or, where the
     * sniffer cannot take the file (a quote left open, a long line among the rows it samples), with
     * an explicit dialect (see {@link CsvDialect}).
     */
    private void readInto(Path source, String table, String rejects, String scans, Staging staging, String unit)
            throws SQLException, SourceException {
        CsvDialect dialect = new CsvDialect(unit, options, quoteChar, allText);
        List<String> explicit = null;
        try {
            staging.execute("CREATE TABLE " + table + " AS SELECT * FROM read_csv(" + String.join(", ", read(source, rejects, scans)) + ")", unit);
        } catch (SQLException e) {
            explicit = CsvDialect.lineTooLong(e) ? dialect.pastLongLines(source, e, rejectParameters(rejects, scans), staging.connection())
                    : CsvDialect.sniffFailed(e) ? dialect.ignoringQuotes(source, rejectParameters(rejects, scans), staging.connection())
                    : null;
            if (explicit == null) {
                throw e;
            }
        }
        if (explicit == null) {
            if (options.containsKey("delim") || !sniffGaveUp(staging, table)) {
                return;
            }
            explicit = dialect.ignoringQuotes(source, rejectParameters(rejects, scans), staging.connection());
            if (explicit == null) {
                return;
            }
        }
        dropAll(staging, table, rejects, scans);
        staging.execute("CREATE TABLE " + table + " AS SELECT * FROM read_csv(" + String.join(", ", explicit) + ")", unit);
    }

    /** This format for a {@link CleanCopy}, which is UTF-8 whatever the file's encoding. */
    private CsvFormat utf8Copy() {
        Map<String, String> utf8 = new LinkedHashMap<>(options);
        utf8.remove("encoding");
        return new CsvFormat(utf8, null, quoteChar, allText);
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
        options.forEach((name, value) -> parameters.add(name + " = " + value));
        return parameters;
    }

    private static List<String> rejectParameters(String rejects, String scans) {
        return List.of("store_rejects = true", "rejects_table = " + Sql.literal(rejects), "rejects_scan = " + Sql.literal(scans),
                // "" is an empty string, not a missing value; an unquoted empty field is NULL.
                "allow_quoted_nulls = false");
    }

    /**
     * True when DuckDB's sniffer may have given up on the dialect: it then reads each whole line as
     * one text column (named after the whole header line, or {@code column0} without a header)
     * instead of failing. A quote left open does this, since with the quote every later line belongs
     * to one field and no delimiter gives a consistent column count, and so does a quoted value
     * followed by more text ({@code "b"c}). Loading that would silently turn every row into one string.
     */
    private static boolean sniffGaveUp(Staging staging, String table) throws SQLException {
        Map<String, String> columns = Columns.of(staging.connection(), table);
        if (columns.size() != 1) {
            return false;
        }
        String only = columns.keySet().iterator().next();
        return only.equals("column0") || DELIMITERS.stream().anyMatch(only::contains);
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
