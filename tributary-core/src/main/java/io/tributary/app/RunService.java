package io.tributary.app;

import io.tributary.engine.Destinations;
import io.tributary.engine.PipelineRun;
import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.error.ErrorKind;
import io.tributary.metadata.FinishedRun;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.MetadataStores;
import io.tributary.metadata.NewRun;
import io.tributary.metadata.Owner;
import io.tributary.metadata.RunStatus;
import io.tributary.project.MetadataSpec;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.spi.DestinationRegistry;
import io.tributary.spi.RunCounts;
import io.tributary.warehouse.Warehouse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one way to run pipelines, for the command line, the scheduler and tests alike: it opens the
 * project's warehouse and run history once, keeps this process's heartbeat in the history, and runs
 * each pipeline on connections of its own, so several pipelines run at once
 * ({@link #runAll}). A pipeline never runs twice at once, in this process or another sharing the
 * history: the run takes the pipeline's lease first, and a run that finds it taken either waits for it
 * ({@link RunRequest#waitWhenBusy()}) or ends at once as {@link RunStatus#SKIPPED}, {@link ErrorKind#BUSY}.
 *
 * <p>Runs left {@code running} by a process that is gone (killed, crashed) are marked abandoned when
 * the service opens; the next run of each such pipeline removes what they left in the destination.
 */
public final class RunService implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunService.class);
    /** How often this process tells the history it is alive: well within {@link MetadataStore#OWNER_LEASE}. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** How often a run waiting for a busy pipeline looks again. */
    static final Duration WAIT_POLL = Duration.ofMillis(200);

    private volatile ProjectSpec project;
    private final Warehouse warehouse;
    private final MetadataStore store;
    private final Destinations destinations;
    private final Owner owner = Owner.thisProcess();
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat;
    private final List<Long> abandonedAtOpen;

    private RunService(ProjectSpec project, Warehouse warehouse, MetadataStore store) {
        this.project = project;
        this.warehouse = warehouse;
        this.store = store;
        this.destinations = new Destinations(() -> this.project, warehouse, DestinationRegistry.load(), running::contains);
        store.heartbeat(owner);
        List<Long> abandoned = store.abandonRunsOfGoneOwners();
        this.abandonedAtOpen = List.copyOf(abandoned);
        if (!abandoned.isEmpty()) {
            LOG.info("runs {} were left running by a process that is gone; marked them abandoned", abandoned);
        }
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tributary-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleAtFixedRate(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens the project's warehouse and its run history (migrating both to this version), the history
     * where the project's {@code metadata:} says.
     *
     * @throws io.tributary.error.TributaryException of kind {@link ErrorKind#BUSY} when another process holds the warehouse
     */
    public static RunService open(ProjectSpec project) {
        Warehouse warehouse = Warehouse.open(project.warehouse(), false, project.metadata().inWarehouse());
        MetadataStore store = null;
        try {
            store = openStore(project.metadata(), warehouse);
            return new RunService(project, warehouse, store);
        } catch (RuntimeException e) {
            if (store != null) {
                store.close();
            }
            warehouse.close();
            throw e;
        }
    }

    /** The run history where {@code metadata:} says: in the warehouse (the default) or in PostgreSQL. */
    public static MetadataStore openStore(MetadataSpec metadata, Warehouse warehouse) {
        return metadata.inWarehouse()
                ? MetadataStores.inWarehouse(warehouse.connection(), "the warehouse " + warehouse.path())
                : MetadataStores.postgres(metadata.connection());
    }

    /** The runs this service found left running by a process that is gone (killed), and marked abandoned when it opened. */
    public List<Long> abandonedAtOpen() {
        return abandonedAtOpen;
    }

    public ProjectSpec project() {
        return project;
    }

    /**
     * The project as reloaded while this service runs (a server's {@code tributary reload}): later runs and
     * model builds see its connections and models. Its warehouse and history stay the ones opened.
     */
    public void reloaded(ProjectSpec reloaded) {
        this.project = reloaded;
    }

    public Warehouse warehouse() {
        return warehouse;
    }

    /** The project's SQL models, to build on their own or after runs (each build a run of its own in the history). */
    public ModelBuilds models() {
        return new ModelBuilds(project, warehouse, store, owner);
    }

    /** This process, as the history knows it (runs and backfills are held in its name). */
    public Owner owner() {
        return owner;
    }

    /**
     * Records a run of {@code pipeline} whose publish committed in the destination but whose end the
     * history never got as the success it was (see {@link PipelineRun}), without running anything.
     */
    public void reconcile(PipelineSpec pipeline) throws io.tributary.spi.DestinationException {
        PipelineRun.reconcile(pipeline, destinations, store);
    }

    /** The run history. */
    public MetadataStore store() {
        return store;
    }

    /** Runs one pipeline now, on the calling thread, and returns what happened; a failure is a result, not an exception. */
    public RunResult run(PipelineSpec pipeline, RunRequest request, RunListener caller) {
        long runId = store.startRun(new NewRun(pipeline.name(), pipeline.load().table().toString(), pipeline.load().mode().yamlName(),
                request.fullRefresh(), owner));
        RunListener listener = RunListener.all(List.of(caller, new RunLog(store, runId)));
        running.add(runId);
        // every log line of the run says which run it belongs to (fields of the JSON log)
        try (var pipelineField = org.slf4j.MDC.putCloseable("pipeline", pipeline.name());
             var runField = org.slf4j.MDC.putCloseable("run_id", Long.toString(runId))) {
            if (!takePipeline(pipeline.name(), runId, request)) {
                return skipped(pipeline, runId, listener);
            }
            warehouse.sharing().runStarted();
            try {
                return PipelineRun.execute(new PipelineRun.Context(pipeline, request.fullRefresh(), runId, warehouse, store, destinations, listener,
                        request.window()));
            } finally {
                warehouse.sharing().runEnded();
                store.releasePipeline(pipeline.name(), runId);
            }
        } finally {
            running.remove(runId);
        }
    }

    /**
     * Runs the pipelines, at most {@code parallel} at once, and returns their results in the order
     * given. Each run gets its own listener from {@code listeners}; one failing does not stop the others.
     */
    public List<RunResult> runAll(List<PipelineSpec> pipelines, RunRequest request, int parallel, Function<PipelineSpec, RunListener> listeners) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, not " + parallel);
        }
        if (parallel == 1 || pipelines.size() == 1) {
            List<RunResult> results = new ArrayList<>();
            for (PipelineSpec pipeline : pipelines) {
                results.add(run(pipeline, request, listeners.apply(pipeline)));
            }
            return results;
        }
        ExecutorService workers = Executors.newFixedThreadPool(Math.min(parallel, pipelines.size()), runnable -> {
            Thread thread = new Thread(runnable, "tributary-run");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<RunResult>> futures = new ArrayList<>();
            for (PipelineSpec pipeline : pipelines) {
                futures.add(workers.submit(() -> run(pipeline, request, listeners.apply(pipeline))));
            }
            List<RunResult> results = new ArrayList<>();
            for (Future<RunResult> future : futures) {
                results.add(await(future));
            }
            return results;
        } finally {
            workers.shutdownNow();
        }
    }

    private static RunResult await(Future<RunResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a run", e);
        } catch (ExecutionException e) {
            // PipelineRun turns every failure into a result; what arrives here is a bug, shown as such.
            throw new IllegalStateException("a run failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }

    /** Takes the pipeline's lease, waiting for it when asked to; false when another run keeps it. */
    private boolean takePipeline(String pipeline, long runId, RunRequest request) {
        long deadline = System.nanoTime() + request.waitAtMost().toNanos();
        while (true) {
            if (store.acquirePipeline(pipeline, runId, owner)) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(WAIT_POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * Records a run of the pipeline that does not happen (the scheduler skipped it: its previous run was
     * still going, or a pipeline it runs after failed), so the history shows every fire time.
     */
    public RunResult recordSkipped(PipelineSpec pipeline, ErrorKind kind, String reason) {
        long runId = store.startRun(new NewRun(pipeline.name(), pipeline.load().table().toString(), pipeline.load().mode().yamlName(),
                false, owner));
        return skipped(pipeline, runId, kind, reason, new RunLog(store, runId));
    }

    private RunResult skipped(PipelineSpec pipeline, long runId, RunListener listener) {
        String holder = store.pipelineHolder(pipeline.name()).map(id -> "run " + id).orElse("another run");
        String error = "pipeline " + pipeline.name() + " is busy: " + holder + " is running it, and a pipeline never runs twice at once. "
                + "Nothing was read. Try again when that run ends (tributary runs " + pipeline.name() + "), or run with --wait.";
        return skipped(pipeline, runId, ErrorKind.BUSY, error, listener);
    }

    private RunResult skipped(PipelineSpec pipeline, long runId, ErrorKind kind, String error, RunListener listener) {
        store.finishRun(new FinishedRun(runId, RunStatus.SKIPPED, RunCounts.NONE, kind, error, List.of(), Map.of()));
        RunResult result = new RunResult(runId, pipeline.name(), RunStatus.SKIPPED, 0, 0, 0, 0, 0, 0, pipeline.load().table().toString(), 0,
                List.of(), error, 0, kind, Map.of(), List.of(), 0, 0, List.of(), List.of());
        listener.finished(result);
        return result;
    }

    private void beat() {
        try {
            store.heartbeat(owner);
        } catch (RuntimeException e) {
            LOG.warn("cannot record this process's heartbeat in {}: {}", store.describe(), e.getMessage());
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            store.close();
        } finally {
            warehouse.close();
        }
    }
}
