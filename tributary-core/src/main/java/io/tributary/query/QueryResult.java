package io.tributary.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.sql.Sql;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The result of a {@code tributary sql} statement with every value as DuckDB's own text, so that what
 * is printed is what the warehouse holds: {@code -0.0000000001} (not Java's {@code -1E-10}),
 * {@code infinity}, {@code 2026-03-29 02:30:00}, {@code 16777216.0}. A query is wrapped so that DuckDB
 * casts each column to VARCHAR (for JSON output, nested values go through {@code to_json}); the
 * session's time zone is UTC, the warehouse's convention, so a zoned timestamp prints as
 * {@code 2026-03-29 00:30:00+00} on any machine. Other statements (PRAGMA, CALL, EXPLAIN, DML with
 * RETURNING) run as written and their values are the driver's text, decimals in plain digits.
 */
public final class QueryResult implements AutoCloseable {
    /** How a column's text becomes a JSON value. */
    public enum Kind { TEXT, NUMBER, BOOLEAN, JSON }

    /** A result column: the name the statement gave it and how to write it as JSON. */
    public record Column(String label, Kind kind) {}

    private static final Pattern NUMBER = Pattern.compile("U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|BIGNUM|DECIMAL\\(\\d+,\\s*\\d+\\)");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Statement statement;
    private final ResultSet rows;
    private final List<Column> columns;
    private final boolean duckDbText;
    private final long updateCount;

    /** Rows that came as text from elsewhere (the server's {@code POST /api/sql}): the first of {@code total}; null for a live result. */
    private final List<List<String>> kept;
    private final long total;
    private long cursor;

    private QueryResult(Statement statement, ResultSet rows, List<Column> columns, boolean duckDbText, long updateCount) {
        this.statement = statement;
        this.rows = rows;
        this.columns = columns;
        this.duckDbText = duckDbText;
        this.updateCount = updateCount;
        this.kept = null;
        this.total = 0;
    }

    private QueryResult(List<Column> columns, List<List<String>> kept, long total) {
        this.statement = null;
        this.rows = null;
        this.columns = columns;
        this.duckDbText = true;
        this.updateCount = -1;
        this.kept = kept;
        this.total = total;
    }

    /**
     * A result read elsewhere, as text: the first {@code kept.size()} rows of {@code total}. Printing it
     * gives what printing the live result gives, as long as no more rows are shown than were kept
     * (a table of at most {@code kept.size()} rows still counts all {@code total}).
     */
    public static QueryResult of(List<Column> columns, List<List<String>> kept, long total) {
        return new QueryResult(columns, List.copyOf(kept), total);
    }

    /**
     * Runs {@code sql} only when it is one query, in a read-only transaction, so that it can change
     * nothing: anything else (INSERT, DROP, COPY, ATTACH, PRAGMA, several statements) is refused before
     * it runs, and a query whose functions would write fails in the transaction. {@code running} is
     * given the statement before it runs, to cancel it (a timeout). The caller ends the transaction:
     * {@link #rollback}.
     */
    public static QueryResult readOnly(Connection connection, String sql, boolean json, java.util.function.Consumer<Statement> running)
            throws SQLException {
        String query = withoutTrailingSemicolons(sql);
        if (!isOneQuery(connection, query)) {
            throw new NotAQuery();
        }
        try (Statement settings = connection.createStatement()) {
            settings.execute("SET TimeZone = 'UTC'");
            settings.execute("BEGIN TRANSACTION READ ONLY");
        }
        List<Column> columns = columnsOf(connection, query);
        Statement statement = connection.createStatement();
        try {
            running.accept(statement);
            return new QueryResult(statement, statement.executeQuery(asText(query, columns, json)), columns, true, -1);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            rollback(connection);
            throw e;
        }
    }

    /** Ends the transaction {@link #readOnly} began; nothing to undo, it wrote nothing. */
    public static void rollback(Connection connection) {
        try (Statement end = connection.createStatement()) {
            end.execute("ROLLBACK");
        } catch (SQLException e) {
            // no transaction open any more (a failed statement ended it): nothing to end
        }
    }

    /** {@link #readOnly} was given something other than one query. */
    public static final class NotAQuery extends SQLException {
        NotAQuery() {
            super("only one query (SELECT, WITH ..., FROM ..., VALUES, DESCRIBE, SHOW, SUMMARIZE) can run here");
        }
    }

    /** Runs {@code sql}; with {@code json}, nested columns arrive as JSON text. */
    public static QueryResult execute(Connection connection, String sql, boolean json) throws SQLException {
        try (Statement settings = connection.createStatement()) {
            settings.execute("SET TimeZone = 'UTC'");
        }
        String query = withoutTrailingSemicolons(sql);
        Statement statement = connection.createStatement();
        try {
            if (isOneQuery(connection, query)) {
                List<Column> columns = columnsOf(connection, query);
                return new QueryResult(statement, statement.executeQuery(asText(query, columns, json)), columns, true, -1);
            }
            if (statement.execute(sql)) {
                ResultSet rows = statement.getResultSet();
                return new QueryResult(statement, rows, columnsOf(rows.getMetaData(), false), false, -1);
            }
            return new QueryResult(statement, null, List.of(), false, statement.getUpdateCount());
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /**
     * Whether the statement is one query that can stand in {@code FROM (...)}. Asked of DuckDB's parser,
     * which runs nothing (preparing a text of several statements would execute all but the last). Both
     * texts are asked: inside parentheses, {@code PRAGMA show_tables} would parse as a table named PRAGMA.
     */
    private static boolean isOneQuery(Connection connection, String query) throws SQLException {
        return isOneSelect(connection, query) && isOneSelect(connection, wrap(query, "*"));
    }

    private static boolean isOneSelect(Connection connection, String sql) throws SQLException {
        try (PreparedStatement parse = connection.prepareStatement("SELECT CAST(json_serialize_sql(?) AS VARCHAR)")) {
            parse.setString(1, sql);
            try (ResultSet rs = parse.executeQuery()) {
                rs.next();
                JsonNode parsed = MAPPER.readTree(rs.getString(1));
                return !parsed.path("error").asBoolean(true) && parsed.path("statements").size() == 1;
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** The user's query between parentheses on lines of their own, so a trailing {@code --} comment closes nothing. */
    private static String wrap(String query, String select) {
        return "SELECT " + select + " FROM (\n" + query + "\n) AS q";
    }

    /** Columns are renamed by position ({@code q(c1, c2)}), so that two alike names ({@code SELECT 1 AS a, 2 AS a}) stay apart. */
    private static String asText(String query, List<Column> columns, boolean json) {
        List<String> values = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            String alias = Sql.ident("c" + (i + 1));
            aliases.add(alias);
            boolean nested = columns.get(i).kind() == Kind.JSON;
            values.add("CAST(" + (json && nested ? "to_json(q." + alias + ")" : "q." + alias) + " AS VARCHAR) AS " + alias);
        }
        return wrap(query, String.join(", ", values)) + "(" + String.join(", ", aliases) + ")";
    }

    private static List<Column> columnsOf(Connection connection, String query) throws SQLException {
        try (PreparedStatement prepared = connection.prepareStatement(query)) {
            return columnsOf(prepared.getMetaData(), true);
        }
    }

    private static List<Column> columnsOf(ResultSetMetaData meta, boolean nestedAsJson) throws SQLException {
        List<Column> columns = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            Kind kind = kindOf(meta.getColumnTypeName(i));
            // Without DuckDB's to_json, a nested value is the driver's text ([x, y]), not JSON.
            columns.add(new Column(meta.getColumnLabel(i), kind == Kind.JSON && !nestedAsJson && !isJsonType(meta.getColumnTypeName(i)) ? Kind.TEXT : kind));
        }
        return columns;
    }

    public static Kind kindOf(String duckDbType) {
        String type = duckDbType.toUpperCase(Locale.ROOT).strip();
        if (isJsonType(type) || type.endsWith("]") || type.startsWith("STRUCT") || type.startsWith("MAP") || type.startsWith("UNION")) {
            return Kind.JSON;
        }
        if (type.equals("BOOLEAN")) {
            return Kind.BOOLEAN;
        }
        return NUMBER.matcher(type).matches() ? Kind.NUMBER : Kind.TEXT;
    }

    private static boolean isJsonType(String type) {
        return type.equalsIgnoreCase("JSON");
    }

    private static String withoutTrailingSemicolons(String sql) {
        String query = sql.strip();
        while (query.endsWith(";")) {
            query = query.substring(0, query.length() - 1).strip();
        }
        return query;
    }

    /** False for a statement that changed data (or nothing) instead of returning rows. */
    public boolean hasRows() {
        return rows != null || kept != null;
    }

    /** How many rows a statement without a result changed. */
    public long updateCount() {
        return updateCount;
    }

    public List<Column> columns() {
        return columns;
    }

    public boolean next() throws SQLException {
        if (kept != null) {
            return ++cursor <= total;
        }
        return rows.next();
    }

    /** The text of column {@code index} (from 0) of the current row; null for SQL NULL. */
    public String text(int index) throws SQLException {
        if (kept != null) {
            if (cursor > kept.size()) {
                throw new IllegalStateException("only the first " + kept.size() + " of " + total + " rows were read");
            }
            return kept.get((int) cursor - 1).get(index);
        }
        if (duckDbText) {
            return rows.getString(index + 1);
        }
        Object value = rows.getObject(index + 1);
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value == null ? null : rows.getString(index + 1);
    }

    @Override
    public void close() throws SQLException {
        if (statement != null) {
            statement.close();
        }
    }
}
