package io.tributary.spi;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The run's staging area in the DuckDB engine, handed to {@link Source#stage}. Staging tables live
 * beside the destination table so that publishing a single staged unit is a rename, not a copy.
 */
public interface Staging {

    /** The engine connection (autocommit). Use it for DuckDB's readers and the Appender. */
    Connection connection();

    /** A new, unused, quoted and qualified staging table name. The engine drops it after the run. */
    String newTable();

    /** Runs one statement that reads a unit, reporting its progress (DuckDB's) while it runs. */
    void execute(String sql, String label) throws SQLException;

    /** Reports rows read so far, for sources that append row by row (shown as rows/s). */
    void progress(String label, long rows);

    /**
     * Adds a warning to the run's result: something about the data a user should know although the
     * run succeeds (a column loaded as text because its dates read both ways, say). The engine's staging
     * shows them with the run; the default, for stand-ins in tests, drops them.
     */
    default void warn(String message) {
    }

    /** Where rejected rows go. */
    RejectSink rejects();

    long runId();

    String pipeline();
}
