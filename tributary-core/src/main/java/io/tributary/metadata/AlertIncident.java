package io.tributary.metadata;

import java.time.Instant;
import java.util.Objects;

/**
 * An open alert incident: a pipeline in one kind of trouble (failure, check_error, stale, ...) that
 * its channels were told about. There is at most one per (pipeline, kind); it ends when resolved.
 *
 * @param kind       the trouble's word: failure, check_error, check_warn, stale, health_change
 * @param state      what the trouble is now, where it can change while open (the health status: degraded, critical); else null
 * @param notifiedAt when the channels were last told (the alert or the latest reminder): reminders count from it
 * @param runId      the run that opened it, null when none did (stale, health)
 * @param summary    the one line the alert said
 */
public record AlertIncident(String pipeline, String kind, String state, Instant openedAt, Instant notifiedAt, Long runId,
                            String summary) {
    public AlertIncident {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(openedAt, "openedAt");
    }

    public AlertIncident notified(Instant at) {
        return new AlertIncident(pipeline, kind, state, openedAt, at, runId, summary);
    }
}
