package io.tributary.connectors.file;

import java.util.ArrayList;
import java.util.List;

/**
 * Which line of the file a line of the rewritten file came from. Records sit on their own line
 * number wherever possible, so the map holds only the stretches where several records of one
 * file line had to go on consecutive lines.
 */
final class JsonLineMap {
    private final List<long[]> shifted = new ArrayList<>();

    /** Record at {@code written} (rewritten file) came from {@code original}. */
    void written(long written, long original) {
        if (written == original) {
            return;
        }
        long[] last = shifted.isEmpty() ? null : shifted.get(shifted.size() - 1);
        if (last != null && last[1] == original && last[0] + last[2] == written) {
            last[2]++;
        } else {
            shifted.add(new long[] {written, original, 1});
        }
    }

    /** The file's line for line {@code written} of the rewritten file. */
    long original(long written) {
        int low = 0;
        int high = shifted.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            long[] run = shifted.get(middle);
            if (written < run[0]) {
                high = middle - 1;
            } else if (written >= run[0] + run[2]) {
                low = middle + 1;
            } else {
                return run[1];
            }
        }
        return written;
    }
}
