package io.tributary.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What happens to fire times missed while nothing was running (the server was down, the pipeline
 * paused): {@code catchup:} of a pipeline.
 */
public enum CatchUp {
    /** Missed fire times are dropped; the next run is at the next fire time. */
    NONE,
    /** One run for the newest missed fire time, at once (the default): data is current again, no flood of runs. */
    LATEST,
    /** One run per missed fire time, oldest first (at most {@link #MAX_RUNS}): for pipelines whose runs are windows. */
    ALL;

    public static final List<String> NAMES = List.of("none", "latest", "all");
    /** Never more catch-up runs than this for one pipeline, whatever the downtime. */
    public static final int MAX_RUNS = 1_000;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The runs a restart at {@code now} creates for a pipeline whose last scheduled fire time was
     * {@code lastFire}: the missed fire times this policy keeps. A pipeline that never ran has missed
     * nothing: its first run is at its next fire time.
     */
    public List<Instant> missed(Cron cron, Instant lastFire, Instant now) {
        if (lastFire == null || this == NONE) {
            return List.of();
        }
        if (this == ALL) {
            return cron.between(lastFire, now, MAX_RUNS);
        }
        // the newest fire time at or before now, after lastFire
        Instant newest = null;
        for (Instant fire = cron.next(lastFire).orElse(null); fire != null && !fire.isAfter(now); fire = cron.next(fire).orElse(null)) {
            newest = fire;
        }
        return newest == null ? List.of() : List.of(newest);
    }
}
