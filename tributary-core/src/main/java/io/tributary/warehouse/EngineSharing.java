package io.tributary.warehouse;

import io.tributary.spi.Staging;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How the runs of this process share the warehouse's DuckDB instance. Some work is faster with an
 * instance-wide setting changed (a PostgreSQL COPY with {@code preserve_insertion_order = false});
 * a run may do that only while it is the one run using the instance, and no run starts until it is
 * done ({@link #toItself}). When others are running, it does without the setting.
 */
public final class EngineSharing {
    private final ReentrantLock settings = new ReentrantLock();
    private final AtomicInteger runs = new AtomicInteger();

    /** A run begins to use the instance; waits while another run has it to itself. */
    public void runStarted() {
        settings.lock();
        try {
            runs.incrementAndGet();
        } finally {
            settings.unlock();
        }
    }

    public void runEnded() {
        runs.decrementAndGet();
    }

    /**
     * The instance to the calling run alone, until the lease is closed: only when it is the one run
     * going on (runs that start meanwhile wait); null otherwise, at once.
     */
    public Staging.EngineLease toItself() {
        if (!settings.tryLock()) {
            return null;
        }
        if (runs.get() > 1) {
            settings.unlock();
            return null;
        }
        return settings::unlock;
    }
}
