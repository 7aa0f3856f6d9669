package io.tributary.spi;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

/**
 * What one run publishes into a destination database.
 *
 * @param pipeline     the pipeline's name (the state's key)
 * @param runId        the run in the warehouse's history
 * @param rebuild      true on {@code --full-refresh}: every table is rebuilt from this run's rows
 * @param resetState   true when the run read everything (full refresh or replace mode), or when the
 *                     source's units are its whole state ({@link Source#replacesState()}): the
 *                     pipeline's old state entries are deleted before {@code state} is written
 * @param state        unit key → state value, written in the same transaction as the data
 * @param tables       the tables to write, in order
 * @param engine       the DuckDB connection holding the staged rows (read them from each table's relation)
 * @param warnings     collects schema changes and other notes for the run summary
 */
public record Publication(String pipeline, long runId, boolean rebuild, boolean resetState, Map<String, String> state,
                          List<PublishedTable> tables, Connection engine, List<String> warnings) {}
