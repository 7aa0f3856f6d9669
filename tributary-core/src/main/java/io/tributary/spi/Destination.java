package io.tributary.spi;

/**
 * An open destination database. The engine stages, transforms and checks in DuckDB as for the
 * warehouse, then hands the result to {@link #publish}, which must make data and source state
 * visible together in ONE transaction of the destination database: that is what makes a killed or
 * retried run load each row exactly once. The source state of pipelines that load here lives here
 * (in the destination's {@code _tributary} schema or table), never in the DuckDB warehouse.
 */
public interface Destination extends AutoCloseable {

    /** One line for messages, without secrets: {@code postgres://etl@db:5432/analytics}. */
    String describe();

    /**
     * Called once at the start of every run of {@code pipeline}, before anything else: finishes or
     * removes what an earlier run of this pipeline, killed while publishing, left behind (its staging
     * tables, an unfinished swap). A run with nothing new to load publishes nothing, so this is what
     * keeps such leftovers from outliving the next run.
     */
    void recover(String pipeline) throws DestinationException;

    /** The state committed by this pipeline's successful runs (empty on the first run). */
    SourceState state(String pipeline) throws DestinationException;

    /**
     * Publishes every table of the run and replaces the pipeline's state entries, in one
     * transaction; on any failure rolls back and throws, leaving the destination as before.
     * Returns the rows written. Adds a line to {@link Publication#warnings()} for every schema change.
     */
    long publish(Publication publication) throws DestinationException;

    @Override
    void close();
}
