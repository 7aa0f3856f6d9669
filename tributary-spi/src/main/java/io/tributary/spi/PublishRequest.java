package io.tributary.spi;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * Everything one run asks a destination to make visible at once: every table's rows, the pipeline's
 * new source state, and the load record of the run ({@code counts}), all in one transaction of the
 * destination. The load record is what a run's history is reconciled from when the process stopped
 * between the destination's commit and the history's ({@link Destination#lastCommit}).
 *
 * @param pipeline     the pipeline's name (the state's key)
 * @param runId        the run in the history
 * @param rebuild      true on {@code --full-refresh}: every table is rebuilt from this run's rows
 * @param resetState   true when the run read everything (full refresh or replace mode) or its units are
 *                     the whole state ({@link Source#replacesState()}): the pipeline's old state entries
 *                     are deleted before {@code state} is written
 * @param state        unit key → state value, written in the same transaction as the data
 * @param tables       the tables to write, in order
 * @param counts       what the run read, loaded and rejected, for the load record
 * @param engine       the DuckDB connection holding the staged rows (read them from each table's relation)
 * @param warnings     collects schema changes and other notes for the run summary
 */
public record PublishRequest(String pipeline, long runId, boolean rebuild, boolean resetState, Map<String, String> state,
                             List<TableWrite> tables, RunCounts counts, Connection engine, List<String> warnings) {}
