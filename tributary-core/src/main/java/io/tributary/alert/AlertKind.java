package io.tributary.alert;

/** What happened. The word is what payloads carry; the event type is the Standard Webhooks {@code type}. */
public enum AlertKind {
    FAILURE("pipeline.failed"),
    CHECK_ERROR("check.failed"),
    CHECK_WARN("check.warned"),
    STALE("pipeline.stale"),
    HEALTH_CHANGE("pipeline.health_changed"),
    RECOVERY("pipeline.recovered"),
    TEST("alert.test");

    private final String eventType;

    AlertKind(String eventType) {
        this.eventType = eventType;
    }

    /** failure, check_error, check_warn, stale, health_change, recovery, test. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The webhook event type, e.g. pipeline.failed. */
    public String eventType() {
        return eventType;
    }
}
