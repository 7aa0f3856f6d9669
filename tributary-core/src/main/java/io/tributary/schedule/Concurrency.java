package io.tributary.schedule;

import java.util.List;
import java.util.Locale;

/**
 * {@code concurrency:} of a pipeline: what a fire time does while the pipeline's previous run is
 * still going (a pipeline never runs twice at once).
 */
public enum Concurrency {
    /** The due run is not run; it is recorded skipped (the default). */
    SKIP,
    /** The due run waits for the running one, then starts; at most one waits, a further one is recorded skipped. */
    QUEUE;

    public static final List<String> NAMES = List.of("skip", "queue");

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
