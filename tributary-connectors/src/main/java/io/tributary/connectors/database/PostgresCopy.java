package io.tributary.connectors.database;

import io.tributary.connectors.jdbc.Dialect;
import io.tributary.engine.Sql;
import io.tributary.spi.Staging;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;

/**
 * PostgreSQL's fast path: the server writes the rows as CSV ({@code COPY (SELECT ...) TO STDOUT}),
 * PgJDBC streams them into a temporary file, and DuckDB's parallel CSV reader loads that file with
 * every column's type given (no sniffing), converting the few kinds CSV cannot carry directly:
 * arrays travel as JSON ({@code array_to_json}), bytea as hex. Memory stays flat whatever the size.
 */
final class PostgresCopy {
    private PostgresCopy() {}

    /** How a column is selected in PostgreSQL for the CSV. */
    static String expression(SourceColumn column) {
        String ident = Dialect.POSTGRES.ident(column.name());
        return switch (column.kind()) {
            // elements kept as text (numeric[] → VARCHAR[]) travel as JSON strings, so 1.50 stays 1.50
            case LIST -> column.element() == ValueKind.TEXT ? "array_to_json(CAST(" + ident + " AS text[]))" : "array_to_json(" + ident + ")";
            case BLOB -> "encode(" + ident + ", 'hex')";
            default -> ident;
        };
    }

    /**
     * Copies the rows of {@code select} into a new DuckDB table {@code table}. Returns the bytes of CSV
     * transferred.
     */
    static long copy(Connection source, String select, List<SourceColumn> columns, Staging staging, String table, String label)
            throws SQLException, IOException {
        Path file = Files.createTempFile("tributary-pg-", ".csv");
        try {
            long bytes;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                bytes = source.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select + ") TO STDOUT (FORMAT csv)", out);
            }
            String types = IntStream.range(0, columns.size())
                    .mapToObj(i -> Sql.literal("c" + i) + ": " + Sql.literal(carrier(columns.get(i))))
                    .collect(Collectors.joining(", "));
            String conversions = IntStream.range(0, columns.size())
                    .mapToObj(i -> convert(columns.get(i), Sql.ident("c" + i)) + " AS " + Sql.ident(columns.get(i).name()))
                    .collect(Collectors.joining(", "));
            staging.execute("CREATE TABLE " + table + " AS SELECT " + (columns.isEmpty() ? "*" : conversions) + " FROM read_csv("
                    + Sql.literal(file.toString()) + ", columns = {" + types + "}, header = false, auto_detect = false, delim = ',', "
                    + "quote = '\"', escape = '\"', nullstr = '', allow_quoted_nulls = false, max_line_size = 1073741824)", label);
            return bytes;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The type DuckDB reads the CSV field as. */
    private static String carrier(SourceColumn column) {
        return switch (column.kind()) {
            case LIST, BLOB, JSON -> "VARCHAR";
            default -> column.duckdb();
        };
    }

    private static String convert(SourceColumn column, String field) {
        return switch (column.kind()) {
            case LIST -> column.element() == ValueKind.JSON ? "CAST(" + field + " AS JSON)"
                    : "CAST(CAST(" + field + " AS JSON) AS " + column.duckdb() + ")";
            case BLOB -> "unhex(" + field + ")";
            case JSON -> "CAST(" + field + " AS JSON)";
            default -> field;
        };
    }
}
