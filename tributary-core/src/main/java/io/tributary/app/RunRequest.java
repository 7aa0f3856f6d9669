package io.tributary.app;

import io.tributary.spi.TimeWindow;
import java.time.Duration;

/**
 * How to run a pipeline.
 *
 * @param fullRefresh ignore what was loaded before: read everything again and rebuild the tables
 * @param waitAtMost  how long to wait for the pipeline when another run holds it; zero ends the run at
 *                    once as skipped (busy)
 * @param window      for one window of a backfill ({@link Backfills}): read only the rows whose time cursor lies in
 *                    it, and leave the pipeline's incremental state alone; null for an ordinary run
 */
public record RunRequest(boolean fullRefresh, Duration waitAtMost, TimeWindow window) {
    /** An ordinary run that does not wait for a busy pipeline. */
    public static final RunRequest NOW = new RunRequest(false, Duration.ZERO);

    public RunRequest(boolean fullRefresh, Duration waitAtMost) {
        this(fullRefresh, waitAtMost, null);
    }

    public static RunRequest fullRefresh(boolean fullRefresh) {
        return new RunRequest(fullRefresh, Duration.ZERO);
    }

    public RunRequest waiting(Duration waitAtMost) {
        return new RunRequest(fullRefresh, waitAtMost, window);
    }

    /** This request for one backfill window. */
    public RunRequest within(TimeWindow window) {
        return new RunRequest(fullRefresh, waitAtMost, window);
    }

    public boolean waitWhenBusy() {
        return !waitAtMost.isZero();
    }
}
