package io.tributary.metadata;

import java.util.Map;

/**
 * What pruning the run history removed, or would remove (a dry run): runs with their log lines and
 * check results.
 *
 * @param runsByPipeline how many runs of each pipeline, by pipeline name
 */
public record Pruned(long runs, long logLines, long checkResults, Map<String, Long> runsByPipeline) {
    public static final Pruned NOTHING = new Pruned(0, 0, 0, Map.of());

    public boolean isEmpty() {
        return runs == 0;
    }

    /** "12 runs, 340 log lines and 20 check results". */
    public String describe() {
        return plural(runs, "run") + ", " + plural(logLines, "log line") + " and " + plural(checkResults, "check result");
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
