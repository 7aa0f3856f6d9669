package io.tributary.spi;

import java.util.Optional;

/**
 * Where a pipeline's tables are published: the embedded DuckDB warehouse, or a database. The engine
 * stages, transforms and checks in DuckDB, then hands the result to {@link #publish}, which must make
 * data, source state and the run's load record visible together in ONE transaction of the
 * destination: that is what makes a killed or retried run load each row exactly once. The source
 * state of a pipeline lives where its data lives.
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
     * The newest run of {@code pipeline} whose publish committed here, with the counts its load record
     * keeps: the run history is reconciled from it when the process stopped after this commit and
     * before the history's.
     */
    Optional<CommittedRun> lastCommit(String pipeline) throws DestinationException;

    /**
     * Publishes every table of the run, replaces the pipeline's state entries and writes the run's load
     * record, in one transaction; on any failure rolls back and throws, leaving the destination as
     * before. Returns the rows written. Adds a line to {@link PublishRequest#warnings()} for every schema change.
     */
    long publish(PublishRequest request) throws DestinationException;

    @Override
    void close();

    /** A run whose publish committed, as the destination's load record keeps it. */
    record CommittedRun(long runId, RunCounts counts) {}
}
