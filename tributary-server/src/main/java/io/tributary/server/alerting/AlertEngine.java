package io.tributary.server.alerting;

import io.tributary.alert.Alert;
import io.tributary.alert.AlertDispatcher;
import io.tributary.alert.AlertKind;
import io.tributary.alert.AlertSeverity;
import io.tributary.app.PipelineHealth;
import io.tributary.engine.RunResult;
import io.tributary.error.ErrorKind;
import io.tributary.metadata.AlertIncident;
import io.tributary.metadata.CheckResult;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.RunStatus;
import io.tributary.project.AlertChannel;
import io.tributary.project.AlertEvent;
import io.tributary.project.AlertingSpec;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's alert rules at work. Each event a pipeline's rules name ({@link AlertEvent}) opens an
 * incident per (pipeline, kind) when its trouble starts: the channels hear of it ONCE; while it stays
 * open they are reminded every {@code remind} (none by default); when it ends they get a recovery,
 * with the same dedup key (PagerDuty resolves). Incidents live in the metadata store, so a restarted
 * server knows what it told and when: no repeated alert, reminders on time.
 *
 * <p>Run events (failure, check_error, check_warn) are judged when a run ends; stale and health on
 * the server's tick, by its clock, at most every {@link #EVALUATE_EVERY}, and after each run. The tick
 * does its work on {@code background}, never on the scheduler's thread: a slow channel must not delay
 * a run. Alerts go out through the {@link AlertOutbox}, which groups them per channel.
 */
public final class AlertEngine implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertEngine.class);
    /** How often stale and health are judged between runs: they change slowly, and each look reads the history. */
    public static final Duration EVALUATE_EVERY = Duration.ofSeconds(15);

    /** The project as it is now: a server reloads it while it runs. */
    private final java.util.function.Supplier<ProjectSpec> project;
    private final MetadataStore store;
    private final Clock clock;
    private final Executor background;
    private final AlertOutbox outbox;
    /** The open incidents by pipeline and kind, as in the store. */
    private final Map<String, AlertIncident> open = new ConcurrentHashMap<>();
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile Instant evaluated;

    /**
     * @param background where the tick's work runs (a thread of its own in the server; the caller's in tests)
     * @param counted    told each delivery: the channel's name and whether it was delivered (for the metrics)
     */
    public AlertEngine(ProjectSpec project, AlertDispatcher dispatcher, MetadataStore store, Clock clock, Executor background,
                       BiConsumer<String, Boolean> counted) {
        this(() -> project, dispatcher, store, clock, background, counted);
    }

    /**
     * As the other constructor, on the project as it is at each use (rules, channels and pipelines as last reloaded);
     * the group window is the one at the start.
     */
    public AlertEngine(java.util.function.Supplier<ProjectSpec> project, AlertDispatcher dispatcher, MetadataStore store, Clock clock,
                       Executor background, BiConsumer<String, Boolean> counted) {
        this.project = project;
        this.store = store;
        this.clock = clock;
        this.background = background;
        this.outbox = new AlertOutbox(dispatcher, store, clock, project.get().alerting().group(), counted);
        for (AlertIncident incident : store.openIncidents()) {
            open.put(key(incident.pipeline(), incident.kind()), incident);
        }
    }

    private static String key(String pipeline, String kind) {
        return pipeline + "\u0000" + kind;
    }

    /** The incidents open now. */
    public List<AlertIncident> incidents() {
        return List.copyOf(open.values());
    }

    /** How many alerts wait for their group window to close. */
    public int waiting() {
        return outbox.waiting();
    }

    /** After each run: failure, check_error and check_warn, then stale and health of its pipeline. Never throws: the run is over. */
    public void finished(RunResult result) {
        try {
            judgeRun(result);
        } catch (RuntimeException e) {
            // the metadata store may be unreachable: the run happened all the same, and its answer must not turn into an error
            LOG.error("{}: the alerts could not judge run {}: {}", result.pipeline(), result.runId(), e.getMessage(), e);
        }
    }

    private void judgeRun(RunResult result) {
        PipelineSpec pipeline = project.get().pipeline(result.pipeline()).orElse(null);
        if (pipeline == null || result.status() == RunStatus.SKIPPED || result.errorKind() == ErrorKind.BUSY) {
            return; // a skipped run did not run: it says nothing
        }
        AlertingSpec.Effective rules = rules(pipeline);
        String name = pipeline.name();
        Instant now = clock.instant();
        if (rules.wants(AlertEvent.FAILURE)) {
            if (result.succeeded()) {
                resolve(pipeline, rules, AlertEvent.FAILURE, "Pipeline " + name + " recovered: run " + result.runId() + " succeeded", result.runId());
            } else {
                raise(pipeline, rules, AlertEvent.FAILURE, null, AlertSeverity.CRITICAL, "Pipeline " + name + " failed: run " + result.runId()
                        + " published nothing", result.error(), result.runId(), "failed", now);
            }
        }
        checks(pipeline, rules, result, AlertEvent.CHECK_ERROR, now);
        checks(pipeline, rules, result, AlertEvent.CHECK_WARN, now);
        if (rules.wants(AlertEvent.STALE) || rules.wants(AlertEvent.HEALTH)) {
            judgeHealth(pipeline, rules, now);
        }
    }

    /** Checks of one level: an incident while a run's checks of that level fail, resolved by a successful run whose checks pass. */
    private void checks(PipelineSpec pipeline, AlertingSpec.Effective rules, RunResult result, AlertEvent event, Instant now) {
        if (!rules.wants(event)) {
            return;
        }
        boolean errors = event == AlertEvent.CHECK_ERROR;
        List<CheckResult> failing = result.checks() == null ? List.of() : result.checks().stream().filter(c -> errors
                ? c.status() == CheckResult.Status.FAIL || c.status() == CheckResult.Status.ERROR
                : c.status() == CheckResult.Status.WARN).toList();
        String level = errors ? "error-level" : "warn-level";
        if (failing.isEmpty()) {
            // only checks that ran and passed end it: a run that failed before its checks, or found nothing new, says nothing
            if (result.succeeded() && result.checks() != null && !result.checks().isEmpty()) {
                resolve(pipeline, rules, event, "Pipeline " + pipeline.name() + ": its " + level + " checks pass again (run " + result.runId() + ")",
                        result.runId());
            }
            return;
        }
        StringBuilder detail = new StringBuilder();
        for (CheckResult check : failing) {
            detail.append(check.check()).append(" on ").append(check.table()).append(": ")
                    .append(check.message() != null ? check.message() : check.failing() + " of " + check.rows() + " rows failing").append('\n');
        }
        raise(pipeline, rules, event, null, errors ? AlertSeverity.CRITICAL : AlertSeverity.WARNING, "Pipeline " + pipeline.name() + ": "
                        + failing.size() + " " + level + " check" + (failing.size() == 1 ? "" : "s") + " failed in run " + result.runId(),
                detail.toString().strip() + "\n(tributary checks " + pipeline.name() + ")", result.runId(),
                errors ? "have failing checks" : "have warning checks", now);
    }

    /**
     * On the server's tick: judges stale and health when {@link #EVALUATE_EVERY} passed, reminds open
     * incidents that are due, and sends the group windows that closed. The work runs on {@code background};
     * a tick while the last one still works is skipped.
     */
    public void tick() {
        if (!ticking.compareAndSet(false, true)) {
            return;
        }
        try {
            background.execute(() -> {
                try {
                    tickNow();
                } catch (RuntimeException e) {
                    LOG.error("the alerts' tick failed; it is tried again on the next tick", e);
                } finally {
                    ticking.set(false);
                }
            });
        } catch (RuntimeException e) {
            ticking.set(false); // the executor is shut down: the server stops
        }
    }

    private void tickNow() {
        Instant now = clock.instant();
        if (evaluated == null || !now.isBefore(evaluated.plus(EVALUATE_EVERY))) {
            evaluated = now;
            for (PipelineSpec pipeline : project.get().pipelines()) {
                AlertingSpec.Effective rules = rules(pipeline);
                if (rules.wants(AlertEvent.STALE) || rules.wants(AlertEvent.HEALTH)) {
                    judgeHealth(pipeline, rules, now);
                }
            }
        }
        remind(now);
        outbox.flushDue();
    }

    /** stale: data older than the pipeline's health.stale_after (PipelineHealth's freshness rule); health: the status, when not unknown. */
    private void judgeHealth(PipelineSpec pipeline, AlertingSpec.Effective rules, Instant now) {
        PipelineHealth health = PipelineHealth.of(store, List.of(pipeline), now).get(0);
        String name = pipeline.name();
        if (rules.wants(AlertEvent.STALE) && health.staleAfter() != null && health.dataAge() != null) {
            if (health.dataAge().compareTo(health.staleAfter()) > 0) {
                raise(pipeline, rules, AlertEvent.STALE, null, AlertSeverity.WARNING, "Pipeline " + name + " is stale: its data is "
                        + words(health.dataAge()) + " old, " + (health.interval() == null ? "more than " + words(health.staleAfter())
                        : "its schedule every " + words(health.interval())),
                        "No run succeeded since " + now.minus(health.dataAge()) + " (tributary runs " + name + ")", null, "are stale", now);
            } else {
                resolve(pipeline, rules, AlertEvent.STALE, "Pipeline " + name + " is fresh again: its data is " + words(health.dataAge()) + " old", null);
            }
        }
        if (rules.wants(AlertEvent.HEALTH)) {
            switch (health.status()) {
                case HEALTHY -> resolve(pipeline, rules, AlertEvent.HEALTH, "Pipeline " + name + " is healthy again: " + health.reason(), null);
                case DEGRADED, CRITICAL -> raise(pipeline, rules, AlertEvent.HEALTH, health.status().word(),
                        health.status() == PipelineHealth.Status.CRITICAL ? AlertSeverity.CRITICAL : AlertSeverity.WARNING,
                        "Pipeline " + name + " is " + health.status().word() + ": " + health.reason(), null, null,
                        "are " + health.status().word(), now);
                case UNKNOWN -> { } // it never ran: nothing to say yet
            }
        }
    }

    /**
     * Opens the incident and alerts once. An open incident alerts again only when its state changes
     * (health: degraded to critical and back), never for the same trouble again.
     */
    private void raise(PipelineSpec pipeline, AlertingSpec.Effective rules, AlertEvent event, String state, AlertSeverity severity,
                       String summary, String detail, Long runId, String verb, Instant now) {
        AlertKind kind = kind(event);
        String key = key(pipeline.name(), kind.word());
        AlertIncident incident = new AlertIncident(pipeline.name(), kind.word(), state, now, now, runId, summary);
        AlertIncident current = open.get(key);
        if (current != null) {
            if (state == null || state.equals(current.state())) {
                return;
            }
            incident = new AlertIncident(pipeline.name(), kind.word(), state, current.openedAt(), now, current.runId(), summary);
            store.updateIncident(incident);
            open.put(key, incident);
            summary = summary + " (it was " + current.state() + ")";
        } else if (store.openIncident(incident)) {
            open.put(key, incident);
        } else {
            // another process (or an earlier start) opened it: it was told
            store.openIncidents().stream().filter(i -> i.pipeline().equals(pipeline.name()) && i.kind().equals(kind.word()))
                    .findFirst().ifPresent(i -> open.put(key, i));
            return;
        }
        outbox.post(Alert.of(severity, kind, pipeline.name(), summary, detail, runId, null, now), verb, channels(rules, event));
    }

    /** Ends the incident, if one is open, with a recovery under its dedup key. */
    private void resolve(PipelineSpec pipeline, AlertingSpec.Effective rules, AlertEvent event, String summary, Long runId) {
        AlertKind kind = kind(event);
        AlertIncident incident = open.remove(key(pipeline.name(), kind.word()));
        if (incident == null) {
            return;
        }
        store.resolveIncident(pipeline.name(), kind.word());
        Alert trouble = Alert.of(AlertSeverity.INFO, kind, pipeline.name(), incident.summary() == null ? summary : incident.summary(), null,
                incident.runId(), null, incident.openedAt());
        outbox.post(Alert.recovery(trouble, summary, runId, null, clock.instant()), "recovered", channels(rules, event));
    }

    /** Tells the channels again about incidents open for longer than the pipeline's {@code remind} since their last notice. */
    private void remind(Instant now) {
        for (AlertIncident incident : List.copyOf(open.values())) {
            PipelineSpec pipeline = project.get().pipeline(incident.pipeline()).orElse(null);
            AlertEvent event = event(incident.kind());
            if (pipeline == null || event == null) {
                continue;
            }
            AlertingSpec.Effective rules = rules(pipeline);
            Duration every = rules.remind();
            if (every == null || every.isZero() || every.isNegative()) {
                continue;
            }
            Instant last = incident.notifiedAt() == null ? incident.openedAt() : incident.notifiedAt();
            if (now.isBefore(last.plus(every))) {
                continue;
            }
            AlertIncident reminded = incident.notified(now);
            store.updateIncident(reminded);
            open.put(key(incident.pipeline(), incident.kind()), reminded);
            AlertKind kind = kind(event);
            AlertSeverity severity = kind == AlertKind.FAILURE || kind == AlertKind.CHECK_ERROR || "critical".equals(incident.state())
                    ? AlertSeverity.CRITICAL : AlertSeverity.WARNING;
            outbox.post(Alert.of(severity, kind, incident.pipeline(), "Reminder: " + incident.summary() + " (open since "
                    + incident.openedAt() + ", " + words(Duration.between(incident.openedAt(), now)) + ")", null, incident.runId(), null, now),
                    "are still in trouble", channels(rules, event));
        }
    }

    private AlertingSpec.Effective rules(PipelineSpec pipeline) {
        return project.get().alerting().effective(pipeline.alertRules());
    }

    private List<AlertChannel> channels(AlertingSpec.Effective rules, AlertEvent event) {
        List<AlertChannel> channels = new ArrayList<>();
        for (String name : rules.channelsFor(event)) {
            AlertChannel channel = project.get().alerts().get(name);
            if (channel != null && channel.settings() != null) {
                channels.add(channel);
            }
        }
        return channels;
    }

    static AlertKind kind(AlertEvent event) {
        return switch (event) {
            case FAILURE -> AlertKind.FAILURE;
            case CHECK_ERROR -> AlertKind.CHECK_ERROR;
            case CHECK_WARN -> AlertKind.CHECK_WARN;
            case STALE -> AlertKind.STALE;
            case HEALTH -> AlertKind.HEALTH_CHANGE;
        };
    }

    private static AlertEvent event(String kind) {
        for (AlertEvent event : AlertEvent.values()) {
            if (kind(event).word().equals(kind)) {
                return event;
            }
        }
        return null;
    }

    static String words(Duration d) {
        d = d.isNegative() ? Duration.ZERO : d; // a run recorded by another host's clock, a little ahead
        long minutes = d.toMinutes();
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = d.toHours();
        return hours < 48 ? hours + " h" : d.toDays() + " days";
    }

    /** Sends what the group windows hold: the server stops, and a held alert must not be lost. */
    @Override
    public void close() {
        outbox.flushAll();
    }
}
