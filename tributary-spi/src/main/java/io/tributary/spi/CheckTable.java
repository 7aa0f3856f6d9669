package io.tributary.spi;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The rows a {@link Check} measures: a relation in DuckDB, with its columns and row count. */
public interface CheckTable {

    /** The DuckDB connection holding the rows; for queries only. */
    Connection connection();

    /** The relation, quoted, to write after {@code FROM}. */
    String relation();

    /** The columns and their DuckDB types, in order. */
    Map<String, String> columns();

    /** The number of rows. */
    long rows();

    /** The first column of a query's rows as users see example values ({@code 'a'}, {@code NULL}). */
    List<String> examples(String sql) throws SQLException;

    /** The run's clock, for checks that judge age ({@code freshness}). */
    default Instant now() {
        return Instant.now();
    }

    /**
     * Another table as a relation to write after {@code FROM}, as a check that compares with it sees it
     * ({@code relationships}): the rows this run stages for it together with those already published
     * where the engine can read them; null when there is no such table.
     *
     * @param table the table's name as the user wrote it ({@code orders} or {@code shop.orders})
     */
    default String relationOf(String table) throws SQLException {
        return null;
    }

    /**
     * The row counts this check saw in the previous runs of the pipeline, newest first, at most
     * {@code limit} ({@code volume} compares with them).
     *
     * @param check the check's result name ({@link CheckFinding#name()})
     */
    default List<Long> previousRowCounts(String check, int limit) {
        return List.of();
    }
}
