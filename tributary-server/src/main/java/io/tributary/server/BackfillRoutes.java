package io.tributary.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.tributary.app.Backfills;
import io.tributary.app.RunService;
import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.error.ErrorKind;
import io.tributary.error.TributaryException;
import io.tributary.metadata.Backfill;
import io.tributary.metadata.BackfillWindow;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * {@code POST /api/pipelines/{name}/backfills} and {@code GET /api/backfills/{id}}: the CLI's
 * {@code tributary backfill} through the API. The backfill is planned and recorded while the request
 * waits (so a refusal is its answer), then its windows run one after another on the server's run pool.
 */
final class BackfillRoutes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BackfillRoutes.class);

    private final java.util.function.Supplier<ProjectSpec> project;
    private final RunService service;
    private final Backfills backfills;
    private final ExecutorService runs;
    private final Consumer<RunResult> finished;
    /** What each window's run printed and how it ended, by backfill (the newest few), for the CLI to print as it goes. */
    private final Map<Long, BackfillProgress> progress = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, BackfillProgress> eldest) {
            return size() > 50;
        }
    });

    /** @param finished told of each window's run when it ends (metrics, alerts), as of every other run */
    BackfillRoutes(ProjectSpec project, RunService service, ExecutorService runs, Consumer<RunResult> finished) {
        this(() -> project, service, runs, finished);
    }

    /** @param project the project as it is now (the server reloads it) */
    BackfillRoutes(java.util.function.Supplier<ProjectSpec> project, RunService service, ExecutorService runs, Consumer<RunResult> finished) {
        this.project = project;
        this.service = service;
        this.backfills = new Backfills(service);
        this.runs = runs;
        this.finished = finished;
    }

    /** Body {@code {"from": "2026-01-01", "to": "2026-02-01", "window": "1d"}}: 202 and the backfill's id, or 200 when every window is done. */
    void start(Context ctx) throws Exception {
        String name = ctx.pathParam("name");
        PipelineSpec pipeline = project.get().pipeline(name).orElse(null);
        if (pipeline == null) {
            answer(ctx, HttpStatus.NOT_FOUND, Map.of("error", "no pipeline " + name));
            return;
        }
        JsonNode body;
        try {
            body = ctx.body().isBlank() ? null : TributaryServer.JSON.readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            answer(ctx, HttpStatus.BAD_REQUEST, Map.of("error", "the body of POST /api/pipelines/" + name + "/backfills is not JSON: "
                    + e.getOriginalMessage() + "; send e.g. {\"from\": \"2026-01-01\", \"to\": \"2026-02-01\", \"window\": \"1d\"}"));
            return;
        }
        if (body == null || !body.hasNonNull("from") || !body.hasNonNull("to")) {
            answer(ctx, HttpStatus.BAD_REQUEST, Map.of("error", "POST /api/pipelines/" + name + "/backfills needs a JSON body with from and to, "
                    + "e.g. {\"from\": \"2026-01-01\", \"to\": \"2026-02-01\", \"window\": \"1d\"}"));
            return;
        }
        Backfills.Started started;
        try {
            Backfills.Request request = Backfills.Request.parse(pipeline, body.get("from").asText(), body.get("to").asText(),
                    body.hasNonNull("window") ? body.get("window").asText() : null);
            started = backfills.start(pipeline, request);
        } catch (TributaryException e) {
            answer(ctx, e.kind() == ErrorKind.BUSY ? HttpStatus.CONFLICT : e.kind() == ErrorKind.INVALID_INPUT ? HttpStatus.BAD_REQUEST
                    : HttpStatus.INTERNAL_SERVER_ERROR, Map.of("error", e.getMessage()));
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", started.backfillId());
        json.put("pipeline", name);
        json.put("windows", started.plan().windows().size());
        json.put("to_run", started.plan().toRun().size());
        json.put("resuming", started.plan().resumes() != null);
        if (started.plan().toRun().isEmpty()) {
            json.put("message", "nothing to run: every window was loaded before");
            answer(ctx, HttpStatus.OK, json);
            return;
        }
        BackfillProgress windows = new BackfillProgress();
        progress.put(started.backfillId(), windows);
        try {
            runs.submit(() -> {
                Backfills.Outcome outcome;
                try {
                    outcome = backfills.runWindows(started, w -> windows.window(started.plan(), w, finished));
                } catch (RuntimeException e) {
                    windows.ended("FAILED");
                    throw e;
                }
                // the models downstream of what the windows published, once
                var models = service.models();
                var after = models.after(outcome.runs().stream().map(Backfills.WindowRun::result).toList());
                if (!after.isEmpty()) {
                    models.build(after, false, io.tributary.models.ModelListener.NONE);
                }
                windows.ended(outcome.end().name());
                LOG.info("{}: backfill {} ended {} after {} window run(s)", name, outcome.backfillId(), outcome.end(), outcome.runs().size());
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            backfills.cancel(started);
            answer(ctx, HttpStatus.SERVICE_UNAVAILABLE, Map.of("error", "the server is stopping; backfill " + started.backfillId()
                    + " was recorded and runs when it is started again"));
            return;
        }
        answer(ctx, HttpStatus.ACCEPTED, json);
    }

    /** Each window's progress. */
    void status(Context ctx) {
        long id = Long.parseLong(ctx.pathParam("id"));
        Backfill backfill = backfills.status(id).orElse(null);
        if (backfill == null) {
            answer(ctx, HttpStatus.NOT_FOUND, Map.of("error", "no backfill " + id));
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", backfill.id());
        json.put("pipeline", backfill.pipeline());
        json.put("from", backfill.from());
        json.put("to", backfill.to());
        json.put("window", backfill.window());
        json.put("zone", backfill.zone());
        json.put("created_at", backfill.createdAt());
        json.put("done", backfill.done());
        json.put("complete", backfill.complete());
        List<Map<String, Object>> windows = new ArrayList<>();
        for (BackfillWindow w : backfill.windows()) {
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("seq", w.seq());
            window.put("from", w.from());
            window.put("to", w.to());
            window.put("status", w.status().yamlName());
            window.put("run_id", w.runId());
            windows.add(window);
        }
        json.put("windows", windows);
        answer(ctx, HttpStatus.OK, json);
    }

    /**
     * {@code GET /api/backfills/{id}/runs?from=N}: the window runs from the N-th on (what each told its listener, and its
     * result), and how the backfill ended ({@code end}: null while it runs) — the CLI prints them as it prints its own.
     */
    void runs(Context ctx) {
        long id = Long.parseLong(ctx.pathParam("id"));
        BackfillProgress windows = progress.get(id);
        if (windows == null) {
            answer(ctx, HttpStatus.NOT_FOUND, Map.of("error", "no window runs of backfill " + id + " in this server's memory "
                    + "(it ran before the server started, or long ago): GET /api/backfills/" + id + " gives its windows"));
            return;
        }
        String from = ctx.queryParam("from");
        answer(ctx, HttpStatus.OK, windows.since(from == null ? 0 : Integer.parseInt(from)));
    }

    private static void answer(Context ctx, HttpStatus status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(TributaryServer.JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }
}
