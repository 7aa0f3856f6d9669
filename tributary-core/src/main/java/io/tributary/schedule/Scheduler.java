package io.tributary.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides which pipelines are due, from their schedules and a clock the caller owns (the server
 * passes the system clock; tests pass any instant), so the logic runs the same in both.
 *
 * <p>{@link #start} plans the catch-up runs for what was missed while nothing ran (each pipeline's
 * {@code catchup:} policy, counted from its newest run); {@link #tick} is then called often (the
 * server: every second) and returns the fire times that have come. When a tick comes late over
 * several fire times of one pipeline (the machine slept), they count as missed and the policy
 * applies again: never a flood of runs.
 */
public final class Scheduler {
    /** A run to start: the pipeline, the fire time it stands for, and whether it catches up a missed one. */
    public record Due(String pipeline, Instant fireTime, boolean catchUp) {}

    private final Map<String, Scheduling> schedules = new LinkedHashMap<>();
    private final Map<String, Instant> nextFire = new LinkedHashMap<>();

    /** Only the scheduled pipelines of {@code schedules} are kept. */
    public Scheduler(Map<String, Scheduling> schedules) {
        schedules.forEach((name, scheduling) -> {
            if (scheduling.scheduled()) {
                this.schedules.put(name, scheduling);
            }
        });
    }

    /**
     * The catch-up runs at a (re)start at {@code now}, oldest first per pipeline; afterwards each
     * pipeline waits for its next fire time after now.
     *
     * @param lastRun the start of a pipeline's newest run, or null when it never ran
     */
    public synchronized List<Due> start(Instant now, Function<String, Instant> lastRun) {
        List<Due> due = new ArrayList<>();
        schedules.forEach((name, scheduling) -> {
            for (Instant fire : scheduling.catchUp().missed(scheduling.cron(), lastRun.apply(name), now)) {
                due.add(new Due(name, fire, true));
            }
            scheduling.cron().next(now).ifPresent(next -> nextFire.put(name, next));
        });
        return due;
    }

    /** The fire times that have come by {@code now}, one per pipeline unless its policy is {@code all}. */
    public synchronized List<Due> tick(Instant now) {
        List<Due> due = new ArrayList<>();
        for (Map.Entry<String, Scheduling> entry : schedules.entrySet()) {
            String name = entry.getKey();
            Instant next = nextFire.get(name);
            if (next == null || next.isAfter(now)) {
                continue;
            }
            Cron cron = entry.getValue().cron();
            // the fire time itself, and any after it that this late tick also passed
            List<Instant> passed = new ArrayList<>(List.of(next));
            passed.addAll(cron.between(next, now, CatchUp.MAX_RUNS));
            if (passed.size() == 1) {
                due.add(new Due(name, next, false));
            } else {
                List<Instant> kept = switch (entry.getValue().catchUp()) {
                    case ALL -> passed;
                    case LATEST -> List.of(passed.get(passed.size() - 1));
                    case NONE -> List.of();
                };
                kept.forEach(fire -> due.add(new Due(name, fire, true)));
            }
            cron.next(now).ifPresentOrElse(n -> nextFire.put(name, n), () -> nextFire.remove(name));
        }
        return due;
    }

    /**
     * Takes the project's schedules as reloaded at {@code now}: a pipeline no longer scheduled (its file removed, its
     * {@code schedule:} gone) is dropped; a new or changed schedule waits for its first fire time after now, so a reload
     * never plans catch-up runs; an unchanged one keeps its next fire time.
     *
     * @return the pipelines whose schedule was added, changed or dropped
     */
    public synchronized List<String> update(Map<String, Scheduling> reloaded, Instant now) {
        List<String> touched = new ArrayList<>();
        for (String name : List.copyOf(schedules.keySet())) {
            Scheduling kept = reloaded.get(name);
            if (kept == null || !kept.scheduled()) {
                schedules.remove(name);
                nextFire.remove(name);
                touched.add(name);
            }
        }
        reloaded.forEach((name, scheduling) -> {
            if (!scheduling.scheduled() || scheduling.equals(schedules.get(name))) {
                return;
            }
            schedules.put(name, scheduling);
            scheduling.cron().next(now).ifPresentOrElse(next -> nextFire.put(name, next), () -> nextFire.remove(name));
            touched.add(name);
        });
        return touched;
    }

    /** The pipeline's next fire time, if it has a schedule. */
    public synchronized Optional<Instant> next(String pipeline) {
        return Optional.ofNullable(nextFire.get(pipeline));
    }

    /** The scheduled pipelines, by name. */
    public synchronized Map<String, Scheduling> schedules() {
        return Map.copyOf(schedules);
    }
}
