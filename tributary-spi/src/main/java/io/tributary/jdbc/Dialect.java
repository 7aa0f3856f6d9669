package io.tributary.jdbc;

import io.tributary.spi.TableName;

/**
 * What differs between the databases Tributary reads and writes: how identifiers are quoted. Every
 * table and column name from a config or a source goes through {@link #ident}, so a name like
 * {@code order}, {@code Sales Total} or one holding a quote works and can never inject SQL.
 */
public enum Dialect {
    POSTGRES('"'),
    MYSQL('`'),
    /** Any other JDBC database: ANSI double quotes. */
    ANSI('"');

    private final char quote;

    Dialect(char quote) {
        this.quote = quote;
    }

    public static Dialect forKind(String kind) {
        return switch (kind) {
            case "postgres" -> POSTGRES;
            case "mysql", "mariadb" -> MYSQL;
            default -> ANSI;
        };
    }

    /** The identifier quoted, with its own quote characters doubled. */
    public String ident(String name) {
        String q = String.valueOf(quote);
        return q + name.replace(q, q + q) + q;
    }

    /** A schema-qualified table; in MySQL/MariaDB the schema is the database. */
    public String table(TableName table) {
        return ident(table.schema()) + "." + ident(table.name());
    }

    /** A string literal with quotes (and, for MySQL, backslashes) escaped. */
    public String literal(String value) {
        String escaped = value.replace("'", "''");
        if (this == MYSQL) {
            escaped = escaped.replace("\\", "\\\\");
        }
        return "'" + escaped + "'";
    }
}
