package io.tributary.connectors.database;

import java.time.Duration;
import java.util.List;

/**
 * The {@code incremental:} block: read only rows whose cursor moved past the saved one.
 *
 * @param cursor          a timestamp, date or integer column
 * @param key             tie-breaker columns; empty means the table's primary key
 * @param lookbackTime    how far behind the saved cursor a time cursor re-reads, or null
 * @param lookbackNumber  how far behind the saved cursor an integer cursor re-reads, or null
 */
record Incremental(String cursor, List<String> key, Duration lookbackTime, Long lookbackNumber) {

    boolean hasLookback() {
        return lookbackTime != null || lookbackNumber != null;
    }

    String describeLookback() {
        return lookbackTime != null ? Lookback.format(lookbackTime) : String.valueOf(lookbackNumber);
    }
}
