package io.tributary.spi;

import io.tributary.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A table in the DuckDB engine, as the engine hands out staging tables: its parts, so nobody has to
 * parse a quoted name back, and its quoted, qualified SQL text ({@link #quoted()}).
 *
 * @param catalog the database the schema is in, or null for the connection's default
 */
public record TableRef(String catalog, String schema, String table) {

    /** {@code "schema"."table"}, or {@code "catalog"."schema"."table"}. */
    public String quoted() {
        return (catalog == null ? "" : Sql.ident(catalog) + ".") + Sql.ident(schema) + "." + Sql.ident(table);
    }

    /** An Appender on this table, on {@code connection}. */
    public DuckDBAppender appender(Connection connection) throws SQLException {
        DuckDBConnection duckdb = connection.unwrap(DuckDBConnection.class);
        return catalog == null ? duckdb.createAppender(schema, table) : duckdb.createAppender(catalog, schema, table);
    }

    /** A name made of letters, digits and {@code _} only, for DuckDB parameters that take unquoted names (rejects tables). */
    public String plainName() {
        return table.replaceAll("[^A-Za-z0-9_]", "_");
    }

    @Override
    public String toString() {
        return quoted();
    }
}
