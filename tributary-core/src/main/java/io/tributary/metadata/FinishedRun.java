package io.tributary.metadata;

import io.tributary.spi.RunCounts;
import io.tributary.error.ErrorKind;
import java.util.List;
import java.util.Map;

/**
 * A run's end, as the history keeps it.
 *
 * @param errorKind null when the run succeeded
 * @param warnings  what the user should know although the run succeeded (schema changes, rejects, ...)
 * @param phases    how long each phase took, in milliseconds, in the order they ran
 */
public record FinishedRun(long runId, RunStatus status, RunCounts counts, ErrorKind errorKind, String error,
                          List<String> warnings, Map<String, Long> phases) {}
