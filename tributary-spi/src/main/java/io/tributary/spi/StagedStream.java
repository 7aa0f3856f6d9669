package io.tributary.spi;

/**
 * One staging table of a unit that goes to a destination table other than the pipeline's main one.
 *
 * @param table  the staging table, from {@link Staging#newTable()}
 * @param target where and how its rows are published
 * @param rows   rows in {@code table}
 */
public record StagedStream(TableRef table, StreamTarget target, long rows) {}
