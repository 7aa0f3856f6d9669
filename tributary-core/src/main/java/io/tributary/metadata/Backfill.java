package io.tributary.metadata;

import java.time.Instant;
import java.util.List;

/**
 * One backfill of a pipeline as the metadata store keeps it: the range, how it was cut into windows,
 * and each window's progress.
 *
 * @param window the window size as the user wrote it ({@code 1d}, {@code 6h})
 * @param zone   the time zone its dates were read in
 */
public record Backfill(long id, String pipeline, Instant from, Instant to, String window, String zone, Instant createdAt,
                       List<BackfillWindow> windows) {

    public boolean complete() {
        return windows.stream().allMatch(w -> w.status() == BackfillWindow.Status.DONE);
    }

    public long done() {
        return windows.stream().filter(w -> w.status() == BackfillWindow.Status.DONE).count();
    }
}
