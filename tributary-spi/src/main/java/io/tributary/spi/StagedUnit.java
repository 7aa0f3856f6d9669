package io.tributary.spi;

import java.util.List;

/**
 * The result of staging one unit.
 *
 * @param table    the staging table holding the unit's rows for the pipeline's main table
 *                 ({@code load.table}); null when the unit has none
 * @param loaded   rows staged, in {@code table} and in every stream together
 * @param rejected rows written to the rejects with a reason
 * @param bytes    bytes read
 * @param state    the value committed in the state for this unit's key, with the data
 * @param streams  staging tables for other destination tables: a REST API's child tables
 *                 ({@code orders__line_items}), or each table of a multi-table database source
 * @param skippedBlank blank lines skipped: neither rows nor rejects, so not part of {@link #read()},
 *                 but counted so that a run still accounts for every line of a file
 * @param warnings what the user should know about this unit that does not fail the run (shown in
 *                 the run's summary): a column renamed, the source changed since the last run
 */
public record StagedUnit(TableRef table, long loaded, long rejected, long bytes, String state, List<StagedStream> streams,
                         long skippedBlank, List<String> warnings) {

    public StagedUnit(TableRef table, long loaded, long rejected, long bytes, String state) {
        this(table, loaded, rejected, bytes, state, List.of());
    }

    public StagedUnit(TableRef table, long loaded, long rejected, long bytes, String state, List<StagedStream> streams) {
        this(table, loaded, rejected, bytes, state, streams, 0, List.of());
    }

    public StagedUnit(TableRef table, long loaded, long rejected, long bytes, String state, List<StagedStream> streams,
                      List<String> warnings) {
        this(table, loaded, rejected, bytes, state, streams, 0, warnings);
    }

    public long read() {
        return loaded + rejected;
    }
}
