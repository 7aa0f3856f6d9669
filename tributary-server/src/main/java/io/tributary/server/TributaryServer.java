package io.tributary.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.tributary.app.ModelBuilds;
import io.tributary.app.PipelineHealth;
import io.tributary.app.RunRequest;
import io.tributary.app.RunService;
import io.tributary.engine.RunResult;
import io.tributary.error.TributaryException;
import io.tributary.metadata.RunRecord;
import io.tributary.models.ModelListener;
import io.tributary.models.ModelResult;
import io.tributary.models.ModelSpec;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.schedule.Scheduler;
import io.tributary.schedule.Scheduling;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tributary server}: one process that owns the warehouse, runs every pipeline on its schedule
 * through the core's {@link RunService} (the CLI's own way to run), builds the models downstream of
 * each run, and answers the REST API, {@code /healthz}, {@code /readyz} and Prometheus' {@code /metrics}.
 *
 * <pre>{@code
 * try (TributaryServer server = TributaryServer.start(project, ServerOptions.defaults())) {
 *     server.awaitStop();
 * }
 * }</pre>
 */
public final class TributaryServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TributaryServer.class);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final ProjectReloads reloads;
    private volatile ProjectWatch watch;
    private final ServerOptions options;
    private final RunService service;
    private final Scheduler scheduler;
    private final ServerMetrics metrics;
    private final ExecutorService runs;
    private final ScheduledExecutorService ticker;
    private final Javalin http;
    private final AtomicInteger running = new AtomicInteger();
    private final io.tributary.server.alerting.AlertEngine alerts;
    private final ExecutorService alerting;
    private final RunTimeouts timeouts = new RunTimeouts();
    private final ScheduledRuns scheduled;
    private final PauseApi pauses;
    private final HistoryPruning pruning;
    private volatile boolean ready;
    private volatile boolean stopped;
    private final ApiAuth auth;
    private final ClientRoutes client;
    private volatile ServerFile serverFile;

    private TributaryServer(io.tributary.project.LoadedProject loaded, io.tributary.project.ProjectLoader loader, ServerOptions options, String version) {
        ProjectSpec project = loaded.spec();
        this.reloads = new ProjectReloads(loaded, loader);
        this.options = options;
        this.service = RunService.open(project);
        io.tributary.app.ApiTokens tokens = new io.tributary.app.ApiTokens(service.store());
        this.auth = new ApiAuth(options, tokens);
        if (!options.loopback() && !auth.anyToken()) {
            service.close();
            throw TributaryException.invalid("the server would listen on " + options.host() + ", beyond this machine, without an API token: "
                    + "create one with tributary token create NAME, or set TRIBUTARY_API_TOKEN (requests then need Authorization: Bearer <token>), "
                    + "or listen on 127.0.0.1");
        }
        this.client = new ClientRoutes(service, options.sqlTimeout(), tokens);
        this.metrics = new ServerMetrics(version, options.clock());
        Instant now = options.clock().instant();
        PipelineHealth.of(service.store(), project.pipelines(), now).stream().filter(h -> h.dataAge() != null)
                .forEach(h -> metrics.dataAt(h.pipeline(), now.minus(h.dataAge())));
        this.scheduler = new Scheduler(schedulesOf(project));
        this.alerting = Executors.newSingleThreadExecutor(daemon("tributary-alerts"));
        this.alerts = new io.tributary.server.alerting.AlertEngine(reloads::current, new io.tributary.alert.AlertDispatcher(io.tributary.alert.AlertSenders.standard()),
                service.store(), options.clock(), alerting, metrics::alertDelivered);
        this.runs = Executors.newFixedThreadPool(Math.max(1, options.maxRuns()), daemon("tributary-run"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("tributary-scheduler"));
        this.scheduled = new ScheduledRuns(reloads::current, service, runs, options.clock(), this::runWithRetries, this::buildModels, metrics::scheduled,
                metrics::runFinished);
        this.pauses = new PauseApi(reloads::current, service, options.clock(), scheduled::due);
        this.pruning = HistoryPruning.start(project.history(), service.store(), options.clock());
        this.http = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
        });
        routes();
        reloads.onChange(this::reloaded);
    }

    private static Map<String, Scheduling> schedulesOf(ProjectSpec project) {
        Map<String, Scheduling> schedules = new LinkedHashMap<>();
        project.pipelines().forEach(p -> schedules.put(p.name(), p.scheduling()));
        return schedules;
    }

    /** After a reload: later runs, the schedule and the after: groups take the new project (runs going on finish as they began). */
    private void reloaded(ProjectSpec before, ProjectSpec after) {
        service.reloaded(after);
        scheduler.update(schedulesOf(after), options.clock().instant());
        scheduled.reloaded(before);
    }

    /** The project's reloads: {@code POST /api/reload} and the file watch go through it. */
    public ProjectReloads reloads() {
        return reloads;
    }

    /** Opens the project's warehouse (this process is then its one writer), starts the HTTP server and the scheduler. */
    public static TributaryServer start(ProjectSpec project, ServerOptions options, String version) {
        return start(new io.tributary.project.LoadedProject(project, List.of()), io.tributary.project.ProjectLoader.standard(), options, version);
    }

    /**
     * As {@link #start(ProjectSpec, ServerOptions, String)}, on a project as far as it loaded: its broken pipeline files are
     * reported invalid until fixed. {@code loader} reads the project again at each reload (the file watch, {@code POST /api/reload}).
     */
    public static TributaryServer start(io.tributary.project.LoadedProject loaded, io.tributary.project.ProjectLoader loader, ServerOptions options,
                                        String version) {
        return start(loaded, loader, options, version, true);
    }

    /** @param watch false: no file watch, only {@code POST /api/reload} reloads (tests that reload at a moment they choose) */
    static TributaryServer start(io.tributary.project.LoadedProject loaded, io.tributary.project.ProjectLoader loader, ServerOptions options,
                                 String version, boolean watch) {
        ProjectSpec project = loaded.spec();
        TributaryServer server = new TributaryServer(loaded, loader, options, version);
        try {
            server.http.start(options.host(), options.port());
            Instant now = options.clock().instant();
            List<Scheduler.Due> catchUp = server.scheduler.start(now, server::lastRunStart);
            catchUp.forEach(server::launch);
            AbandonedRuns.recover(server.service, server.reloads.current(),
                    catchUp.stream().map(Scheduler.Due::pipeline).collect(java.util.stream.Collectors.toSet()),
                    server.service.store().pauses().stream().map(io.tributary.metadata.Pause::pipeline).collect(java.util.stream.Collectors.toSet()),
                    server::launch, server.alerts::finished);
            // ticks just after each whole tick of the clock (a second), where cron's fire times fall: a fire time is seen
            // milliseconds after it comes rather than up to a tick late
            long tick = options.tick().toMillis();
            long firstTick = tick - Math.floorMod(System.currentTimeMillis(), tick) + 2;
            server.ticker.scheduleAtFixedRate(server::tick, firstTick, tick, TimeUnit.MILLISECONDS);
            server.watch = watch ? ProjectWatch.start(project.dir(), server.reloads::reload) : null;
            server.ready = true;
            server.announce(version);
            LOG.info("tributary server on http://{}:{}: {} pipelines, {} scheduled, {} catch-up runs", options.host(), server.port(),
                    project.pipelines().size(), server.scheduler.schedules().size(), catchUp.size());
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    /** The daily pruning of the run history (tests wait for its first pass). */
    HistoryPruning pruning() {
        return pruning;
    }

    /** Writes {@code .tributary/server.json}, so that the CLI on this project goes through this server ({@link ServerFile}). */
    private void announce(String version) {
        String host = options.loopback() || options.host().equals("0.0.0.0") || options.host().equals("::") ? ServerOptions.LOOPBACK : options.host();
        ServerFile file = new ServerFile("http://" + host + ":" + port(), ProcessHandle.current().pid(), options.clock().instant(), version);
        try {
            file.write(reloads.current().dir());
            serverFile = file;
        } catch (java.io.IOException e) {
            LOG.warn("cannot write {}: {}; the CLI on this project will not find this server and says the warehouse is busy",
                    ServerFile.of(reloads.current().dir()), e.getMessage());
        }
    }

    private Instant lastRunStart(String pipeline) {
        return service.store().runs(pipeline, 1).stream().map(RunRecord::startedAt).findFirst().orElse(null);
    }

    private void tick() {
        try {
            scheduled.due(scheduler.tick(options.clock().instant()),
                    due -> metrics.dispatched(Duration.between(due.fireTime(), options.clock().instant())));
            alerts.tick();
        } catch (RuntimeException e) {
            LOG.error("the scheduler's tick failed; it ticks again in {} ms", options.tick().toMillis(), e);
        }
    }

    private void launch(Scheduler.Due due) {
        scheduled.due(due);
    }

    /**
     * A scheduled run: tried again after a failure by the pipeline's {@code retries:}, with growing,
     * jittered waits; the alerts hear of a failure once the last attempt failed (one incident). Invalid
     * input and a busy pipeline are not retried: trying again changes nothing.
     */
    RunResult runWithRetries(PipelineSpec pipeline, boolean models) {
        Scheduling.Retries retries = pipeline.scheduling().retries();
        boolean told = retries.attempts() <= 1;
        RunResult result = runNow(pipeline, models, told);
        for (int attempt = 2; attempt <= retries.attempts() && !result.succeeded() && !stopped
                && result.errorKind() != io.tributary.error.ErrorKind.BUSY && result.errorKind() != io.tributary.error.ErrorKind.INVALID_INPUT; attempt++) {
            Duration wait = retries.delayBefore(attempt, java.util.concurrent.ThreadLocalRandom.current());
            LOG.info("{}: run {} failed; attempt {} of {} in {} ms", pipeline.name(), result.runId(), attempt, retries.attempts(), wait.toMillis());
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            told = attempt >= retries.attempts();
            result = runNow(pipeline, models, told);
        }
        if (!told && !result.succeeded() && result.errorKind() != io.tributary.error.ErrorKind.BUSY
                && result.errorKind() != io.tributary.error.ErrorKind.INVALID_INPUT) {
            alerts.finished(result); // the retries ended early (the server stops): the failure is still told
        }
        return result;
    }

    /** Runs a pipeline on this thread, then the models downstream of what it published. */
    RunResult runNow(PipelineSpec pipeline) {
        return runNow(pipeline, true, true);
    }

    /**
     * As {@link #runNow(PipelineSpec)}.
     *
     * @param models      false leaves the models to the caller (after an {@code after:} group)
     * @param lastAttempt false when a failure will be tried again: the alerts hear of a failure after the retries
     */
    RunResult runNow(PipelineSpec pipeline, boolean models, boolean lastAttempt) {
        return runNow(pipeline, models, lastAttempt, RunRequest.NOW, io.tributary.engine.RunListener.NONE);
    }

    /** As {@link #runNow(PipelineSpec, boolean, boolean)}, as {@code request} asks, telling {@code listener} too (the CLI's run through the API). */
    RunResult runNow(PipelineSpec pipeline, boolean models, boolean lastAttempt, RunRequest request, io.tributary.engine.RunListener listener) {
        running.incrementAndGet();
        try (var field = org.slf4j.MDC.putCloseable("pipeline", pipeline.name())) {
            LOG.info("{}: run starting", pipeline.name());
            RunResult result = service.run(pipeline, request, io.tributary.engine.RunListener.all(List.of(timeouts.watch(pipeline), listener)));
            metrics.runFinished(result);
            if (lastAttempt || result.succeeded() || result.errorKind() == io.tributary.error.ErrorKind.BUSY
                    || result.errorKind() == io.tributary.error.ErrorKind.INVALID_INPUT) {
                alerts.finished(result);
            }
            LOG.info("{}: run {} ended {}{}", pipeline.name(), result.runId(), result.status().word(), result.error() == null ? "" : ": " + result.error());
            if (models) {
                buildModels(List.of(result));
            }
            return result;
        } finally {
            running.decrementAndGet();
        }
    }

    /** Builds the models downstream of what these runs published, each once; returns their results. */
    private List<ModelResult> buildModels(List<RunResult> results) {
        ModelBuilds models = service.models();
        List<ModelSpec> after = models.after(results);
        if (!after.isEmpty()) {
            return models.build(after, false, new ModelListener() {
                @Override
                public void built(ModelResult model) {
                    metrics.modelBuilt(model);
                }
            });
        }
        return List.of();
    }

    private void routes() {
        http.before("/api/*", auth::authorize);
        http.get("/healthz", ctx -> json(ctx, Map.of("status", "ok")));
        http.get("/readyz", ctx -> {
            ctx.status(ready && !stopped ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
            json(ctx, Map.of("ready", ready && !stopped));
        });
        http.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()));
        http.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        http.get("/api/pipelines", ctx -> json(ctx, pipelines()));
        http.get("/api/health", ctx -> json(ctx, health()));
        http.get("/api/alerts", ctx -> json(ctx, io.tributary.server.alerting.AlertsView.of(service.store(), alerts.waiting())));
        http.get("/api/runs", ctx -> json(ctx, service.store().runs(ctx.queryParam("pipeline"), limit(ctx))));
        http.get("/api/runs/{id}", ctx -> json(ctx, service.store().run(runId(ctx)).orElseThrow(() -> notFound("run " + ctx.pathParam("id")))));
        http.get("/api/runs/{id}/checks", ctx -> json(ctx, service.store().checkResults(runId(ctx))));
        http.get("/api/runs/{id}/logs", ctx -> json(ctx, service.store().logs(runId(ctx))));
        http.post("/api/pipelines/{name}/runs", this::trigger);
        http.post("/api/pipelines/{name}/pause", ctx -> json(ctx, pauses.pause(pipelineOf(ctx), ctx)));
        http.post("/api/pipelines/{name}/resume", ctx -> json(ctx, pauses.resume(pipelineOf(ctx))));
        http.post("/api/reload", ctx -> json(ctx, reloads.reload().json()));
        BackfillRoutes backfills = new BackfillRoutes(reloads::current, service, runs, result -> {
            metrics.runFinished(result);
            alerts.finished(result);
        });
        http.post("/api/pipelines/{name}/backfills", backfills::start);
        http.get("/api/backfills/{id}", backfills::status);
        http.get("/api/backfills/{id}/runs", backfills::runs);
        client.register(http);
        http.exception(NotFound.class, (e, ctx) -> {
            ctx.status(HttpStatus.NOT_FOUND);
            json(ctx, Map.of("error", e.getMessage()));
        });
        http.exception(NumberFormatException.class, (e, ctx) -> {
            ctx.status(HttpStatus.BAD_REQUEST);
            json(ctx, Map.of("error", "not a number: " + e.getMessage()));
        });
    }

    /** The API described (OpenAPI 3): a resource beside this class, kept complete by a test. */
    static String openApi() {
        try (var in = TributaryServer.class.getResourceAsStream("openapi.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("the server's openapi.json is missing from the class path: rebuild with Maven", e);
        }
    }

    /** {@code POST /api/pipelines/NAME/runs}: runs it now; {@code ?wait=false} answers 202 at once instead of with the result. */
    private void trigger(Context ctx) {
        String name = ctx.pathParam("name");
        PipelineSpec pipeline = reloads.current().pipeline(name).orElseThrow(() -> notFound("pipeline " + name));
        if ("false".equals(ctx.queryParam("wait"))) {
            runs.submit(() -> runNow(pipeline));
            ctx.status(HttpStatus.ACCEPTED);
            json(ctx, Map.of("pipeline", name, "queued", true));
            return;
        }
        // ?full_refresh=true&wait_seconds=N as tributary run's --full-refresh and --wait; the answer carries the whole
        // result and what the run told its listener (events), for the CLI to print as it prints a run of its own
        RunRequest request = new RunRequest("true".equals(ctx.queryParam("full_refresh")),
                Duration.ofSeconds(ctx.queryParam("wait_seconds") == null ? 0 : Long.parseLong(ctx.queryParam("wait_seconds"))));
        io.tributary.engine.RunEvents events = new io.tributary.engine.RunEvents();
        RunResult result = runNow(pipeline, false, true, request, events);
        List<ModelResult> built = "false".equals(ctx.queryParam("models")) ? List.of() : buildModels(List.of(result));
        // the run happened either way (a failure is a result); busy means it did not: another run holds the pipeline
        ctx.status(result.errorKind() == io.tributary.error.ErrorKind.BUSY ? HttpStatus.CONFLICT : HttpStatus.OK);
        Map<String, Object> answer = runJson(result);
        answer.put("events", events.events());
        answer.put("result", result);
        answer.put("models", built);
        json(ctx, answer);
    }

    private PipelineSpec pipelineOf(Context ctx) {
        String name = ctx.pathParam("name");
        return reloads.current().pipeline(name).orElseThrow(() -> notFound("pipeline " + name));
    }

    private List<Map<String, Object>> pipelines() {
        ProjectSpec project = reloads.current(); // one project for the whole answer: a reload may come meanwhile
        Map<String, PipelineHealth> byName = new LinkedHashMap<>();
        health(project).forEach(h -> byName.put(h.pipeline(), h));
        List<Map<String, Object>> out = new ArrayList<>();
        for (PipelineSpec pipeline : project.pipelines()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", pipeline.name());
            row.put("schedule", pipeline.schedule());
            row.put("timezone", pipeline.scheduling().cron() == null ? null : pipeline.scheduling().cron().zone().getId());
            row.put("next_run", scheduler.next(pipeline.name()).orElse(null));
            PipelineHealth health = byName.get(pipeline.name());
            row.put("health", health.status().word());
            row.put("health_reason", health.reason());
            row.put("last_run", health.lastRun() == null ? null : health.lastRun().runId());
            pauses.describe(pipeline.name(), row);
            out.add(row);
        }
        // a pipeline file that never validated: no definition, shown so that its problem is seen
        byName.values().stream().filter(h -> project.pipeline(h.pipeline()).isEmpty()).forEach(h -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", h.pipeline());
            row.put("schedule", null);
            row.put("timezone", null);
            row.put("next_run", null);
            row.put("health", h.status().word());
            row.put("health_reason", h.reason());
            row.put("last_run", h.lastRun() == null ? null : h.lastRun().runId());
            pauses.describe(h.pipeline(), row);
            out.add(row);
        });
        return out;
    }

    private List<PipelineHealth> health() {
        return health(reloads.current());
    }

    private List<PipelineHealth> health(ProjectSpec project) {
        return reloads.judged(PipelineHealth.of(service.store(), project.pipelines(), options.clock().instant()));
    }

    static Map<String, Object> runJson(RunResult result) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("run_id", result.runId());
        json.put("pipeline", result.pipeline());
        json.put("status", result.status().word());
        json.put("rows_read", result.rowsRead());
        json.put("rows_loaded", result.rowsLoaded());
        json.put("rows_rejected", result.rowsRejected());
        json.put("rows_filtered", result.rowsFiltered());
        json.put("rows_quarantined", result.rowsQuarantined());
        json.put("error", result.error());
        json.put("warnings", result.warnings());
        return json;
    }

    private static int limit(Context ctx) {
        String limit = ctx.queryParam("limit");
        return limit == null ? 50 : Math.min(Integer.parseInt(limit), 1000);
    }

    private static long runId(Context ctx) {
        return Long.parseLong(ctx.pathParam("id"));
    }

    private static void json(Context ctx, Object body) {
        try {
            ctx.contentType("application/json").result(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    private static final class NotFound extends RuntimeException {
        NotFound(String what) {
            super("no " + what);
        }
    }

    private static NotFound notFound(String what) {
        return new NotFound(what);
    }

    /** How many runs are going on now. */
    public int running() {
        return running.get();
    }

    /**
     * Stops scheduling, lets running loads finish up to the grace period, then closes the warehouse.
     * What happened is logged: the runs that finished, and those the grace period cut short (their
     * process's end marks them abandoned, and exactly-once keeps the warehouse as one clean run).
     */
    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        ready = false;
        scheduled.stop();
        if (watch != null) {
            watch.close();
        }
        ticker.shutdownNow();
        runs.shutdown();
        int busy = running.get();
        if (busy > 0) {
            LOG.info("stopping: waiting up to {} s for {} running load(s) to finish", options.grace().toSeconds(), busy);
        }
        boolean finished;
        try {
            finished = runs.awaitTermination(options.grace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        if (!finished) {
            LOG.warn("stopping: {} load(s) still running after the grace period; they are abandoned and the next run recovers them",
                    running.get());
            runs.shutdownNow();
        }
        http.stop();
        if (serverFile != null) {
            serverFile.delete(reloads.current().dir());
        }
        client.close();
        timeouts.close();
        pruning.close();
        alerting.shutdownNow();
        alerts.close();
        service.close();
        metrics.close();
        LOG.info("tributary server stopped");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
