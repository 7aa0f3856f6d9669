package io.tributary.server;

import io.tributary.app.RunService;
import io.tributary.engine.RunResult;
import io.tributary.error.ErrorKind;
import io.tributary.metadata.Pause;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.schedule.AfterGroups;
import io.tributary.schedule.Concurrency;
import io.tributary.schedule.Scheduler;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server does with a due fire time: nothing while the pipeline is paused; while its
 * previous scheduled run still goes, by its {@code concurrency:} (skip: recorded skipped; queue: it
 * waits, at most one per pipeline); else it joins the run pool, whose fixed size is the global limit
 * and whose queue keeps the runs beyond it waiting in order. When a run ends, the pipelines
 * {@code after:} it whose window it completed run (or are recorded skipped with the reason), and the
 * models downstream of the whole group are built once, after its last pipeline.
 */
final class ScheduledRuns {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledRuns.class);

    /** A fire time to run, with the runs of its group so far (upstreams' results, for the models after the group). */
    private record Job(Scheduler.Due due, List<RunResult> group) {}

    private final java.util.function.Supplier<ProjectSpec> project;
    private final RunService service;
    private final ExecutorService pool;
    private final Clock clock;
    /** Runs a pipeline with its retries; true: build the models downstream of it right after. */
    private final BiFunction<PipelineSpec, Boolean, RunResult> run;
    private final Consumer<List<RunResult>> models;
    private final Consumer<Duration> lag;
    private final Consumer<RunResult> skipped;
    private volatile AfterGroups<List<RunResult>> groups;
    private final Set<String> active = new HashSet<>();
    /** Per pipeline, the runs waiting for its running one: catch-up runs (each one a missed fire time), and at most one due run. */
    private final Map<String, ArrayDeque<Job>> waiting = new HashMap<>();
    private volatile boolean stopped;

    ScheduledRuns(ProjectSpec project, RunService service, ExecutorService pool, Clock clock, BiFunction<PipelineSpec, Boolean, RunResult> run,
                  Consumer<List<RunResult>> models, Consumer<Duration> lag, Consumer<RunResult> skipped) {
        this(() -> project, service, pool, clock, run, models, lag, skipped);
    }

    /** @param project the project as it is now (the server reloads it; then call {@link #reloaded()}) */
    ScheduledRuns(java.util.function.Supplier<ProjectSpec> project, RunService service, ExecutorService pool, Clock clock,
                  BiFunction<PipelineSpec, Boolean, RunResult> run, Consumer<List<RunResult>> models, Consumer<Duration> lag,
                  Consumer<RunResult> skipped) {
        this.project = project;
        this.service = service;
        this.pool = pool;
        this.clock = clock;
        this.run = run;
        this.models = models;
        this.lag = lag;
        this.skipped = skipped;
        this.groups = new AfterGroups<>(afterOf(project.get()));
    }

    private static Map<String, List<String>> afterOf(ProjectSpec project) {
        Map<String, List<String>> after = new LinkedHashMap<>();
        project.pipelines().forEach(p -> after.put(p.name(), p.scheduling().after()));
        return after;
    }

    /**
     * The project was reloaded: when its {@code after:} groups changed, they start over (a window half done under the
     * old groups is not completed; the downstream pipelines run again at their upstreams' next runs).
     */
    void reloaded(ProjectSpec before) {
        if (!afterOf(before).equals(afterOf(project.get()))) {
            LOG.info("the after: groups changed; windows waiting for their upstreams start over");
            groups = new AfterGroups<>(afterOf(project.get()));
        }
    }

    void due(Scheduler.Due due) {
        dispatch(new Job(due, List.of()), null);
    }

    /**
     * Fire times that came together (a tick's): the pause state is read once for all of them, not once each,
     * as a store shared with the running loads is slow to ask 500 times in a row.
     *
     * @param handedOut told of each fire time once it is handled (its run handed to the pool, queued or skipped)
     */
    void due(List<Scheduler.Due> dues, Consumer<Scheduler.Due> handedOut) {
        if (dues.isEmpty()) {
            return;
        }
        Set<String> paused = pausedNow();
        for (Scheduler.Due due : dues) {
            dispatch(new Job(due, List.of()), paused);
            handedOut.accept(due);
        }
    }

    void stop() {
        stopped = true;
    }

    /** @param paused the paused pipelines as read for a batch of fire times, or null to read them now */
    private void dispatch(Job job, Set<String> paused) {
        PipelineSpec pipeline = project.get().pipeline(job.due().pipeline()).orElse(null);
        if (pipeline == null || stopped) {
            return;
        }
        if (paused == null ? paused(pipeline.name()) : paused.contains(pipeline.name())) {
            LOG.info("{}: paused; not running it for {}", pipeline.name(), job.due().fireTime());
            models.accept(job.group());
            return;
        }
        String skip;
        synchronized (this) {
            ArrayDeque<Job> queue = waiting.computeIfAbsent(pipeline.name(), p -> new ArrayDeque<>());
            if (active.add(pipeline.name())) {
                skip = null;
            } else if (job.due().catchUp()) {
                // catchup: all asked for each missed fire time to run: they run one after another
                queue.add(job);
                return;
            } else if (pipeline.scheduling().concurrency() == Concurrency.QUEUE && queue.stream().allMatch(j -> j.due().catchUp())) {
                queue.add(job);
                LOG.info("{}: due for {} while its previous run still goes; it waits for it (concurrency: queue)", pipeline.name(),
                        job.due().fireTime());
                return;
            } else {
                skip = pipeline.scheduling().concurrency() == Concurrency.QUEUE
                        ? "a run for an earlier fire time was still going and another was already waiting for it (concurrency: queue keeps one waiting)"
                        : "its previous run was still going (concurrency: skip; with concurrency: queue it would wait for it)";
            }
        }
        if (skip != null) {
            String reason = "pipeline " + pipeline.name() + " was due for " + job.due().fireTime() + " but " + skip
                    + "; this fire time was skipped, and the pipeline runs again at its next one";
            LOG.info("{}", reason);
            RunResult result = service.recordSkipped(pipeline, ErrorKind.BUSY, reason);
            skipped.accept(result);
            ended(pipeline, job, result, "was skipped: " + skip);
            return;
        }
        try {
            pool.submit(() -> runJob(pipeline, job));
        } catch (RejectedExecutionException e) {
            // the server is stopping: the fire time is not run, as any due after the stop
            synchronized (this) {
                active.remove(pipeline.name());
            }
        }
    }

    private void runJob(PipelineSpec pipeline, Job job) {
        RunResult result = null;
        try {
            lag.accept(Duration.between(job.due().fireTime(), clock.instant()));
            LOG.info("{}: running for {}{}", pipeline.name(), job.due().fireTime(), job.due().catchUp() ? " (catching up a missed fire time)" : "");
            // the models after a group are built once, after its last pipeline
            boolean last = !groups.hasDownstream(pipeline.name());
            result = run.apply(pipeline, last && job.group().isEmpty());
            if (last && !job.group().isEmpty()) {
                List<RunResult> all = new ArrayList<>(job.group());
                all.add(result);
                models.accept(all);
            }
        } finally {
            Job next;
            synchronized (this) {
                ArrayDeque<Job> queue = waiting.get(pipeline.name());
                next = queue == null ? null : queue.poll();
                if (next == null) {
                    active.remove(pipeline.name());
                }
            }
            if (next != null && !stopped) {
                Job queued = next;
                pool.submit(() -> runJob(pipeline, queued));
            } else if (next != null) {
                synchronized (this) {
                    active.remove(pipeline.name());
                }
            }
        }
        if (result != null) {
            ended(pipeline, job, result, result.succeeded() ? null : result.status().word() + ": " + result.error());
        }
    }

    /** A run (or a skip) of {@code pipeline} for the job's fire time ended: the pipelines after it whose window completed go on. */
    private void ended(PipelineSpec pipeline, Job job, RunResult result, String why) {
        if (!groups.hasDownstream(pipeline.name())) {
            return;
        }
        List<RunResult> group = new ArrayList<>(job.group());
        group.add(result);
        for (AfterGroups.Ready<List<RunResult>> ready : groups.ended(pipeline.name(), job.due().fireTime(), result.succeeded(), why, group)) {
            List<RunResult> upstream = ready.payloads().stream().flatMap(List::stream).distinct().toList();
            PipelineSpec downstream = project.get().pipeline(ready.pipeline()).orElse(null);
            if (downstream == null) {
                continue;
            }
            if (ready.run()) {
                dispatch(new Job(new Scheduler.Due(ready.pipeline(), ready.fireTime(), job.due().catchUp()), upstream), null);
            } else if (paused(downstream.name())) {
                models.accept(upstream);
            } else {
                RunResult notRun = service.recordSkipped(downstream, ErrorKind.RUN_FAILED,
                        "pipeline " + downstream.name() + " did not run for " + ready.fireTime() + ": " + ready.reason());
                skipped.accept(notRun);
                LOG.info("{}: {}", downstream.name(), notRun.error());
                if (!groups.hasDownstream(downstream.name())) {
                    models.accept(upstream);
                }
                ended(downstream, new Job(new Scheduler.Due(ready.pipeline(), ready.fireTime(), job.due().catchUp()), upstream), notRun,
                        "was skipped: " + ready.reason());
            }
        }
    }

    private boolean paused(String pipeline) {
        return pausedNow().contains(pipeline);
    }

    private Set<String> pausedNow() {
        try {
            return service.store().pauses().stream().map(Pause::pipeline).collect(java.util.stream.Collectors.toSet());
        } catch (RuntimeException e) {
            LOG.warn("cannot read which pipelines are paused from {}: {}; running them", service.store().describe(), e.getMessage());
            return Set.of();
        }
    }
}
