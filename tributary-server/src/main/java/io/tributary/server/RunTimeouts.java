package io.tributary.server;

import io.tributary.engine.RunCancel;
import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.project.PipelineSpec;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A pipeline's {@code timeout:}: a run still going when it is up is stopped ({@link RunCancel}); it
 * fails "timed out after 30m", nothing of it is published, and the retry policy applies as to any
 * failure. Measured on the machine's clock from the run's start (after any wait for a free slot).
 */
final class RunTimeouts implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tributary-timeouts");
        thread.setDaemon(true);
        return thread;
    });

    /** The listener to run {@code pipeline} with: it starts the pipeline's timeout when the run starts, and ends it with the run. */
    RunListener watch(PipelineSpec pipeline) {
        Duration timeout = pipeline.scheduling().timeout();
        if (timeout == null) {
            return RunListener.NONE;
        }
        return new RunListener() {
            private ScheduledFuture<?> alarm;

            @Override
            public synchronized void started(long runId, String name, String source) {
                alarm = timer.schedule(() -> RunCancel.cancel(runId, "timed out after " + describe(timeout)), timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
            }

            @Override
            public synchronized void finished(RunResult result) {
                if (alarm != null) {
                    alarm.cancel(false);
                }
            }
        };
    }

    /** As the user writes it: 30m, 2h, 45s, 500ms. */
    static String describe(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 86_400_000 == 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
