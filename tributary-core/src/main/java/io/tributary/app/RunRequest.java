package io.tributary.app;

import java.time.Duration;

/**
 * How to run a pipeline.
 *
 * @param fullRefresh ignore what was loaded before: read everything again and rebuild the tables
 * @param waitAtMost  how long to wait for the pipeline when another run holds it; zero ends the run at
 *                    once as skipped (busy)
 */
public record RunRequest(boolean fullRefresh, Duration waitAtMost) {
    /** An ordinary run that does not wait for a busy pipeline. */
    public static final RunRequest NOW = new RunRequest(false, Duration.ZERO);

    public static RunRequest fullRefresh(boolean fullRefresh) {
        return new RunRequest(fullRefresh, Duration.ZERO);
    }

    public RunRequest waiting(Duration waitAtMost) {
        return new RunRequest(fullRefresh, waitAtMost);
    }

    public boolean waitWhenBusy() {
        return !waitAtMost.isZero();
    }
}
