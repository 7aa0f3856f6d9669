package io.tributary.engine;

import java.util.List;

/** What one run did: the summary printed after it and kept in the run history. */
public record RunResult(long runId, String pipeline, RunStatus status, long rowsRead, long rowsLoaded,
                        long rowsRejected, long bytesRead, int unitsLoaded, int unitsSkipped, String target,
                        long millis, List<String> warnings, String error) {

    public boolean succeeded() {
        return status == RunStatus.SUCCESS;
    }
}
