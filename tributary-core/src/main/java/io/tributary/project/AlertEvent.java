package io.tributary.project;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What an alert rule reacts to ({@code on: [...]}). Each event opens an incident of its own per
 * pipeline, which a recovery ends: a failed run until one succeeds, failing checks until a run's
 * checks pass, stale data until fresh data arrives, an unhealthy status until it is healthy again.
 */
public enum AlertEvent {
    /** A run failed (after its retries, for a scheduled run). */
    FAILURE,
    /** A run's error-level checks failed. */
    CHECK_ERROR,
    /** A run's warn-level checks failed. */
    CHECK_WARN,
    /** The pipeline's data is older than its schedule allows (PipelineHealth's freshness rule). */
    STALE,
    /** Its health moved between healthy, degraded and critical. */
    HEALTH;

    /** The words written in YAML, in order. */
    public static final List<String> NAMES = Arrays.stream(values()).map(AlertEvent::word).toList();

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The event of a word, or null. */
    public static AlertEvent parse(String word) {
        return word != null && NAMES.contains(word) ? valueOf(word.toUpperCase(Locale.ROOT)) : null;
    }
}
