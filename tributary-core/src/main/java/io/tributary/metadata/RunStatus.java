package io.tributary.metadata;

import java.util.Locale;

/** A run's status in the history. */
public enum RunStatus {
    RUNNING, SUCCESS, FAILED,
    /** The process that ran it is gone (killed, crashed) and nothing of it was published. */
    ABANDONED,
    /** The run never started: another run held the pipeline (a run of a pipeline never overlaps another). */
    SKIPPED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus parse(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
