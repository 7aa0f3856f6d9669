package io.tributary.connectors.file;

import io.tributary.sql.ColumnNames;
import io.tributary.sql.EngineMessages;
import io.tributary.sql.JsonSchema;
import io.tributary.sql.Sql;
import io.tributary.spi.SourceException;
import io.tributary.spi.Staging;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Loads a newline-delimited JSON file that DuckDB's strict {@code read_json} refused: every line
 * that is not a JSON object, or holds a value that does not convert to its column's type (a
 * "misfit", found by {@link JsonMisfits}), is rejected (line number, column, text, reason) and the
 * other lines are loaded.
 *
 * <p>Why it works this way (DuckDB 2.0): {@code read_json(ignore_errors = true)} does not skip a bad
 * line, it yields a row of NULLs in its place, indistinguishable from {@code {}}; it also turns a
 * value it cannot convert into NULL. So the file is also read as lines ({@code read_csv} with one
 * VARCHAR column, no quote, no escape, NUL as delimiter), the lines are numbered
 * ({@code WITH ORDINALITY}) and checked with {@code json_valid} and, once the columns are known,
 * value by value against their types; the few blank, bad and misfit lines are kept in a temporary
 * table. Blank lines are not rows for {@code read_json}, so a bad line's
 * position among its rows is its line number minus the blank lines before it, and the load skips
 * exactly those positions. Afterwards the counts are checked: non-blank lines = loaded + rejected,
 * and each value's non-null count in the table equals that in the raw lines that were not
 * rejected (else a value was nulled by a conversion the misfit checks let through, and the file
 * fails rather than lose it).
 *
 * <p>Line numbers are exact for files with {@code \n} or {@code \r\n} line ends; in a file mixing
 * both, DuckDB's CSV reader counts {@code \r\n} as two line ends after the first mismatch, so reported
 * numbers drift (the loaded rows do not, as the extra lines are blank).
 */
final class JsonLines {
    /** Lines longer than this fail the file; DuckDB's default of 2 MB is too small for real documents. */
    static final long MAX_LINE_BYTES = 256L << 20;
    /** Parse errors are looked up one by one for this many bad lines; later ones get a generic reason. */
    static final int DETAILED_REASONS = 1000;
    private static final int PAGE = 1000;
    private static final String RECORD = "_tributary_record";
    /** read_json's default sample_size. */
    static final long DUCKDB_SAMPLE_ROWS = 20_480;

    private final JsonFormat format;
    private final Path file;
    private final String unit;
    private final String readFormat;
    private final Staging staging;
    private final Connection connection;
    private final JsonLineMap lineMap;

    /**
     * @param file    the file to read by lines: the user's, or {@link JsonRewrite}'s rewrite of it
     * @param lineMap the user's file's line for each line of {@code file}
     */
    JsonLines(JsonFormat format, Path file, String unit, String readFormat, Staging staging, JsonLineMap lineMap) {
        this.format = format;
        this.file = file;
        this.unit = unit;
        this.readFormat = readFormat;
        this.staging = staging;
        this.connection = staging.connection();
        this.lineMap = lineMap;
    }

    /**
     * @param schema   the columns
     * @param strict   why the strict read of {@code file} failed, reported when no line is at fault
     * @param original why the strict read of the user's file failed, reported when no line holds an object
     */
    FileFormat.Counts salvage(String table, JsonSchema schema, SQLException strict, SQLException original) throws SQLException, SourceException {
        String odd = Sql.ident(table.replaceAll("[^A-Za-z0-9_]", "_") + "_json_lines");
        try {
            // With the columns known, one pass finds both the bad lines and the misfits.
            scanOddLines(odd, JsonMisfits.of(connection, schema, format.flatten()), true);
            long bad = Sql.count(staging.connection(), odd + " WHERE kind <> 'blank'");
            if (bad == 0) {
                throw new SourceException("cannot load " + unit + ": " + EngineMessages.reason(strict) + ". " + JsonFormat.typeAdvice(), strict);
            }
            if (readFormat.equals("auto") && single("SELECT line FROM (SELECT line, " + kind() + " AS kind FROM " + lines()
                    + ") WHERE kind = 'ok' LIMIT 1") == null) {
                throw new SourceException(unit + " is not valid JSON: " + EngineMessages.reason(original)
                        + ". (No line of it holds a JSON object on its own, so it is not newline-delimited JSON either.)", original);
            }
            long rejected = reject(odd);
            // WITH ORDINALITY adds a column named "ordinality", which could also be a key: the alias list names it apart from all keys.
            List<String> names = new ArrayList<>(schema.topLevelNames());
            String position = ColumnNames.unique(RECORD, names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()));
            names.add(position);
            String relation = format.read(file, "newline_delimited", schema, true) + " WITH ORDINALITY AS r(" + Sql.idents(names) + ")";
            format.createTable(staging, unit, table, schema, relation,
                    Sql.ident(position) + " NOT IN (SELECT record_no FROM " + odd + " WHERE kind <> 'blank')");
            long loaded = Sql.count(staging.connection(), table);
            verify(table, odd, schema, loaded, rejected);
            return new FileFormat.Counts(loaded, rejected);
        } finally {
            JsonFormat.drop(connection, odd);
        }
    }

    /** The file as numbered lines. */
    private String lines() {
        return "read_csv(" + Sql.literal(file.toString()) + ", columns = {'line': 'VARCHAR'}, header = false, auto_detect = false,"
                + " delim = chr(0), quote = '', escape = '', strict_mode = false, max_line_size = " + MAX_LINE_BYTES + ")";
    }

    /** blank, ok, invalid, or DuckDB's JSON type name for a valid line that is not an object. */
    private static String kind() {
        return "CASE WHEN line IS NULL OR trim(line, ' ' || chr(9) || chr(13)) = '' THEN 'blank'"
                + " WHEN NOT json_valid(line) THEN 'invalid' WHEN json_type(line) <> 'OBJECT' THEN json_type(line) ELSE 'ok' END";
    }

    /**
     * Keeps the blank, bad and misfit lines in {@code odd} ({@code create}), or adds the misfits
     * found with columns inferred only now (not {@code create}). A misfit is an object line with a
     * value that does not fit its column ({@link JsonMisfits}); its column and reason are worked out
     * here too, after the filter, so only for those few lines.
     */
    private void scanOddLines(String odd, JsonMisfits misfits, boolean create) throws SQLException, SourceException {
        boolean check = misfits != null && !misfits.isEmpty();
        String lineKind = check ? "CASE WHEN kind = 'ok' AND " + misfits.condition("v") + " THEN 'misfit' ELSE kind END" : "kind";
        String values = check ? "CASE WHEN kind = 'ok' THEN " + misfits.values("line") + " END" : "NULL";
        String select = "SELECT line_no, kind, CASE WHEN kind = 'blank' THEN NULL ELSE line END AS raw,"
                + " line_no - sum(CASE WHEN kind = 'blank' THEN 1 ELSE 0 END) OVER (ORDER BY line_no ROWS BETWEEN UNBOUNDED PRECEDING"
                + " AND CURRENT ROW) AS record_no, " + (check ? "CASE WHEN kind = 'misfit' THEN " + misfits.result("line") + " END"
                : "CAST(NULL AS " + JsonMisfits.RESULT_TYPE + ")") + " AS misfit"
                + " FROM (SELECT line_no, line, " + lineKind + " AS kind FROM (SELECT line_no, line, kind, " + values + " AS v FROM"
                + " (SELECT ordinality AS line_no, line, " + kind() + " AS kind FROM " + lines() + " WITH ORDINALITY)))";
        if (!create && !check) {
            return;
        }
        try {
            // WHERE comes before the window, which must see every blank line: only then are the misfits picked out.
            staging.execute(create ? "CREATE TEMP TABLE " + odd + " AS " + select + " WHERE kind <> 'ok'"
                    : "INSERT INTO " + odd + " SELECT * FROM (" + select + " WHERE kind <> 'ok') WHERE kind = 'misfit'", unit);
        } catch (SQLException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            Matcher at = Pattern.compile("CSV Error on Line: (\\d+)").matcher(message);
            String line = at.find() ? at.group(1) : "?";
            if (message.contains("Invalid unicode")) {
                throw notUtf8(unit, line, e);
            }
            if (message.contains("Maximum line size")) {
                throw new SourceException("line " + line + " of " + unit + " is longer than " + (MAX_LINE_BYTES >> 20)
                        + " MB, more than Tributary reads as one JSON line.", e);
            }
            throw e;
        }
    }

    /**
     * Infers the columns while ignoring unparseable lines. When the sample also holds JSON values that
     * are not objects, {@code read_json} cannot infer from it at all; the columns then come from the
     * structure of the object lines ({@code json_group_structure}), with simpler types (no dates).
     */
    JsonSchema lenientSchema() throws SQLException, SourceException {
        try {
            return JsonSchema.describe(connection, format.read(file, "newline_delimited", null, true))
                    .withTypes(connection, format.types(), format.flatten());
        } catch (SQLException e) {
            long sample = format.sampleRows() != null ? format.sampleRows() : DUCKDB_SAMPLE_ROWS;
            String structure = single("SELECT json_group_structure(CAST(line AS JSON)) FROM (SELECT line FROM (SELECT line, " + kind()
                    + " AS kind FROM " + lines() + ") WHERE kind = 'ok' LIMIT " + sample + ")");
            if (structure == null || !structure.startsWith("{")) {
                if (!format.types().isEmpty()) {
                    return JsonSchema.of(connection, format.types());
                }
                throw new SourceException("cannot infer the columns of " + unit + ": no line among the first " + sample
                        + " holds a JSON object. Fix the file, or name the columns and their types in json.columns.", e);
            }
            // json_group_structure merges signed and unsigned integers into HUGEINT; read_json would say BIGINT.
            structure = structure.replaceAll("(?<=[:\\[])\"(?:HUGEINT|UBIGINT)\"", "\"BIGINT\"");
            String type = single("SELECT typeof(json_transform('{}', " + Sql.literal(structure) + "))");
            return JsonSchema.ofStruct(connection, type).withTypes(connection, format.types(), format.flatten());
        }
    }

    static SourceException notUtf8(String unit, String line, Exception cause) {
        return new SourceException(unit + " is not UTF-8 text (line " + line + " has bytes that are not UTF-8), and JSON must be."
                + " Export the file as UTF-8.", cause);
    }

    /** The first value of a query, or null when it has no row. */
    private String single(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** Writes each bad or misfit line to the rejects, in pages so that a file of bad lines is never held in memory. */
    private long reject(String odd) throws SQLException {
        long rejected = 0;
        long after = 0;
        try (PreparedStatement page = connection.prepareStatement("SELECT line_no, kind, raw, misfit.column_name, misfit.reason FROM " + odd
                + " WHERE kind <> 'blank' AND line_no > ? ORDER BY line_no LIMIT " + PAGE)) {
            while (true) {
                page.setLong(1, after);
                int rows = 0;
                try (ResultSet rs = page.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        after = rs.getLong(1);
                        String kind = rs.getString(2);
                        String raw = rs.getString(3);
                        String reason = switch (kind) {
                            case "invalid" -> invalidReason(connection, raw, rejected < DETAILED_REASONS);
                            case "misfit" -> rs.getString(5);
                            default -> notAnObject(noun(kind));
                        };
                        staging.rejects().reject(unit, lineMap.original(after), rs.getString(4), raw, reason);
                        rejected++;
                    }
                }
                if (rows < PAGE) {
                    return rejected;
                }
            }
        }
    }

    /** DuckDB's own parse error for the line (json_valid says only yes or no). */
    static String invalidReason(Connection connection, String raw, boolean detailed) {
        String reason = "not valid JSON";
        if (!detailed) {
            return reason;
        }
        // A new statement each time: DuckDB's JDBC driver closes a statement whose query failed.
        try (PreparedStatement parse = connection.prepareStatement("SELECT CAST(? AS JSON)")) {
            parse.setString(1, raw);
            try (ResultSet rs = parse.executeQuery()) {
                rs.next();
            }
            return reason;
        } catch (SQLException e) {
            String detail = EngineMessages.reason(e);
            int input = detail.indexOf("  Input:");
            detail = (input < 0 ? detail : detail.substring(0, input)).replace(" of input", " of the line").strip();
            if (detail.endsWith(".")) {
                detail = detail.substring(0, detail.length() - 1);
            }
            return reason + ": " + detail;
        }
    }

    private static String noun(String jsonType) {
        return switch (jsonType) {
            case "ARRAY" -> "an array";
            case "VARCHAR" -> "a string";
            case "BOOLEAN" -> "a boolean";
            case "NULL" -> "null";
            default -> "a number";
        };
    }

    /** Why a line holding {@code what} ("an array", "a number", ...) is rejected. */
    static String notAnObject(String what) {
        return "the line is " + what + ", not a JSON object; each line must hold one JSON object";
    }

    /**
     * Checks that nothing vanished: non-blank lines = loaded + rejected, and every value that is
     * present in a loaded line is non-null in the table. The misfit lines are objects too, but
     * rejected: their counts (taken from the few rows in {@code odd}) are taken off the file's.
     */
    private void verify(String table, String odd, JsonSchema schema, long loaded, long rejected) throws SQLException, SourceException {
        List<JsonSchema.Leaf> leaves = schema.leaves(format.flatten());
        long[] raw = rawCounts(leaves, "SELECT line, " + kind() + " AS kind FROM " + lines());
        long[] misfit = rawCounts(leaves, "SELECT raw AS line, 'ok' AS kind FROM " + odd + " WHERE kind = 'misfit'");
        if (raw[0] != loaded + rejected || raw[1] - misfit[1] != loaded) {
            throw new SourceException(unit + " has " + raw[0] + " non-blank lines but " + loaded + " rows were loaded and " + rejected
                    + " rejected. This is a bug in Tributary's JSON reading: please report it with the file.");
        }
        if (leaves.isEmpty()) {
            return;
        }
        String typedCounts = leaves.stream().map(l -> "count(" + l.staged() + ")").collect(Collectors.joining(", "));
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT " + typedCounts + " FROM " + table)) {
            rs.next();
            for (int i = 0; i < leaves.size(); i++) {
                long lost = raw[i + 2] - misfit[i + 2] - rs.getLong(i + 1);
                if (lost > 0) {
                    // JsonMisfits should have rejected the lines holding these values: fail rather than lose them.
                    JsonSchema.Leaf leaf = leaves.get(i);
                    throw new SourceException("cannot load " + unit + ": " + lost + " value(s) of " + leaf.label() + " do not fit its type "
                            + leaf.type() + " (inferred from the first lines, or set in json.columns), so nothing was loaded from this"
                            + " file. Name a wider type in json.columns (e.g. " + leaf.label() + ": VARCHAR) or raise json.sample_rows.");
                }
            }
        }
    }

    /** Over {@code relation} (columns line, kind): non-blank lines, object lines, then each leaf's non-null count in those. */
    private long[] rawCounts(List<JsonSchema.Leaf> leaves, String relation) throws SQLException {
        String pointers = "[" + leaves.stream().map(l -> Sql.literal(l.pointer())).collect(Collectors.joining(", ")) + "]";
        String counts = IntStream.range(0, leaves.size())
                .mapToObj(i -> ", count(*) FILTER (WHERE kind = 'ok' AND types[" + (i + 1) + "] <> 'NULL')")
                .collect(Collectors.joining());
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FILTER (WHERE kind <> 'blank'), count(*) FILTER (WHERE kind = 'ok')"
                     + counts + " FROM (SELECT kind, " + (leaves.isEmpty() ? "NULL" : "CASE WHEN kind = 'ok' THEN json_type(line, " + pointers
                     + ") END") + " AS types FROM (" + relation + "))")) {
            rs.next();
            long[] raw = new long[leaves.size() + 2];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = rs.getLong(i + 1);
            }
            return raw;
        }
    }
}
