package io.tributary.project;

import io.tributary.config.ConfigReader;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code history:} of tributary.yml: how long the run history (runs with their logs and check results)
 * is kept. A run goes when it is older than {@code keepDays} or beyond the newest {@code keepRuns} of its
 * pipeline; the server prunes daily, {@code tributary prune} on demand.
 *
 * @param keepDays runs that started longer ago than this many days are removed
 * @param keepRuns each pipeline keeps at most this many of its newest runs
 */
public record HistorySpec(int keepDays, int keepRuns) {
    public static final HistorySpec DEFAULT = new HistorySpec(90, 1000);
    /** About a hundred years: enough for "keep everything". */
    static final long MAX_DAYS = 36_500;
    static final long MAX_RUNS = 100_000_000;

    /** Runs that started before this instant are old enough to be removed. */
    public Instant cutoff(Instant now) {
        return now.minus(Duration.ofDays(keepDays));
    }

    /** Reads {@code history: {keep_days: 90, keep_runs: 1000}}; problems are reported where they are written. */
    static HistorySpec read(ConfigReader config) {
        ConfigReader history = config.map("history");
        if (history == null) {
            return DEFAULT;
        }
        Long days = history.integer("keep_days", (long) DEFAULT.keepDays(), 1, MAX_DAYS);
        Long runs = history.integer("keep_runs", (long) DEFAULT.keepRuns(), 1, MAX_RUNS);
        history.finish();
        return new HistorySpec(days.intValue(), runs.intValue());
    }
}
