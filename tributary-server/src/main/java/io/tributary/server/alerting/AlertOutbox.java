package io.tributary.server.alerting;

import io.tributary.alert.Alert;
import io.tributary.alert.AlertDispatcher;
import io.tributary.alert.AlertKind;
import io.tributary.alert.AlertSeverity;
import io.tributary.metadata.MetadataStore;
import io.tributary.project.AlertChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where alerts wait to be sent, so that what many pipelines raise at once reaches a channel as ONE
 * message: the first alert to a channel opens a window of {@code group}; what else comes for that
 * channel within it joins, and when the window ends the channel gets one message listing the
 * pipelines ("20 pipelines failed: a, b, c, …"). A window that holds one alert sends it as it is.
 *
 * <p>PagerDuty channels are never grouped: PagerDuty keys each incident by its {@code dedup_key}, and
 * one trigger for twenty pipelines could not be resolved pipeline by pipeline. PagerDuty groups
 * alerts on its side. A zero window sends every alert at once.
 *
 * <p>Every delivery is counted ({@code counted}: the metrics) and recorded in the store (what
 * {@code tributary status} shows); a failing channel is logged and never stops the others.
 */
final class AlertOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(AlertOutbox.class);
    /** How many pipeline names a grouped summary lists before "and N more". */
    static final int NAMES_IN_SUMMARY = 10;

    /** An alert waiting, with the words that say what happened to its pipeline in a grouped summary ("failed"). */
    record Pending(Alert alert, String verb) {}

    private final AlertDispatcher dispatcher;
    private final MetadataStore store;
    private final Clock clock;
    private final Duration group;
    private final BiConsumer<String, Boolean> counted;
    private final Map<String, Window> windows = new LinkedHashMap<>();

    private static final class Window {
        final AlertChannel channel;
        final Instant closes;
        final List<Pending> alerts = new ArrayList<>();

        Window(AlertChannel channel, Instant closes) {
            this.channel = channel;
            this.closes = closes;
        }
    }

    AlertOutbox(AlertDispatcher dispatcher, MetadataStore store, Clock clock, Duration group, BiConsumer<String, Boolean> counted) {
        this.dispatcher = dispatcher;
        this.store = store;
        this.clock = clock;
        this.group = group;
        this.counted = counted;
    }

    /** Sends {@code alert} to the channels now, or holds it in their windows. */
    void post(Alert alert, String verb, List<AlertChannel> channels) {
        List<AlertChannel> now = new ArrayList<>();
        synchronized (this) {
            for (AlertChannel channel : channels) {
                if (group.isZero() || group.isNegative() || "pagerduty".equals(channel.type())) {
                    now.add(channel);
                } else {
                    windows.computeIfAbsent(channel.name(), n -> new Window(channel, clock.instant().plus(group)))
                            .alerts.add(new Pending(alert, verb));
                }
            }
        }
        send(alert, now);
    }

    /** Sends the windows that have closed. */
    void flushDue() {
        flush(false);
    }

    /** Sends every window, closed or not (the server stops: nothing held is lost). */
    void flushAll() {
        flush(true);
    }

    /** How many alerts wait in open windows. */
    synchronized int waiting() {
        return windows.values().stream().mapToInt(w -> w.alerts.size()).sum();
    }

    private void flush(boolean all) {
        List<Window> due = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            windows.values().removeIf(w -> {
                if (all || !now.isBefore(w.closes)) {
                    due.add(w);
                    return true;
                }
                return false;
            });
        }
        for (Window window : due) {
            send(grouped(window.alerts, clock.instant()), List.of(window.channel));
        }
    }

    /** One alert for what a window held: itself when alone, else one summary with a line per alert. */
    static Alert grouped(List<Pending> pending, Instant now) {
        if (pending.size() == 1) {
            return pending.get(0).alert();
        }
        Map<String, Set<String>> byVerb = new LinkedHashMap<>();
        AlertSeverity severity = AlertSeverity.INFO;
        AlertKind kind = pending.get(0).alert().kind();
        Set<String> pipelines = new LinkedHashSet<>();
        StringBuilder detail = new StringBuilder();
        for (Pending p : pending) {
            Alert alert = p.alert();
            String name = alert.pipeline() == null ? "-" : alert.pipeline();
            byVerb.computeIfAbsent(p.verb(), v -> new LinkedHashSet<>()).add(name);
            pipelines.add(name);
            if (alert.severity().compareTo(severity) > 0) {
                severity = alert.severity();
                kind = alert.kind();
            }
            detail.append("- ").append(alert.summary());
            if (alert.detail() != null && !alert.detail().isBlank()) {
                detail.append(": ").append(alert.detail().lines().findFirst().orElse(""));
            }
            detail.append('\n');
        }
        List<String> parts = new ArrayList<>();
        byVerb.forEach((verb, names) -> parts.add(count(names.size()) + " " + verb + ": " + names(names)));
        String summary = String.join("; ", parts);
        String pipeline = pipelines.size() == 1 ? pipelines.iterator().next() : null;
        return new Alert(severity, kind, pipeline, summary, detail.toString().strip(), null, null,
                "tributary/group/" + kind.word(), now);
    }

    private static String count(int n) {
        return n == 1 ? "1 pipeline" : n + " pipelines";
    }

    private static String names(Set<String> names) {
        List<String> list = new ArrayList<>(names);
        if (list.size() <= NAMES_IN_SUMMARY) {
            return String.join(", ", list);
        }
        return String.join(", ", list.subList(0, NAMES_IN_SUMMARY)) + " and " + (list.size() - NAMES_IN_SUMMARY) + " more";
    }

    private void send(Alert alert, List<AlertChannel> channels) {
        if (channels.isEmpty()) {
            return;
        }
        for (AlertDispatcher.Sent sent : dispatcher.send(alert, channels)) {
            String channel = sent.channel().name();
            boolean delivered = sent.delivery().delivered();
            counted.accept(channel, delivered);
            String what = alert.pipeline() == null ? "" : alert.pipeline() + ": ";
            if (delivered) {
                LOG.info("{}alert {} delivered to {}", what, alert.kind().word(), channel);
            } else {
                LOG.warn("{}alert {} NOT delivered to {}: {} (tributary status shows the channel's last failure; "
                        + "tributary alerts test {} checks it)", what, alert.kind().word(), channel, sent.delivery().describe(), channel);
            }
            try {
                store.recordAlertDelivery(channel, delivered, delivered ? null : sent.delivery().describe(), clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("cannot record the delivery to alert channel {} in the metadata store: {}", channel, e.getMessage());
            }
        }
    }
}
