package io.tributary.spi;

/**
 * A table's rows to write, split into disjoint parts, so a destination can load them over several
 * connections at once. Which part a row falls in depends on its staged position, or for a merge on
 * its key (which, like the merge itself, must not come from a non-deterministic transform such as
 * {@code random()}), so evaluating each part in a query of its own still gives the table's rows
 * exactly: none twice, none missing.
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
