package io.tributary.spi;

/**
 * A per-row condition of a {@link Check}.
 *
 * @param name    how results name it, e.g. {@code not_null(id)}
 * @param failing the DuckDB condition a failing row meets, e.g. {@code "id" IS NULL}
 * @param example an expression whose distinct values among failing rows are shown as examples, or null for none
 */
public record RowCondition(String name, String failing, String example) {}
