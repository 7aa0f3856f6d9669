package io.tributary.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An alert as a PagerDuty Events API v2 event: {@code trigger} with a payload, or for a recovery
 * {@code resolve} with the same {@code dedup_key}, which closes the incident the trigger opened.
 */
final class PagerDutyEvent {
    /** PagerDuty's limits: a dedup_key of at most 255 characters, a summary of at most 1024. */
    private static final int KEY_LIMIT = 255;
    private static final int SUMMARY_LIMIT = 1024;

    private PagerDutyEvent() {}

    /** critical, warning and info are PagerDuty's words too; its "error" is left for a later mapping of check failures. */
    static String severity(AlertSeverity severity) {
        return switch (severity) {
            case CRITICAL -> "critical";
            case WARNING -> "warning";
            case INFO -> "info";
        };
    }

    static ObjectNode body(Alert alert, String routingKey) {
        ObjectNode root = Json.object();
        root.put("routing_key", routingKey);
        root.put("event_action", alert.isRecovery() ? "resolve" : "trigger");
        root.put("dedup_key", cut(alert.dedupKey(), KEY_LIMIT));
        if (alert.isRecovery()) {
            return root; // a resolve names the incident by its key; PagerDuty ignores a payload
        }
        ObjectNode payload = root.putObject("payload");
        payload.put("summary", cut(alert.summary(), SUMMARY_LIMIT));
        payload.put("source", alert.pipeline() == null ? "tributary" : "tributary pipeline " + alert.pipeline());
        payload.put("severity", severity(alert.severity()));
        payload.put("timestamp", alert.timestamp().toString());
        if (alert.pipeline() != null) {
            payload.put("component", alert.pipeline());
        }
        payload.put("class", alert.kind().word());
        ObjectNode details = payload.putObject("custom_details");
        details.put("kind", alert.kind().word());
        if (alert.detail() != null) {
            details.put("detail", alert.detail());
        }
        if (alert.runId() != null) {
            details.put("run_id", alert.runId());
        }
        if (alert.runLink() != null) {
            details.put("run_url", alert.runLink().toString());
            root.putArray("links").addObject().put("href", alert.runLink().toString()).put("text", "The run in Tributary");
        }
        return root;
    }

    private static String cut(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit);
    }
}
