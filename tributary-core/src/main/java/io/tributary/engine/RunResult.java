package io.tributary.engine;

import java.util.List;

/**
 * What one run did: the summary printed after it and kept in the run history. {@code skippedBlank}
 * counts blank lines of files, which are neither rows read nor rejected.
 */
public record RunResult(long runId, String pipeline, RunStatus status, long rowsRead, long rowsLoaded,
                        long rowsRejected, long bytesRead, int unitsLoaded, int unitsSkipped, String target,
                        long millis, List<String> warnings, String error, long skippedBlank) {

    public RunResult(long runId, String pipeline, RunStatus status, long rowsRead, long rowsLoaded, long rowsRejected, long bytesRead,
                     int unitsLoaded, int unitsSkipped, String target, long millis, List<String> warnings, String error) {
        this(runId, pipeline, status, rowsRead, rowsLoaded, rowsRejected, bytesRead, unitsLoaded, unitsSkipped, target, millis, warnings,
                error, 0);
    }

    public boolean succeeded() {
        return status == RunStatus.SUCCESS;
    }
}
