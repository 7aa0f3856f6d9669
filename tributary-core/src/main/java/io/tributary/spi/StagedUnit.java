package io.tributary.spi;

/**
 * The result of staging one unit.
 *
 * @param table    the staging table holding the unit's good rows (quoted, qualified)
 * @param loaded   rows in {@code table}
 * @param rejected rows written to the rejects with a reason
 * @param bytes    bytes read
 * @param state    the value committed in the state for this unit's key, with the data
 */
public record StagedUnit(String table, long loaded, long rejected, long bytes, String state) {

    public long read() {
        return loaded + rejected;
    }
}
