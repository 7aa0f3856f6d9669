package io.tributary.connectors.file;

import io.tributary.sql.EngineMessages;
import io.tributary.sql.JsonSchema;
import io.tributary.config.ConfigReader;
import io.tributary.sql.Sql;
import io.tributary.spi.SourceException;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON through DuckDB's {@code read_json}: a top-level array of objects, or newline-delimited JSON
 * (one object per line), told apart by the first character in {@code auto} mode.
 *
 * <p>Options ({@code json:} block): {@code format} ({@code auto}, {@code array},
 * {@code newline_delimited}); {@code flatten} (default true: nested objects become columns named by
 * their path joined with {@code __}, {@code customer.address.city} → {@code customer__address__city};
 * lists stay list columns); {@code columns} (DuckDB types by column name as it appears in the table,
 * laid over the inferred ones; a name not in the sample adds that key); {@code sample_rows} (rows
 * DuckDB samples to infer types).
 *
 * <p>A clean file is read once, strictly: DuckDB infers the columns from a sample, and the staging
 * table is created straight from {@code read_json} with the flattening done by struct field access
 * in the select list, so no data is written twice. Meanwhile {@link JsonProfile} reads the file in a
 * thread of its own, so that nothing DuckDB does quietly passes: the columns become the sample's
 * refined by the whole file ({@link JsonRefinement#refined}: exact number types, keys outside the sample
 * added), and the read stands only when every value fits them exactly ({@link JsonTarget#exact},
 * finished by {@link JsonFastPath}). Otherwise:
 * <ul>
 *   <li>a malformed array file cannot be split into rows, so the file fails with the reason;</li>
 *   <li>any other file is rewritten by {@link JsonRewrite}, which rejects the records that cannot
 *       load exactly (bad lines, non-objects, duplicate keys, values that do not fit) with their
 *       line and reason, and writes the others one a line, with exact number literals, for DuckDB
 *       to read strictly; should DuckDB still refuse a value (a text that is not a date), the
 *       rewritten file goes through {@link JsonLines}, which rejects just those lines.</li>
 * </ul>
 * A file with no record holding a key loads nothing under {@code allow_empty}, and fails otherwise.
 */
final class JsonFormat implements FileFormat {
    private static final Logger LOG = LoggerFactory.getLogger(JsonFormat.class);
    static final List<String> FORMATS = List.of("auto", "array", "newline_delimited");

    private final String format;
    private final boolean flatten;
    private final Map<String, String> types;
    private final Long sampleRows;
    private final boolean allowEmpty;

    private JsonFormat(String format, boolean flatten, Map<String, String> types, Long sampleRows, boolean allowEmpty) {
        this.format = format;
        this.flatten = flatten;
        this.types = types;
        this.sampleRows = sampleRows;
        this.allowEmpty = allowEmpty;
    }

    /**
     * Reads the {@code json:} block (null when absent: every option at its default).
     *
     * @param allowEmpty the source's {@code allow_empty}: a file with no records then loads nothing instead of failing
     */
    static JsonFormat configure(ConfigReader json, boolean allowEmpty) {
        if (json == null) {
            return new JsonFormat("auto", true, Map.of(), null, allowEmpty);
        }
        String format = json.oneOf("format", "auto", FORMATS);
        boolean flatten = json.bool("flatten", true);
        Map<String, String> types = new LinkedHashMap<>(json.stringMap("columns"));
        Long sample = json.integer("sample_rows", null, 1, Long.MAX_VALUE);
        return new JsonFormat(format, flatten, types, sample, allowEmpty);
    }

    boolean flatten() {
        return flatten;
    }

    Map<String, String> types() {
        return types;
    }

    Long sampleRows() {
        return sampleRows;
    }

    @Override
    public Counts stage(Path file, String unit, TableRef ref, Staging staging) throws SQLException, SourceException {
        String table = ref.quoted();
        Connection connection = staging.connection();
        checkTypes(connection, types);
        boolean array = format.equals("array") || (format.equals("auto") && startsWithArray(file));
        // In auto mode a file that is not an array stays "auto" for DuckDB, which also reads pretty-printed objects.
        String readFormat = array ? "array" : format;
        try (JsonScan.Background scan = new JsonScan.Background(file, array)) {
            long started = System.nanoTime();
            JsonSchema sample = null;
            SQLException strict = null;
            try {
                sample = infer(connection, file, readFormat);
                createTable(staging, unit, table, sample, read(file, readFormat, sample, false), null);
            } catch (SQLException e) {
                strict = e;
                drop(connection, table);
            }
            long read = System.nanoTime();
            JsonProfile profile = scan.profile();
            LOG.debug("{}: read by DuckDB in {} ms ({}), profile ready {} ms later", unit, (read - started) / 1_000_000,
                    strict == null ? "strict read succeeded" : EngineMessages.reason(strict), (System.nanoTime() - read) / 1_000_000);
            if (profile.noFields() && profile.otherValues() == 0 && profile.syntaxError() == null) {
                drop(connection, table);
                return empty(unit, profile);
            }
            if (array && profile.syntaxError() != null) {
                throw arrayFailure(unit, strict != null ? EngineMessages.reason(strict) : profile.syntaxError(), strict);
            }
            if (readFormat.equals("auto") && profile.byLines() && profile.records() == 0) {
                throw new SourceException(unit + " is not valid JSON: " + (strict != null ? EngineMessages.reason(strict) : profile.syntaxError())
                        + ". (No line of it holds a JSON object on its own, so it is not newline-delimited JSON either.)", strict);
            }
            // A file of one record a line is rewritten line by line, so that a rejected record shows the line as it was.
            boolean byLines = !array && (profile.byLines() || !profile.multiLine());
            if (sample == null) {
                sample = sampleOfRewrite(staging, file, unit, array, byLines);
            }
            JsonSchema schema = JsonRefinement.refined(connection, sample, profile, declared(), flatten);
            if (strict == null && profile.syntaxError() == null && profile.otherValues() == 0
                    && JsonTarget.of(connection, schema.recordType()).exact(profile.root())) {
                long loaded = JsonFastPath.complete(this, staging, unit, table, file, readFormat, sample, schema, profile);
                if (loaded == profile.records()) {
                    return new Counts(loaded, 0);
                }
            }
            LOG.debug("{}: rewritten before loading (columns {})", unit, schema.columnsParameter());
            drop(connection, table);
            return loadRewritten(staging, file, unit, table, array, byLines, readFormat, schema, strict);
        }
    }

    /** The keys of {@code json.columns} as DuckDB compares column names. */
    private Set<String> declared() {
        return types.keySet().stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** A file with no record holding a key: nothing to make a column of. */
    private Counts empty(String unit, JsonProfile profile) throws SourceException {
        if (allowEmpty) {
            return Counts.NOTHING;
        }
        String what = profile.records() == 0 ? "no records" : profile.records() + " records, all empty objects ({})";
        throw new SourceException(unit + " holds " + what + ", so there is nothing to load. If empty exports are expected, set"
                + " source.allow_empty: true; otherwise check the export that produced it.");
    }

    /**
     * Loads the file through {@link JsonRewrite}: the records that cannot load exactly are rejected
     * there, the others are written one a line to a temporary file, which DuckDB reads strictly;
     * should that fail, {@link JsonLines} finds and rejects the lines at fault.
     */
    private Counts loadRewritten(Staging staging, Path file, String unit, String table, boolean array, boolean byLines, String readFormat,
                                 JsonSchema schema, SQLException original) throws SQLException, SourceException {
        Path rewritten = temporaryFile();
        try {
            long started = System.nanoTime();
            JsonRewrite.Result written;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(rewritten), 1 << 16)) {
                written = new JsonRewrite(staging.connection(), unit, array, schema, flatten, staging.rejects()).rewrite(file, byLines, out);
            } catch (IOException e) {
                throw new SourceException("cannot read " + unit + ": " + e.getMessage(), e);
            }
            LOG.debug("{}: rewritten in {} ms, {} records, {} rejected", unit, (System.nanoTime() - started) / 1_000_000, written.records(),
                    written.rejected());
            try {
                createTable(staging, unit, table, schema, read(rewritten, "newline_delimited", schema, false), null);
                long loaded = Sql.count(staging.connection(), table);
                if (loaded != written.records()) {
                    throw new SourceException(unit + " has " + written.records() + " records that load, but " + loaded + " rows were loaded."
                            + " This is a bug in Tributary's JSON reading: please report it with the file.");
                }
                return new Counts(loaded, written.rejected());
            } catch (SQLException strict) {
                LOG.debug("{}: the rewritten file needs checking line by line: {}", unit, EngineMessages.reason(strict));
                drop(staging.connection(), table);
                Counts counts = new JsonLines(this, rewritten, unit, readFormat, staging, written.lines())
                        .salvage(table, schema, strict, original != null ? original : strict);
                return new Counts(counts.loaded(), counts.rejected() + written.rejected());
            }
        } finally {
            deleteQuietly(rewritten);
        }
    }

    /**
     * The columns when DuckDB cannot infer them from the file itself (it refuses a byte-order mark,
     * a duplicate key or a bad line in its sample): inferred from the first records rewritten
     * without those, with the user's types laid over.
     */
    private JsonSchema sampleOfRewrite(Staging staging, Path file, String unit, boolean array, boolean byLines)
            throws SQLException, SourceException {
        Path sample = temporaryFile();
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(sample), 1 << 16)) {
                long limit = sampleRows != null ? sampleRows : JsonLines.DUCKDB_SAMPLE_ROWS;
                new JsonRewrite(staging.connection(), unit, array, JsonSchema.none(), flatten, null).sample(limit).rewrite(file, byLines, out);
            } catch (IOException e) {
                throw new SourceException("cannot read " + unit + ": " + e.getMessage(), e);
            }
            try {
                return infer(staging.connection(), sample, "newline_delimited");
            } catch (SQLException e) {
                return new JsonLines(this, sample, unit, "newline_delimited", staging, new JsonLineMap()).lenientSchema();
            }
        } finally {
            deleteQuietly(sample);
        }
    }

    private static Path temporaryFile() throws SourceException {
        try {
            return Files.createTempFile("tributary-json-", ".ndjson");
        } catch (IOException e) {
            throw new SourceException("cannot create a temporary file to read JSON: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover in the temporary folder is harmless.
        }
    }

    /** The columns of the file: DuckDB's inference from its sample, with the user's types laid over. */
    JsonSchema infer(Connection connection, Path file, String readFormat) throws SQLException {
        return JsonSchema.describe(connection, read(file, readFormat, null, false)).withTypes(connection, types, flatten);
    }

    /**
     * A {@code read_json} call. With a schema the columns are fixed (no second sampling, and the
     * select list matches); {@code lenient} turns a bad line into a row of NULLs instead of an error,
     * which {@link JsonLines} then removes by its position.
     */
    String read(Path file, String readFormat, JsonSchema schema, boolean lenient) {
        List<String> parameters = new ArrayList<>();
        parameters.add(Sql.literal(file.toString()));
        parameters.add("format = " + Sql.literal(readFormat));
        // Every row must be an object: 'auto' would turn a file with one stray scalar into a single JSON column.
        parameters.add("records = 'true'");
        if (schema != null) {
            parameters.add("columns = " + schema.columnsParameter());
        } else if (sampleRows != null) {
            parameters.add("sample_size = " + sampleRows);
        }
        if (lenient) {
            parameters.add("ignore_errors = true");
        }
        return "read_json(" + String.join(", ", parameters) + ")";
    }

    /**
     * {@code CREATE TABLE table AS SELECT <flattened columns> FROM relation}; {@code where} filters
     * rows of {@code relation} (null for none). The relation's columns keep their names in the select list.
     */
    void createTable(Staging staging, String unit, String table, JsonSchema schema, String relation, String where) throws SQLException {
        String select = schema.outputs(flatten).stream()
                .map(o -> o.expression() + " AS " + Sql.ident(o.name()))
                .collect(Collectors.joining(", "));
        staging.execute("CREATE TABLE " + table + " AS SELECT " + select + " FROM " + relation + (where == null ? "" : " WHERE " + where), unit);
    }

    private static SourceException arrayFailure(String unit, String reason, SQLException e) {
        if (e == null || reason.startsWith("Malformed JSON") || reason.contains("Expected top-level JSON array")) {
            return new SourceException(unit + " is not valid JSON: " + reason + ". A JSON array cannot be split into rows when it is"
                    + " malformed, so nothing was loaded from it: fix the file, or export it as newline-delimited JSON (one object"
                    + " per line), where only the bad lines are rejected.", e);
        }
        return new SourceException("cannot load " + unit + ": " + reason + ". " + typeAdvice(), e);
    }

    static String typeAdvice() {
        return "When a value does not fit the type DuckDB inferred from the first rows, name a wider type in json.columns"
                + " (e.g. VARCHAR) or raise json.sample_rows; each row must be a JSON object.";
    }

    static void drop(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    /** True when the first character after any byte-order mark and white space is {@code [}. */
    static boolean startsWithArray(Path file) throws SourceException {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                     ? new GZIPInputStream(raw) : new BufferedInputStream(raw)) {
            int c = in.read();
            if (c == 0xEF && in.read() == 0xBB && in.read() == 0xBF) {
                c = in.read();
            }
            while (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                c = in.read();
            }
            return c == '[';
        } catch (IOException e) {
            throw new SourceException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Checks each user type before any file is read, so a typo is reported as such. */
    private static void checkTypes(Connection connection, Map<String, String> types) throws SourceException {
        for (Map.Entry<String, String> entry : types.entrySet()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT CAST(NULL AS " + entry.getValue() + ")");
            } catch (SQLException e) {
                throw new SourceException("json.columns gives " + entry.getKey() + " the type '" + entry.getValue()
                        + "', which DuckDB does not know: " + EngineMessages.reason(e)
                        + ". Use a DuckDB type such as VARCHAR, BIGINT, DOUBLE, BOOLEAN, DATE, TIMESTAMP or JSON.");
            }
        }
    }
}
