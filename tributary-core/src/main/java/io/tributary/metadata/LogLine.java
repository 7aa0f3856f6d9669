package io.tributary.metadata;

import java.time.Instant;

/** One line of a run's log, kept with the run for {@code tributary logs RUN_ID}. */
public record LogLine(long runId, long sequence, Instant at, String level, String message) {}
