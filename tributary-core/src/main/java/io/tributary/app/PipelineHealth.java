package io.tributary.app;

import io.tributary.metadata.CheckResult;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.RunRecord;
import io.tributary.metadata.RunStatus;
import io.tributary.project.HealthThresholds;
import io.tributary.project.PipelineSpec;
import io.tributary.schedule.Cron;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a pipeline is doing, from its run history: {@code unknown} (never ran), {@code healthy},
 * {@code degraded} or {@code critical}, with the reason. The rules (docs/server.md, Health), with the
 * pipeline's {@link HealthThresholds} ({@code health:}; the defaults in brackets):
 * <ul>
 *   <li>critical: more than {@code critical_errors_24h} [10] failed runs in 24 hours, the last
 *       {@code critical_failed_in_a_row} [3] runs failed, or its data older than {@code critical_stale_after}
 *       [two schedule intervals];</li>
 *   <li>degraded: a success rate under {@code degraded_below} [95%] over the last {@code window} [20] runs, data
 *       older than {@code stale_after} [one schedule interval] (stale), or warn-level checks failing in its last run;</li>
 *   <li>healthy otherwise.</li>
 * </ul>
 * Data age is the time since the newest successful run ended. A limit in schedule intervals counts only
 * for scheduled pipelines; a fixed age ({@code stale_after: 6h}) for every pipeline.
 *
 * @param staleAfter the age past which its data is stale, null when it cannot go stale
 */
public record PipelineHealth(String pipeline, Status status, String reason, RunRecord lastRun, double successRate, int runs,
                             long errors24h, Duration dataAge, Duration interval, Duration staleAfter) {
    public static final int WINDOW = HealthThresholds.DEFAULT.window();
    public static final double HEALTHY_RATE = HealthThresholds.DEFAULT.degradedBelow();
    public static final int CRITICAL_ERRORS_24H = HealthThresholds.DEFAULT.criticalErrors24h();
    public static final int CRITICAL_FAILED_IN_A_ROW = HealthThresholds.DEFAULT.criticalFailedInARow();
    /** How many runs are read at least: the errors of the last 24 hours are counted among them. */
    private static final int READ = 200;

    public enum Status {
        UNKNOWN, HEALTHY, DEGRADED, CRITICAL,
        /** Its pipeline file no longer validates: a server runs it on its last good definition until the file is fixed. */
        INVALID;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The health of each pipeline at {@code now}, from {@code store}, by the pipeline's own thresholds. */
    public static List<PipelineHealth> of(MetadataStore store, List<PipelineSpec> pipelines, Instant now) {
        List<PipelineHealth> all = new ArrayList<>();
        for (PipelineSpec pipeline : pipelines) {
            all.add(of(store, pipeline.name(), pipeline.scheduling().cron(), pipeline.health(), now));
        }
        return all;
    }

    /** This health, said {@code invalid} for {@code reason} (the file's problem); its history stays as it is. */
    public PipelineHealth invalid(String reason) {
        return new PipelineHealth(pipeline, Status.INVALID, reason, lastRun, successRate, runs, errors24h, dataAge, interval, staleAfter);
    }

    /** A pipeline file that never validated: no definition, no history to judge. */
    public static PipelineHealth invalidOnly(String pipeline, String reason) {
        return new PipelineHealth(pipeline, Status.INVALID, reason, null, 0, 0, 0, null, null, null);
    }

    static PipelineHealth of(MetadataStore store, String pipeline, Cron cron, Instant now) {
        return of(store, pipeline, cron, HealthThresholds.DEFAULT, now);
    }

    static PipelineHealth of(MetadataStore store, String pipeline, Cron cron, HealthThresholds limits, Instant now) {
        // runs that ran: a skipped run (the pipeline was busy) says nothing about its health, a running one not yet
        int read = Math.max(READ, Math.max(limits.window(), limits.criticalFailedInARow()));
        List<RunRecord> runs = store.runs(pipeline, read).stream()
                .filter(r -> r.status() != RunStatus.SKIPPED && r.status() != RunStatus.RUNNING).toList();
        Duration interval = cron == null ? null : interval(cron, now);
        Duration staleAfter = limits.staleAfter().limit(interval);
        Duration criticalAfter = limits.criticalStaleAfter().limit(interval);
        if (runs.isEmpty()) {
            return new PipelineHealth(pipeline, Status.UNKNOWN, "it never ran", null, 0, 0, 0, null, interval, staleAfter);
        }
        RunRecord last = runs.get(0);
        List<RunRecord> window = runs.subList(0, Math.min(limits.window(), runs.size()));
        long successes = window.stream().filter(r -> r.status() == RunStatus.SUCCESS).count();
        double rate = (double) successes / window.size();
        long errors = runs.stream().filter(r -> r.status() != RunStatus.SUCCESS && r.startedAt().isAfter(now.minus(Duration.ofHours(24)))).count();
        int inARow = limits.criticalFailedInARow();
        boolean lastFailedInARow = runs.size() >= inARow
                && runs.subList(0, inARow).stream().allMatch(r -> r.status() != RunStatus.SUCCESS);
        Optional<RunRecord> lastGood = runs.stream().filter(r -> r.status() == RunStatus.SUCCESS && r.endedAt() != null).findFirst();
        Duration age = lastGood.map(r -> Duration.between(r.endedAt(), now)).orElse(null);

        String rateText = String.format(Locale.ROOT, "%.0f%% of the last %d runs succeeded", rate * 100, window.size());
        if (errors > limits.criticalErrors24h()) {
            return new PipelineHealth(pipeline, Status.CRITICAL, errors + " failed runs in the last 24 hours", last, rate, window.size(), errors,
                    age, interval, staleAfter);
        }
        if (lastFailedInARow) {
            return new PipelineHealth(pipeline, Status.CRITICAL, (inARow == 1 ? "its last run failed: " : "its last " + inARow + " runs failed: ")
                    + firstLine(last.error()), last, rate, window.size(), errors, age, interval, staleAfter);
        }
        if (criticalAfter != null && (age == null || age.compareTo(criticalAfter) > 0)) {
            return new PipelineHealth(pipeline, Status.CRITICAL, age == null ? "no run ever succeeded"
                    : "its data is " + words(age) + " old, more than " + limit(limits.criticalStaleAfter(), criticalAfter, interval),
                    last, rate, window.size(), errors, age, interval, staleAfter);
        }
        if (rate < limits.degradedBelow()) {
            return new PipelineHealth(pipeline, Status.DEGRADED, rateText, last, rate, window.size(), errors, age, interval, staleAfter);
        }
        if (staleAfter != null && (age == null || age.compareTo(staleAfter) > 0)) {
            return new PipelineHealth(pipeline, Status.DEGRADED, age == null ? "stale: no run ever succeeded"
                    : "stale: its data is " + words(age) + " old, " + (limits.staleAfter().age() == null && limits.staleAfter().intervals() == 1
                    ? "its schedule every " + words(interval) : "more than " + limit(limits.staleAfter(), staleAfter, interval)),
                    last, rate, window.size(), errors, age, interval, staleAfter);
        }
        long warned = last.status() == RunStatus.SUCCESS
                ? store.checkResults(last.runId()).stream().filter(c -> c.status() == CheckResult.Status.WARN).count() : 0;
        if (warned > 0) {
            return new PipelineHealth(pipeline, Status.DEGRADED, warned + " warn-level check" + (warned == 1 ? "" : "s") + " failed in its last run (tributary checks "
                    + pipeline + ")", last, rate, window.size(), errors, age, interval, staleAfter);
        }
        return new PipelineHealth(pipeline, Status.HEALTHY, rateText, last, rate, window.size(), errors, age, interval, staleAfter);
    }

    /** "two schedule intervals (1 h each)", "1.5 schedule intervals (...)" or "6 h": the limit as configured. */
    private static String limit(HealthThresholds.Staleness configured, Duration limit, Duration interval) {
        if (configured.age() != null) {
            return words(limit);
        }
        double n = configured.intervals();
        String count = n == 1 ? "one schedule interval" : n == 2 ? "two schedule intervals"
                : configured.words().replace("x", "") + " schedule intervals";
        return count + " (" + words(interval) + (n == 1 ? ")" : " each)");
    }

    /** The schedule's interval now: from its next fire time to the one after (a cron's interval may vary: this is the current one). */
    static Duration interval(Cron cron, Instant now) {
        Instant next = cron.next(now).orElse(now);
        return Duration.between(next, cron.next(next).orElse(next.plus(Duration.ofDays(1))));
    }

    static String words(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 120) {
            return minutes + " min";
        }
        long hours = d.toHours();
        return hours < 48 ? hours + " h" : d.toDays() + " days";
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}
