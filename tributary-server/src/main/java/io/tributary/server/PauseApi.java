package io.tributary.server;

import io.javalin.http.Context;
import io.tributary.app.PipelinePause;
import io.tributary.app.RunService;
import io.tributary.metadata.Pause;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.schedule.Scheduler;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code POST /api/pipelines/NAME/pause} and {@code /resume}, and the pause fields of {@code GET
 * /api/pipelines}: {@link PipelinePause} on the server's history; a resume runs at once the catch-up
 * fire times the pipeline's {@code catchup:} keeps of those missed while it was paused.
 */
final class PauseApi {
    private final java.util.function.Supplier<ProjectSpec> project;
    private final RunService service;
    private final Clock clock;
    private final Consumer<Scheduler.Due> launch;

    PauseApi(ProjectSpec project, RunService service, Clock clock, Consumer<Scheduler.Due> launch) {
        this(() -> project, service, clock, launch);
    }

    /** @param project the project as it is now (the server reloads it) */
    PauseApi(java.util.function.Supplier<ProjectSpec> project, RunService service, Clock clock, Consumer<Scheduler.Due> launch) {
        this.project = project;
        this.service = service;
        this.clock = clock;
        this.launch = launch;
    }

    /** The reason is {@code ?reason=} or a JSON body {@code {"reason": "..."}}. */
    Map<String, Object> pause(PipelineSpec pipeline, Context ctx) {
        String reason = ctx.queryParam("reason");
        String body = ctx.body();
        if (reason == null && !body.isBlank()) {
            com.fasterxml.jackson.databind.JsonNode node;
            try {
                node = TributaryServer.JSON.readTree(body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                ctx.status(io.javalin.http.HttpStatus.BAD_REQUEST);
                return Map.of("error", "the body of POST /api/pipelines/" + pipeline.name() + "/pause is not JSON (" + e.getOriginalMessage()
                        + "): send {\"reason\": \"...\"}, ?reason=TEXT, or no body");
            }
            var given = node.get("reason");
            reason = given == null || given.isNull() ? null : given.asText();
        }
        PipelinePause.Paused paused = pauses().pause(pipeline.name(), reason, clock.instant());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pipeline", pipeline.name());
        out.put("paused", true);
        out.put("already_paused", !paused.paused());
        out.put("paused_at", paused.pause().pausedAt());
        out.put("reason", paused.pause().reason());
        return out;
    }

    Map<String, Object> resume(PipelineSpec pipeline) {
        PipelinePause.Resumed resumed = pauses().resume(pipeline.name(), clock.instant());
        for (Instant fire : resumed.catchUp()) {
            launch.accept(new Scheduler.Due(pipeline.name(), fire, true));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pipeline", pipeline.name());
        out.put("paused", false);
        out.put("was_paused", resumed.resumed());
        out.put("paused_at", resumed.resumed() ? resumed.pause().pausedAt() : null);
        out.put("reason", resumed.resumed() ? resumed.pause().reason() : null);
        out.put("catch_up", resumed.catchUp());
        return out;
    }

    /** Adds {@code paused}, {@code paused_at} and {@code pause_reason} to a pipeline's row. */
    void describe(String pipeline, Map<String, Object> row) {
        Pause pause = pauses().paused(pipeline).orElse(null);
        row.put("paused", pause != null);
        row.put("paused_at", pause == null ? null : pause.pausedAt());
        row.put("pause_reason", pause == null ? null : pause.reason());
    }

    private PipelinePause pauses() {
        return new PipelinePause(project.get(), service.store());
    }
}
