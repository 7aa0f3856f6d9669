package io.tributary.connectors.database;

/**
 * One column of what the source returns, with its DuckDB type.
 *
 * @param name        the column's name in the source (and in the warehouse)
 * @param sourceType  the source's type name, for messages: {@code numeric(50,10)}, {@code BIGINT UNSIGNED}
 * @param duckdb      the DuckDB type it is staged as
 * @param kind        how its values are carried
 * @param element     for {@link ValueKind#LIST}: the elements' kind, else null
 */
record SourceColumn(String name, String sourceType, String duckdb, ValueKind kind, ValueKind element) {

    SourceColumn(String name, String sourceType, String duckdb, ValueKind kind) {
        this(name, sourceType, duckdb, kind, null);
    }
}
