package io.tributary.spi;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * One configured check, as its {@link CheckType} read it. It says what it measures in SQL; the engine
 * counts every row condition of a table's checks in one pass over the data, then calls
 * {@link #measure} for the checks that look at the table as a whole, and applies each check's
 * tolerance and severity.
 */
public interface Check {

    /** The columns the check reads: one missing from the data fails the run naming it, before any SQL runs. */
    List<String> columns();

    /**
     * The conditions a failing row meets, one per measured thing (one per column of a not_null), each
     * a DuckDB boolean expression on the table's columns. May throw
     * {@link io.tributary.error.TributaryException} when the check does not suit a column's type.
     *
     * @param columnTypes the data's columns and their DuckDB types, in order
     */
    default List<RowCondition> rowConditions(Map<String, String> columnTypes) {
        return List.of();
    }

    /**
     * The conditions, for a check that needs to look beyond the row to write them (the other table of
     * a {@code relationships}); by default those of {@link #rowConditions(Map)}.
     */
    default List<RowCondition> rowConditions(CheckTable table) throws SQLException {
        return rowConditions(table.columns());
    }

    /** Measures what is not a condition on one row (a grouping, the row count itself). */
    default List<CheckFinding> measure(CheckTable table) throws SQLException {
        return List.of();
    }
}
