package io.tributary.server;

import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.Pruned;
import io.tributary.project.HistorySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's daily pruning of the run history by the project's {@code history:} (keep_days, keep_runs):
 * once at start, then every 24 hours, logging what it removed. While a server runs it holds the
 * warehouse, so this is where a history in the warehouse gets pruned ({@code tributary prune} is busy then).
 */
final class HistoryPruning implements AutoCloseable {
    static final Duration EVERY = Duration.ofHours(24);
    private static final Logger LOG = LoggerFactory.getLogger(HistoryPruning.class);

    private final HistorySpec history;
    private final MetadataStore store;
    private final Clock clock;
    private final CompletableFuture<Pruned> first = new CompletableFuture<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tributary-history-pruning");
        thread.setDaemon(true);
        return thread;
    });

    private HistoryPruning(HistorySpec history, MetadataStore store, Clock clock) {
        this.history = history;
        this.store = store;
        this.clock = clock;
    }

    /** Prunes now (on its own thread, not delaying the start) and then every {@link #EVERY}. */
    static HistoryPruning start(HistorySpec history, MetadataStore store, Clock clock) {
        HistoryPruning pruning = new HistoryPruning(history, store, clock);
        pruning.timer.scheduleWithFixedDelay(pruning::pass, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return pruning;
    }

    /** One pass: what it removed. */
    Pruned prune() {
        return store.prune(history.cutoff(clock.instant()), history.keepRuns(), false);
    }

    /** The first pass's outcome, for tests and for whoever waits on the start's pruning. */
    CompletableFuture<Pruned> firstPass() {
        return first;
    }

    private void pass() {
        try {
            Pruned pruned = prune();
            if (pruned.isEmpty()) {
                LOG.info("history: nothing to prune (keeping {} days, at most {} runs per pipeline)", history.keepDays(), history.keepRuns());
            } else {
                LOG.info("history: removed {} (older than {} days or beyond the newest {} of their pipeline): {}", pruned.describe(),
                        history.keepDays(), history.keepRuns(), pruned.runsByPipeline());
            }
            first.complete(pruned);
        } catch (RuntimeException e) {
            // a failed pass leaves the history as it was; the next one tries again
            LOG.warn("history: pruning failed, it is tried again in {} h: {}", EVERY.toHours(), e.getMessage());
            first.completeExceptionally(e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
