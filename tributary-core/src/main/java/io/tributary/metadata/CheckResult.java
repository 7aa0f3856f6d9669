package io.tributary.metadata;

import java.util.List;
import java.util.Locale;

/**
 * One check's outcome in one run, as stored for {@code tributary checks}, the volume check's history
 * and alerts.
 *
 * @param table     the table the check ran on
 * @param check     how the user knows the check: {@code not_null(customer_email)}
 * @param type      the check type's YAML name: {@code not_null}
 * @param failing   rows that failed it (for a table-level check such as row_count, 0 or the row count)
 * @param rows      rows it looked at
 * @param threshold what it allows, as the user wrote it ({@code 1%}, {@code 0}), or null
 * @param samples   up to 20 failing values or rows, as text
 * @param message   for {@link Status#ERROR}: why the check could not run; otherwise a one-line summary
 */
public record CheckResult(long runId, String pipeline, String table, String check, String type, String severity,
                          Status status, long failing, long rows, String threshold, List<String> samples,
                          long durationMillis, String message) {
    public static final int MAX_SAMPLES = 20;

    public enum Status {
        PASS, WARN, FAIL,
        /** The check could not be evaluated (its SQL failed). */
        ERROR;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
