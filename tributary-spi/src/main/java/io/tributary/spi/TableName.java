package io.tributary.spi;

import io.tributary.sql.Sql;

/** A destination table, optionally schema-qualified ({@code raw.orders}); {@code main} by default. */
public record TableName(String schema, String name) {

    public static TableName parse(String text) {
        int dot = text.indexOf('.');
        if (dot < 0) {
            return new TableName("main", text);
        }
        return new TableName(text.substring(0, dot), text.substring(dot + 1));
    }

    /** The name quoted for SQL, so names like {@code order} or {@code Sales Total} work and nothing can inject SQL. */
    public String quoted() {
        return Sql.ident(schema) + "." + Sql.ident(name);
    }

    @Override
    public String toString() {
        return "main".equals(schema) ? name : schema + "." + name;
    }
}
