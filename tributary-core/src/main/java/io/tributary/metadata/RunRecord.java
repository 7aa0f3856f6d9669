package io.tributary.metadata;

import io.tributary.spi.RunCounts;
import io.tributary.error.ErrorKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A row of the run history.
 *
 * @param status  as stored, except that a {@code running} run whose owner process is gone reads as
 *                {@link RunStatus#ABANDONED} (a reader need not wait for the next writer to say so)
 * @param endedAt null while running
 */
public record RunRecord(long runId, String pipeline, Instant startedAt, Instant endedAt, RunStatus status, RunCounts counts,
                        String target, String mode, boolean fullRefresh, ErrorKind errorKind, String error,
                        List<String> warnings, Map<String, Long> phases, String ownerId) {}
