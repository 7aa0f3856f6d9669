package io.tributary.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;

/** Quoting for DuckDB SQL text. Everything from a config file or a source goes through here. */
public final class Sql {
    private Sql() {}

    /** A quoted identifier: {@code "Sales ""Total"""}. */
    public static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A string literal: {@code 'it''s'}. */
    public static String literal(String text) {
        return text == null ? "NULL" : "'" + text.replace("'", "''") + "'";
    }

    public static String idents(List<String> names) {
        return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
    }

    public static String literals(List<String> values) {
        return values.stream().map(Sql::literal).collect(Collectors.joining(", "));
    }

    /** The first column of the first row of a query as a number (a count, a sum); 0 for SQL NULL. */
    public static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from: " + sql);
            }
            return rs.getLong(1);
        }
    }

    /** {@code SELECT count(*)} of a table or parenthesised query. */
    public static long count(Connection connection, String relation) throws SQLException {
        return queryLong(connection, "SELECT count(*) FROM " + relation);
    }

    /** True when the connection's own DuckDB database has this table (or view). */
    public static boolean tableExists(Connection connection, String schema, String table) throws SQLException {
        try (java.sql.PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM information_schema.tables"
                + " WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ?")) {
            query.setString(1, schema);
            query.setString(2, table);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /** The current value of a DuckDB setting, as text ({@code current_setting}). */
    public static String setting(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting(" + literal(name) + ")")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * Sets a DuckDB setting until {@link Setting#close()} puts the previous value back; for a step that
     * needs the engine tuned differently (fewer threads, no insertion order) and must leave it as found.
     * {@code value} is text DuckDB converts ('false', '1', '2GB').
     */
    public static Setting temporarily(Connection connection, String name, String value) throws SQLException {
        String previous = setting(connection, name);
        set(connection, name, value);
        return () -> set(connection, name, previous);
    }

    /** A setting changed by {@link #temporarily}; closing puts the previous value back. */
    public interface Setting extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    private static void set(Connection connection, String name, String value) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET " + name + " = " + literal(value));
        }
    }
}
