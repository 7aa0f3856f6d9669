package io.tributary.app;

import io.tributary.config.Durations;
import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.error.ErrorKind;
import io.tributary.error.TributaryException;
import io.tributary.metadata.Backfill;
import io.tributary.metadata.BackfillWindow;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.RunRecord;
import io.tributary.metadata.RunStatus;
import io.tributary.project.PipelineSpec;
import io.tributary.spi.DestinationException;
import io.tributary.spi.LoadMode;
import io.tributary.spi.TimeWindow;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Backfills, for the command line and the server alike: a pipeline's time range {@code [from, to)}
 * cut into windows, each read by one ordinary run (history, checks, lease, exactly-once publish) that
 * selects only the rows whose time cursor lies in the window ({@link io.tributary.spi.Source#within})
 * and publishes no source state, so the pipeline's own incremental position stays where it was.
 *
 * <p>Exactly once per window: a window is done when its run succeeded, and the run's success commits
 * in the destination's publish transaction (the history in the warehouse) or is reconciled from the
 * destination's load record before anything runs again (the history elsewhere, or a database
 * destination): the same proof a normal run relies on. Only one process runs the backfills of a
 * pipeline at a time ({@link MetadataStore#acquireBackfills}), so two never run one window. Windows run
 * oldest first; the first failure stops the backfill, and running it again resumes at the first
 * window not done.
 */
public final class Backfills {
    /** At most this many windows in one backfill: a typo in --from should not plan a million runs. */
    public static final int MAX_WINDOWS = 10_000;
    /** How many earlier backfills of a pipeline are compared with a new one. */
    private static final int HISTORY = 1_000;

    private final RunService service;

    public Backfills(RunService service) {
        this.service = service;
    }

    /**
     * What to backfill.
     *
     * @param window the window size as written ({@code 1d}), kept in the history
     */
    public record Request(Instant from, Instant to, Duration size, String window, ZoneId zone) {

        /**
         * Reads the user's {@code --from}, {@code --to} and {@code --window}: dates (midnight in the
         * pipeline's time zone), local date-times (in that zone) or instants with an offset.
         */
        public static Request parse(PipelineSpec pipeline, String from, String to, String window) {
            ZoneId zone = Backfills.zone(pipeline);
            Instant start = bound(from, zone, "--from");
            Instant end = bound(to, zone, "--to");
            if (!start.isBefore(end)) {
                throw TributaryException.invalid("backfill of " + pipeline.name() + ": --from " + from + " must be before --to " + to
                        + " (the range is [from, to): from is read, to is not)");
            }
            String size = window == null || window.isBlank() ? "1d" : window.strip();
            Duration duration = Durations.parse(size);
            if (duration == null || duration.compareTo(Duration.ofMinutes(1)) < 0) {
                throw TributaryException.invalid("backfill of " + pipeline.name() + ": --window " + size + " is not a window size; write a "
                        + "duration of at least a minute such as 1d, 7d, 6h or 30m");
            }
            return new Request(start, end, duration, size, zone);
        }
    }

    /** The zone dates are read in: the pipeline's schedule's ({@code timezone:}), else UTC. */
    public static ZoneId zone(PipelineSpec pipeline) {
        return pipeline.scheduling().cron() != null ? pipeline.scheduling().cron().zone() : ZoneId.of("UTC");
    }

    static Instant bound(String text, ZoneId zone, String option) {
        String value = text == null ? "" : text.strip();
        try {
            return LocalDate.parse(value).atStartOfDay(zone).toInstant();
        } catch (DateTimeException notADate) {
            // try the longer forms
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException notAnInstant) {
            // a local date and time, in the zone
        }
        try {
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw TributaryException.invalid(option + " '" + value + "' is not a date or time; write a date (2026-01-01, midnight in "
                    + zone + "), a local time (2026-01-01T06:00) or an instant (2026-01-01T00:00:00Z)");
        }
    }

    /**
     * The windows of {@code [from, to)}, oldest first: whole-day sizes step by calendar days in the
     * zone (a day is 23 or 25 hours when the clocks change), others by the fixed duration; the last
     * window ends at {@code to}.
     */
    public static List<TimeWindow> cut(Request request) {
        List<TimeWindow> windows = new ArrayList<>();
        boolean days = request.size().toSeconds() % 86_400 == 0;
        ZonedDateTime at = request.from().atZone(request.zone());
        while (at.toInstant().isBefore(request.to())) {
            ZonedDateTime next = days ? at.plusDays(request.size().toDays()) : at.plus(request.size());
            Instant end = next.toInstant().isAfter(request.to()) ? request.to() : next.toInstant();
            windows.add(new TimeWindow(at.toInstant(), end, request.zone()));
            if (windows.size() > MAX_WINDOWS) {
                throw TributaryException.invalid("the backfill would run more than " + MAX_WINDOWS + " windows of " + request.window()
                        + "; use a larger --window or a shorter range");
            }
            at = next;
        }
        return windows;
    }

    /** Why the pipeline cannot be backfilled, or null when it can. */
    public static String refusal(PipelineSpec pipeline) {
        if (pipeline.load().mode() == LoadMode.REPLACE) {
            return "it loads in replace mode, where every run replaces the whole table, so each window would replace the one before. "
                    + "Backfill a pipeline with mode: append or mode: merge";
        }
        return pipeline.source().cannotBackfill();
    }

    private static void requireBackfillable(PipelineSpec pipeline) {
        String why = refusal(pipeline);
        if (why != null) {
            throw TributaryException.invalid("pipeline " + pipeline.name() + " (" + pipeline.file().getFileName() + ") cannot be backfilled: "
                    + why + ". Without a backfill, tributary run " + pipeline.name() + " --full-refresh reads everything again.");
        }
    }

    /**
     * One window of a plan.
     *
     * @param doneBy the backfill that loaded this window before, or null when it is still to run
     * @param runId  the run that published it, when done
     */
    public record PlannedWindow(int seq, TimeWindow window, Long doneBy, Long runId) {
        public boolean done() {
            return doneBy != null;
        }
    }

    /**
     * Exactly which windows a backfill would run, before it does.
     *
     * @param resumes the unfinished backfill of the same range and window size that running it continues, or null
     */
    public record Plan(PipelineSpec pipeline, Request request, List<PlannedWindow> windows, Backfill resumes) {
        public List<PlannedWindow> toRun() {
            return windows.stream().filter(w -> !w.done()).toList();
        }
    }

    /** The plan, read-only: nothing is recorded or run. */
    public Plan preview(PipelineSpec pipeline, Request request) {
        requireBackfillable(pipeline);
        return plan(pipeline, request, service.store().backfills(pipeline.name(), HISTORY));
    }

    private Plan plan(PipelineSpec pipeline, Request request, List<Backfill> earlier) {
        List<TimeWindow> windows = cut(request);
        Map<String, BackfillWindow> done = new HashMap<>();
        Map<String, Long> doneBy = new HashMap<>();
        List<BackfillWindow> allDone = new ArrayList<>();
        for (Backfill backfill : earlier) {
            for (BackfillWindow w : backfill.windows()) {
                if (w.status() == BackfillWindow.Status.DONE || w.status() == BackfillWindow.Status.RUNNING && succeeded(w.runId())) {
                    done.putIfAbsent(key(w.from(), w.to()), w);
                    doneBy.putIfAbsent(key(w.from(), w.to()), backfill.id());
                    allDone.add(w);
                }
            }
        }
        boolean merges = pipeline.load().mode() == LoadMode.MERGE;
        List<PlannedWindow> planned = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            TimeWindow window = windows.get(i);
            String key = key(window.from(), window.to());
            BackfillWindow before = done.get(key);
            if (before == null && !merges) {
                // appending a window that overlaps one loaded before would load the rows of the overlap twice
                for (BackfillWindow other : allDone) {
                    if (other.from().isBefore(window.to()) && window.from().isBefore(other.to())) {
                        throw TributaryException.invalid("backfill of " + pipeline.name() + ": the window " + window.describe() + " overlaps "
                                + new TimeWindow(other.from(), other.to(), request.zone()).describe() + ", loaded before by run "
                                + other.runId() + ", and " + pipeline.name() + " appends (mode: " + pipeline.load().mode().yamlName()
                                + "), so its rows would be loaded twice. Backfill with the same window boundaries as before (tributary "
                                + "backfill --status " + pipeline.name() + " lists them), or load with mode: merge and a key");
                    }
                }
            }
            planned.add(new PlannedWindow(i, window, before == null ? null : doneBy.get(key), before == null ? null : before.runId()));
        }
        Backfill resumes = earlier.stream()
                .filter(b -> b.from().equals(request.from()) && b.to().equals(request.to()) && b.window().equals(request.window()))
                .filter(b -> !b.complete()).findFirst().orElse(null);
        return new Plan(pipeline, request, List.copyOf(planned), resumes);
    }

    private boolean succeeded(Long runId) {
        return runId != null && service.store().run(runId).map(RunRecord::status).orElse(null) == RunStatus.SUCCESS;
    }

    private static String key(Instant from, Instant to) {
        return from + "/" + to;
    }

    /** How a backfill ended. */
    public enum End {
        /** Every window is done (maybe by earlier backfills: then nothing ran). */
        COMPLETE,
        /** A window's run failed: the backfill stopped there; running it again resumes at that window. */
        FAILED,
        /** Another run held the pipeline, or another process runs its backfills: try again later. */
        BUSY
    }

    /** One window's run. */
    public record WindowRun(PlannedWindow window, RunResult result) {}

    /** What a backfill did. */
    public record Outcome(long backfillId, Plan plan, List<WindowRun> runs, End end) {}

    /**
     * A backfill ready to run its windows: its id is recorded, and this process holds the pipeline's
     * backfills until {@link #runWindows} ends (or {@link #cancel}).
     */
    public record Started(long backfillId, Plan plan) {}

    /**
     * Settles what earlier attempts left unfinished (a process killed during a window), plans, and
     * records the backfill (or takes up the unfinished one of the same range): the id to follow it by.
     *
     * @throws TributaryException of kind {@link ErrorKind#BUSY} when another process runs backfills of the pipeline
     */
    public Started start(PipelineSpec pipeline, Request request) {
        requireBackfillable(pipeline);
        MetadataStore store = service.store();
        // the store's lease keeps other processes out; this set, other threads of this one (two API requests at once)
        if (!HELD.add(held(pipeline.name()))) {
            throw TributaryException.busy("a backfill of " + pipeline.name() + " is running in this process (a pipeline's windows run one "
                    + "backfill at a time, so none runs twice). Try again when it ends: GET /api/backfills/ID or tributary backfill --status "
                    + pipeline.name());
        }
        if (!store.acquireBackfills(pipeline.name(), service.owner())) {
            HELD.remove(held(pipeline.name()));
            throw TributaryException.busy("another process is running a backfill of " + pipeline.name()
                    + " (a pipeline's windows run one process at a time, so none runs twice). Try again when it ends: tributary backfill --status "
                    + pipeline.name());
        }
        try {
            settle(pipeline);
            Plan plan = plan(pipeline, request, store.backfills(pipeline.name(), HISTORY));
            long id;
            if (plan.resumes() != null) {
                id = plan.resumes().id();
            } else if (plan.toRun().isEmpty()) {
                // nothing to run: the newest backfill that loaded the first window stands for the range
                id = plan.windows().get(0).doneBy();
                release(pipeline.name());
                return new Started(id, plan);
            } else {
                id = store.createBackfill(pipeline.name(), request.window(), request.zone().getId(), plan.windows().stream()
                        .map(w -> BackfillWindow.pending(w.seq(), w.window().from(), w.window().to())).toList());
            }
            for (PlannedWindow w : plan.windows()) {
                if (w.done() && w.doneBy() != id) {
                    // loaded by an earlier backfill with the same boundaries: done here too, by that run
                    store.startBackfillWindow(id, w.seq(), w.runId());
                    store.endBackfillWindow(id, w.seq(), BackfillWindow.Status.DONE);
                }
            }
            if (plan.toRun().isEmpty()) {
                release(pipeline.name());
            }
            return new Started(id, plan);
        } catch (RuntimeException e) {
            release(pipeline.name());
            throw e;
        }
    }

    /** The pipelines whose backfills a thread of this process runs now, by history and pipeline. */
    private static final java.util.Set<String> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private String held(String pipeline) {
        return service.store().describe() + "\n" + pipeline;
    }

    private void release(String pipeline) {
        try {
            service.store().releaseBackfills(pipeline, service.owner());
        } finally {
            HELD.remove(held(pipeline));
        }
    }

    /** Gives back the pipeline's backfills without running the started one (its windows stay as they are). */
    public void cancel(Started started) {
        release(started.plan().pipeline().name());
    }

    /**
     * Windows left {@code running} by a process that stopped: done when their run published (the run's
     * success is recorded, or reconciled now from the destination's load record), else failed, so
     * they run again.
     */
    private void settle(PipelineSpec pipeline) {
        MetadataStore store = service.store();
        List<Backfill> unfinished = store.backfills(pipeline.name(), HISTORY).stream()
                .filter(b -> b.windows().stream().anyMatch(w -> w.status() == BackfillWindow.Status.RUNNING)).toList();
        if (unfinished.isEmpty()) {
            return;
        }
        try {
            service.reconcile(pipeline);
        } catch (DestinationException e) {
            throw TributaryException.failed("backfill of " + pipeline.name() + ": cannot read the destination's load record to learn whether "
                    + "the window a stopped process was running published (" + e.getMessage() + "). Nothing was run; fix the destination "
                    + "and run the backfill again.");
        }
        for (Backfill backfill : unfinished) {
            for (BackfillWindow w : backfill.windows()) {
                if (w.status() == BackfillWindow.Status.RUNNING) {
                    store.endBackfillWindow(backfill.id(), w.seq(), succeeded(w.runId()) ? BackfillWindow.Status.DONE : BackfillWindow.Status.FAILED);
                }
            }
        }
    }

    /** Starts the backfill and runs its windows on this thread. */
    public Outcome run(PipelineSpec pipeline, Request request, Function<TimeWindow, RunListener> listeners) {
        return runWindows(start(pipeline, request), listeners);
    }

    /**
     * Runs the started backfill's windows that are not done, oldest first, each as one run, and stops
     * at the first that does not succeed. Gives back the pipeline's backfills at the end.
     */
    public Outcome runWindows(Started started, Function<TimeWindow, RunListener> listeners) {
        Plan plan = started.plan();
        PipelineSpec pipeline = plan.pipeline();
        MetadataStore store = service.store();
        List<WindowRun> runs = new ArrayList<>();
        try {
            for (PlannedWindow window : plan.toRun()) {
                long id = started.backfillId();
                RunListener marks = new RunListener() {
                    @Override
                    public void started(long runId, String name, String source) {
                        // before the run can publish: a window whose run published always names that run
                        store.startBackfillWindow(id, window.seq(), runId);
                    }
                };
                RunResult result = service.run(pipeline, RunRequest.NOW.within(window.window()),
                        RunListener.all(List.of(marks, listeners.apply(window.window()))));
                runs.add(new WindowRun(window, result));
                boolean published = result.succeeded() && store.run(result.runId()).map(RunRecord::status).orElse(null) == RunStatus.SUCCESS;
                store.endBackfillWindow(id, window.seq(), published ? BackfillWindow.Status.DONE : BackfillWindow.Status.FAILED);
                if (!published) {
                    return new Outcome(id, plan, List.copyOf(runs), result.errorKind() == ErrorKind.BUSY ? End.BUSY : End.FAILED);
                }
            }
            return new Outcome(started.backfillId(), plan, List.copyOf(runs), End.COMPLETE);
        } finally {
            release(pipeline.name());
        }
    }

    /** The backfill's windows as the history has them now. */
    public Optional<Backfill> status(long backfillId) {
        return service.store().backfill(backfillId);
    }
}
