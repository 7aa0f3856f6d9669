package io.tributary.spi;

import java.sql.Connection;
import java.sql.SQLException;
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
}
