package io.tributary.connectors.file;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * A table name as the engine hands it out, quoted and qualified ({@code "main"."_tributary_stage_3_0"},
 * or with a catalog first: {@code "_tributary_run"."main"."_tributary_stage_3_0"}), split back into its
 * parts for APIs that take them apart (DuckDB's Appender). Quotes inside a part are doubled, and a
 * part may contain dots.
 *
 * @param catalog the database the schema is in, or null for the connection's default
 */
public record QualifiedName(String catalog, String schema, String table) {

    public static QualifiedName parse(String quoted) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < quoted.length()) {
            if (quoted.charAt(i) != '"') {
                throw new IllegalArgumentException("expected a quoted name at " + i + " in " + quoted);
            }
            StringBuilder part = new StringBuilder();
            i++;
            while (true) {
                if (i >= quoted.length()) {
                    throw new IllegalArgumentException("unterminated quoted name in " + quoted);
                }
                char c = quoted.charAt(i++);
                if (c == '"') {
                    if (i < quoted.length() && quoted.charAt(i) == '"') {
                        part.append('"');
                        i++;
                        continue;
                    }
                    break;
                }
                part.append(c);
            }
            parts.add(part.toString());
            if (i < quoted.length() && quoted.charAt(i++) != '.') {
                throw new IllegalArgumentException("expected '.' at " + (i - 1) + " in " + quoted);
            }
        }
        if (parts.size() == 2) {
            return new QualifiedName(null, parts.get(0), parts.get(1));
        }
        if (parts.size() == 3) {
            return new QualifiedName(parts.get(0), parts.get(1), parts.get(2));
        }
        throw new IllegalArgumentException("expected \"schema\".\"table\" or \"catalog\".\"schema\".\"table\" but got " + quoted);
    }

    /** An Appender on this table. */
    public DuckDBAppender appender(Connection connection) throws SQLException {
        DuckDBConnection duckdb = connection.unwrap(DuckDBConnection.class);
        return catalog == null ? duckdb.createAppender(schema, table) : duckdb.createAppender(catalog, schema, table);
    }
}
