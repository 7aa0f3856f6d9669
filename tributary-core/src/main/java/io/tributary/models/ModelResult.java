package io.tributary.models;

import io.tributary.metadata.CheckResult;
import io.tributary.metadata.RunStatus;
import java.util.List;

/**
 * What building one model did.
 *
 * @param runId  the model's run in the history (a model's builds are runs, named for the model), 0 when it was not started
 * @param rows   the rows of the table built (for an incremental model: the rows merged), -1 for a view
 * @param where  where it was built: "the warehouse" or the connection's name
 * @param error  why it failed or was skipped, with the model's file and line; null on success
 */
public record ModelResult(long runId, String model, Materialization materialized, RunStatus status, long rows, long millis, String where,
                          String error, List<CheckResult> checks, List<String> warnings) {
    public boolean succeeded() {
        return status == RunStatus.SUCCESS;
    }
}
