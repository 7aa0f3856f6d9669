package io.tributary.engine;

import java.util.Locale;

/** A run's status in the history. */
public enum RunStatus {
    RUNNING, SUCCESS, FAILED,
    /** The process died during the run (killed, crashed); nothing of it was published. */
    ABANDONED;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
