package io.tributary.spi;

/**
 * A table's rows to write, split into disjoint parts, so a destination can load them over several
 * connections at once. Which part a row falls in depends only on what the run staged (its position,
 * or its key for a merge), never on values a transform computes, so the parts together are exactly
 * the table's rows: none twice, none missing.
 */
@FunctionalInterface
public interface RowParts {
    /**
     * @param index the part, from 0 to {@code count - 1}
     * @param count how many parts the rows are split into
     * @return a DuckDB query (parenthesised, usable after FROM) with the same columns as the table's rows
     */
    String part(int index, int count);
}
