package io.tributary.app;

import io.tributary.metadata.CheckResult;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.RunRecord;
import io.tributary.metadata.RunStatus;
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
 * {@code degraded} or {@code critical}, with the reason. The rules (docs/monitoring.md):
 * <ul>
 *   <li>critical: more than {@value #CRITICAL_ERRORS_24H} failed runs in 24 hours, the last
 *       {@value #CRITICAL_FAILED_IN_A_ROW} runs failed, or its data older than two schedule intervals;</li>
 *   <li>degraded: a success rate under 95% over the last {@value #WINDOW} runs, data older than one
 *       schedule interval (stale), or warn-level checks failing in its last run;</li>
 *   <li>healthy otherwise.</li>
 * </ul>
 * Data age is the time since the newest successful run ended; it counts only for scheduled pipelines.
 */
public record PipelineHealth(String pipeline, Status status, String reason, RunRecord lastRun, double successRate, int runs,
                             long errors24h, Duration dataAge, Duration interval) {
    public static final int WINDOW = 20;
    public static final double HEALTHY_RATE = 0.95;
    public static final int CRITICAL_ERRORS_24H = 10;
    public static final int CRITICAL_FAILED_IN_A_ROW = 3;

    public enum Status {
        UNKNOWN, HEALTHY, DEGRADED, CRITICAL,
        /** Its pipeline file no longer validates: a server runs it on its last good definition until the file is fixed. */
        INVALID;

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The health of each pipeline at {@code now}, from {@code store}. */
    public static List<PipelineHealth> of(MetadataStore store, List<PipelineSpec> pipelines, Instant now) {
        List<PipelineHealth> all = new ArrayList<>();
        for (PipelineSpec pipeline : pipelines) {
            all.add(of(store, pipeline.name(), pipeline.scheduling().cron(), now));
        }
        return all;
    }

    /** This health, said {@code invalid} for {@code reason} (the file's problem); its history stays as it is. */
    public PipelineHealth invalid(String reason) {
        return new PipelineHealth(pipeline, Status.INVALID, reason, lastRun, successRate, runs, errors24h, dataAge, interval);
    }

    /** A pipeline file that never validated: no definition, no history to judge. */
    public static PipelineHealth invalidOnly(String pipeline, String reason) {
        return new PipelineHealth(pipeline, Status.INVALID, reason, null, 0, 0, 0, null, null);
    }

    static PipelineHealth of(MetadataStore store, String pipeline, Cron cron, Instant now) {
        // runs that ran: a skipped run (the pipeline was busy) says nothing about its health, a running one not yet
        List<RunRecord> runs = store.runs(pipeline, 200).stream()
                .filter(r -> r.status() != RunStatus.SKIPPED && r.status() != RunStatus.RUNNING).toList();
        Duration interval = cron == null ? null : interval(cron, now);
        if (runs.isEmpty()) {
            return new PipelineHealth(pipeline, Status.UNKNOWN, "it never ran", null, 0, 0, 0, null, interval);
        }
        RunRecord last = runs.get(0);
        List<RunRecord> window = runs.subList(0, Math.min(WINDOW, runs.size()));
        long successes = window.stream().filter(r -> r.status() == RunStatus.SUCCESS).count();
        double rate = (double) successes / window.size();
        long errors = runs.stream().filter(r -> r.status() != RunStatus.SUCCESS && r.startedAt().isAfter(now.minus(Duration.ofHours(24)))).count();
        boolean lastFailedInARow = runs.size() >= CRITICAL_FAILED_IN_A_ROW
                && runs.subList(0, CRITICAL_FAILED_IN_A_ROW).stream().allMatch(r -> r.status() != RunStatus.SUCCESS);
        Optional<RunRecord> lastGood = runs.stream().filter(r -> r.status() == RunStatus.SUCCESS && r.endedAt() != null).findFirst();
        Duration age = lastGood.map(r -> Duration.between(r.endedAt(), now)).orElse(null);

        String rateText = String.format(Locale.ROOT, "%.0f%% of the last %d runs succeeded", rate * 100, window.size());
        if (errors > CRITICAL_ERRORS_24H) {
            return new PipelineHealth(pipeline, Status.CRITICAL, errors + " failed runs in the last 24 hours", last, rate, window.size(), errors, age, interval);
        }
        if (lastFailedInARow) {
            return new PipelineHealth(pipeline, Status.CRITICAL, "its last " + CRITICAL_FAILED_IN_A_ROW + " runs failed: " + firstLine(last.error()),
                    last, rate, window.size(), errors, age, interval);
        }
        if (interval != null && (age == null || age.compareTo(interval.multipliedBy(2)) > 0)) {
            return new PipelineHealth(pipeline, Status.CRITICAL, age == null ? "no run ever succeeded"
                    : "its data is " + words(age) + " old, more than two schedule intervals (" + words(interval) + " each)",
                    last, rate, window.size(), errors, age, interval);
        }
        if (rate < HEALTHY_RATE) {
            return new PipelineHealth(pipeline, Status.DEGRADED, rateText, last, rate, window.size(), errors, age, interval);
        }
        if (interval != null && age.compareTo(interval) > 0) {
            return new PipelineHealth(pipeline, Status.DEGRADED, "stale: its data is " + words(age) + " old, its schedule every " + words(interval),
                    last, rate, window.size(), errors, age, interval);
        }
        long warned = last.status() == RunStatus.SUCCESS
                ? store.checkResults(last.runId()).stream().filter(c -> c.status() == CheckResult.Status.WARN).count() : 0;
        if (warned > 0) {
            return new PipelineHealth(pipeline, Status.DEGRADED, warned + " warn-level check" + (warned == 1 ? "" : "s") + " failed in its last run (tributary checks "
                    + pipeline + ")", last, rate, window.size(), errors, age, interval);
        }
        return new PipelineHealth(pipeline, Status.HEALTHY, rateText, last, rate, window.size(), errors, age, interval);
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
