package io.tributary.connectors.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A pacer for tests: records every pause with its reason and, instead of sleeping, moves its own
 * clock forward, so a test can assert that the source waited (and how long) without taking the time.
 */
final class RecordingPacer implements Pacer {
    /** @param endsAt this pacer's {@link #nanoTime()} when the pause ended (when the paced request went out) */
    record Pause(Duration duration, String reason, long endsAt) {}

    final List<Pause> pauses = Collections.synchronizedList(new ArrayList<>());
    private volatile long skippedNanos;

    static RecordingPacer install() {
        RecordingPacer pacer = new RecordingPacer();
        Pacer.Current.pacer = pacer;
        return pacer;
    }

    static void uninstall() {
        Pacer.Current.pacer = Pacer.SYSTEM;
    }

    @Override
    public long nanoTime() {
        return System.nanoTime() + skippedNanos;
    }

    @Override
    public long currentMillis() {
        return System.currentTimeMillis() + skippedNanos / 1_000_000;
    }

    @Override
    public void sleep(Duration duration, String reason) {
        skippedNanos += duration.toNanos();
        pauses.add(new Pause(duration, reason, nanoTime()));
    }

    /** Moves the clock on, as if the time had passed. */
    void advance(Duration duration) {
        skippedNanos += duration.toNanos();
    }

    List<Pause> pausesFor(String reasonPart) {
        synchronized (pauses) {
            return pauses.stream().filter(p -> p.reason().contains(reasonPart)).toList();
        }
    }
}
