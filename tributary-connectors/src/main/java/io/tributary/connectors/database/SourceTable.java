package io.tributary.connectors.database;

import io.tributary.jdbc.Dialect;

/**
 * A table in the source database as written in the config: {@code public.orders}, or {@code orders}
 * (the connection's default schema; in MySQL/MariaDB the schema is the database).
 *
 * @param schema null when not written
 */
record SourceTable(String schema, String name) {

    static SourceTable parse(String text) {
        int dot = text.indexOf('.');
        return dot < 0 ? new SourceTable(null, text) : new SourceTable(text.substring(0, dot), text.substring(dot + 1));
    }

    /** Quoted for the source's SQL: nothing written in the config can inject SQL. */
    String quoted(Dialect dialect) {
        return (schema == null ? "" : dialect.ident(schema) + ".") + dialect.ident(name);
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
