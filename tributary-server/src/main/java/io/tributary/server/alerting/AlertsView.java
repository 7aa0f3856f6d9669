package io.tributary.server.alerting;

import io.tributary.metadata.AlertChannelState;
import io.tributary.metadata.AlertIncident;
import io.tributary.metadata.MetadataStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/alerts}: the open incidents, each channel's deliveries (the last failure first of all), what waits in group windows. */
public final class AlertsView {
    private AlertsView() {}

    public static Map<String, Object> of(MetadataStore store, int waiting) {
        List<Map<String, Object>> incidents = new ArrayList<>();
        for (AlertIncident incident : store.openIncidents()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pipeline", incident.pipeline());
            row.put("kind", incident.kind());
            row.put("state", incident.state());
            row.put("opened_at", incident.openedAt());
            row.put("notified_at", incident.notifiedAt());
            row.put("run_id", incident.runId());
            row.put("summary", incident.summary());
            incidents.add(row);
        }
        List<Map<String, Object>> channels = new ArrayList<>();
        for (AlertChannelState channel : store.alertChannels()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("channel", channel.channel());
            row.put("failing", channel.failing());
            row.put("delivered", channel.delivered());
            row.put("failed", channel.failed());
            row.put("last_attempt_at", channel.lastAttemptAt());
            row.put("last_success_at", channel.lastSuccessAt());
            row.put("last_failure_at", channel.lastFailureAt());
            row.put("last_failure", channel.lastFailure());
            channels.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("incidents", incidents);
        out.put("channels", channels);
        out.put("waiting", waiting);
        return out;
    }
}
