package io.tributary.metadata;

import java.time.Instant;
import java.util.Locale;

/**
 * One window {@code [from, to)} of a backfill.
 *
 * @param seq   its place in the backfill, from 0, oldest first
 * @param runId the run of its latest attempt, or null before the first
 */
public record BackfillWindow(int seq, Instant from, Instant to, Status status, Long runId, Instant updatedAt) {

    /** A new window, not run yet. */
    public static BackfillWindow pending(int seq, Instant from, Instant to) {
        return new BackfillWindow(seq, from, to, Status.PENDING, null, null);
    }

    public enum Status {
        /** Not run yet. */
        PENDING,
        /** Its run started and its end is not recorded here yet (or the process stopped during it). */
        RUNNING,
        /** Its run published: it is never run again. */
        DONE,
        /** Its run failed or was skipped as busy: nothing of it was published, the next backfill runs it again. */
        FAILED;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Status of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }
}
