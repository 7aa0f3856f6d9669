package io.tributary.engine;

import io.tributary.error.ErrorKind;
import io.tributary.metadata.CheckResult;
import io.tributary.metadata.RunStatus;
import io.tributary.spi.RunCounts;
import java.util.List;
import java.util.Map;

/**
 * What one run did: the summary printed after it and kept in the run history. {@code skippedBlank}
 * counts blank lines of files, which are neither rows read nor rejected.
 *
 * @param errorKind null when the run succeeded
 * @param phases    how long each phase took, in milliseconds, in order
 * @param checks    every check's result, in the order they ran
 * @param rowsFiltered    rows transform steps removed on purpose
 * @param rowsQuarantined rows quarantining checks set aside
 * @param tables          the tables the run published into (its main table and any child tables), empty when it published nothing
 * @param steps           the rows before and after each transform step that changes their number (filter, dedupe, explode)
 */
public record RunResult(long runId, String pipeline, RunStatus status, long rowsRead, long rowsLoaded,
                        long rowsRejected, long bytesRead, int unitsLoaded, int unitsSkipped, String target,
                        long millis, List<String> warnings, String error, long skippedBlank, ErrorKind errorKind,
                        Map<String, Long> phases, List<CheckResult> checks, long rowsFiltered,
                        long rowsQuarantined, List<StepRows> steps, List<String> tables) {

    public boolean succeeded() {
        return status == RunStatus.SUCCESS;
    }

    /**
     * Rows explode added, one per element beyond the first: {@code rowsLoaded} counts the table's
     * rows, so {@code rowsRead + rowsExploded = rowsLoaded + rowsRejected + rowsFiltered + rowsQuarantined}.
     */
    public long rowsExploded() {
        return steps.stream().mapToLong(StepRows::added).sum();
    }

    public RunCounts counts() {
        return new RunCounts(rowsRead, rowsLoaded, rowsRejected, bytesRead, unitsLoaded, skippedBlank, rowsFiltered, rowsQuarantined);
    }
}
