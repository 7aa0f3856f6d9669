package io.tributary.spi;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The run's staging area in the DuckDB engine, handed to {@link Source#read}. Staging tables live
 * beside the destination table so that publishing a single staged unit is a rename, not a copy.
 */
public interface Staging {

    /** The engine connection (autocommit). Use it for DuckDB's readers and the Appender. */
    Connection connection();

    /** A new, unused staging table of this run. The engine drops it after the run. */
    TableRef newTable();

    /** Runs one statement that reads a unit, reporting its progress (DuckDB's) while it runs. */
    void execute(String sql, String label) throws SQLException;

    /** Reports rows read so far, for sources that append row by row (shown as rows/s). */
    void progress(String label, long rows);

    /** Where rejected rows go. */
    RejectSink rejects();

    /**
     * Adds a line to the run's warnings (shown after the run and kept in its history): something a
     * person should know about rows that did load, e.g. cells loaded as NULL because the file holds no
     * value for them. Name the unit in it. The engine's staging area collects them; this default only
     * logs them, for staging areas that are not a run's.
     */
    default void warn(String warning) {
        org.slf4j.LoggerFactory.getLogger(Staging.class).warn("{}", warning);
    }

    /**
     * The engine to this run alone while the returned lease is open, so that the run may change an
     * instance-wide setting ({@code preserve_insertion_order}) and put it back before closing the
     * lease; null when other runs use the same instance now (the warehouse, shared by the runs of a
     * process), and the settings must stay as they are. A run staging in an instance of its own always
     * gets a lease.
     */
    default EngineLease engineToItself() {
        return null;
    }

    /** See {@link #engineToItself()}. */
    @FunctionalInterface
    interface EngineLease extends AutoCloseable {
        @Override
        void close();
    }

    long runId();

    String pipeline();
}
