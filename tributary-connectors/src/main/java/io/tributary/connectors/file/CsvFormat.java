package io.tributary.connectors.file;

import io.tributary.config.ConfigReader;
import io.tributary.sql.Columns;
import io.tributary.sql.Sql;
import io.tributary.spi.SourceException;
import io.tributary.spi.SourceState;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
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
    /** The types of {@code csv.columns}: they always win over detected ones. */
    private final Map<String, String> declared;
    /** What the run decided for this file (types, date formats, guarded decimals), laid over {@code options}. */
    private final CsvReadPlan plan;

    private CsvFormat(Map<String, String> options, String encoding, String quoteChar, boolean allText, CsvLines.Layout layout,
                      List<String> nullValues, Map<String, String> declared, CsvReadPlan plan) {
        this.options = options;
        this.encoding = encoding;
        this.quoteChar = quoteChar;
        this.allText = allText;
        this.layout = layout;
        this.nullValues = nullValues;
        this.declared = declared;
        this.plan = plan;
    }

    /** Reads the {@code csv:} block; every key maps onto a {@code read_csv} parameter. */
    static CsvFormat configure(ConfigReader csv) {
        Map<String, String> options = new java.util.LinkedHashMap<>();
        if (csv == null) {
            return new CsvFormat(options, null, null, false, RFC_4180, null, Map.of(), CsvReadPlan.NONE);
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
        Long maxLineSize = csv.integer("max_line_size", null, 1_000, CsvDialect.LONGEST_LINE);
        if (maxLineSize != null) {
            options.put("max_line_size", maxLineSize.toString());
        }
        String quote = csv.string("quote", null);
        CsvLines.Layout layout = new CsvLines.Layout(quoteText == null ? '"' : quoteText.isEmpty() ? -1 : quoteText.charAt(0),
                escapeText == null || escapeText.isEmpty() ? '"' : escapeText.charAt(0),
                delimiterText != null && delimiterText.length() == 1 ? delimiterText.charAt(0) : -1, encoding, skip == null ? 0 : skip);
        return new CsvFormat(options, encoding, quote, allText, layout, csv.has("null_values") ? nulls : null, types, CsvReadPlan.NONE);
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

    /**
     * Decides over every file of the run what they must share: one day/month order per date column,
     * and the exact DECIMAL of each decimal column (see {@link CsvRun}).
     */
    @Override
    public RunReading prepare(List<RunFile> files, SourceState state, Staging staging) throws SQLException, SourceException {
        return allText ? this::stage : CsvRun.plan(this, files, state, staging);
    }

    @Override
    public Counts stage(Path file, String unit, TableRef table, Staging staging) throws SQLException, SourceException {
        return stage(file, unit, table.quoted(), staging, CsvReadPlan.NONE);
    }

    /** As {@link #stage(Path, String, TableRef, Staging)}, reading the file as the run's {@code plan} says. */
    Counts stage(Path file, String unit, String table, Staging staging, CsvReadPlan plan) throws SQLException, SourceException {
        if (plan != this.plan) {
            return new CsvFormat(options, encoding, quoteChar, allText, layout, nullValues, declared, plan).stage(file, unit, table, staging, plan);
        }
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
            try (OpenQuotes openQuotes = new OpenQuotes(read.source(), encoding)) {
            // A quote left open costs its own line only: see OpenQuotes.
            for (int pass = 1; openQuotes.leaveOutNew(staging.connection(), rejects); pass++) {
                if (pass > OpenQuotes.MOST_PASSES) {
                    throw new SourceException(openQuotes.tooMany(unit));
                }
                dropAll(staging, table, rejects, scans);
                utf8Copy().readInto(openQuotes.source(), table, rejects, scans, staging, unit);
            }
            List<String> warnings = new ArrayList<>();
            long skippedBlank = read.skippedBlank();
            if (openQuotes.leftOut().isEmpty()) {
                read.nameRepeatedHeaderColumns().ifPresent(warnings::add);
                read.skipBlankLinesOfOneColumn(skippedBlank);
            }
            long loaded = Sql.count(staging.connection(), table);
            long rejected = new CsvRejects(openQuotes).copy(unit, rejects, staging);
            return new Counts(loaded, rejected, skippedBlank, warnings);
            }
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
            readPlanned(source, unit, table, rejects, scans, staging);
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

    /**
     * The file into {@code table} as the plan says. When a guarded decimal column meets a value its
     * sampled DECIMAL does not hold (more fraction digits, or text), the whole column is measured and
     * the file read again with the type it needs, so nothing is rounded and text rejects its row.
     */
    private void readPlanned(Path source, String unit, String table, String rejects, String scans, Staging staging) throws SQLException {
        try {
            staging.execute("CREATE TABLE " + table + " AS SELECT " + plan.selectList(sampling().decimalSeparator()) + " FROM read_csv("
                    + String.join(", ", read(source, rejects, scans, plan)) + ")", unit);
        } catch (SQLException e) {
            if (!plan.guarded()) {
                throw e;
            }
            dropAll(staging, table, rejects, scans);
            CsvReadPlan measured = plan.measured(CsvNumbers.measure(staging.connection(), plan.decimals().keySet(),
                    sampling().read(source, plan.readerTypes(), -1), sampling().decimalSeparator()));
            staging.execute("CREATE TABLE " + table + " AS SELECT * FROM read_csv(" + String.join(", ", read(source, rejects, scans, measured))
                    + ")", unit);
        }
    }

    /** How the run's planning reads samples of files with these options (see {@link CsvRun}). */
    CsvSampling sampling() {
        return new CsvSampling(options, declared);
    }

    /** This format for a {@link CleanCopy}, which is UTF-8 whatever the file's encoding. */
    private CsvFormat utf8Copy() {
        Map<String, String> utf8 = new LinkedHashMap<>(options);
        utf8.remove("encoding");
        return new CsvFormat(utf8, null, quoteChar, allText, layout, nullValues, declared, plan);
    }

    private static boolean bigEndianBom(Path file) throws SourceException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(2);
            return start.length == 2 && (start[0] & 0xFF) == 0xFE && (start[1] & 0xFF) == 0xFF;
        } catch (IOException e) {
            throw new SourceException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The {@code read_csv} parameters: the user's options over Tributary's defaults, with {@code plan} laid over them. */
    private List<String> read(Path file, String rejects, String scans, CsvReadPlan plan) {
        List<String> parameters = new ArrayList<>(parameters(file, plan.over(options, declared)));
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
        return new CsvFormat(settings, encoding, quoteChar, allText, layout, nullValues, declared, plan);
    }

    /** Creates {@code table} from {@code source}. */
    void createTable(Path source, String table, String rejects, String scans, Staging staging, String unit)
            throws SQLException, SourceException {
        readInto(source, table, rejects, scans, staging, unit);
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
