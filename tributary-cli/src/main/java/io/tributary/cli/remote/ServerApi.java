package io.tributary.cli.remote;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.app.Catalog;
import io.tributary.app.RunRequest;
import io.tributary.engine.RunEvents;
import io.tributary.engine.RunResult;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.metadata.ApiToken;
import io.tributary.metadata.CheckResult;
import io.tributary.metadata.LogLine;
import io.tributary.metadata.RunRecord;
import io.tributary.query.QueryResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The commands' questions to a running server, answered with the very model objects the local path
 * gives (run results, run records, check results, the table listing, a query result), so that one
 * printer prints both. A refusal becomes the error the command would have raised itself, with the
 * same exit code.
 */
public final class ServerApi {
    private final ServerClient client;

    public ServerApi(ServerClient client) {
        this.client = client;
    }

    /** A run the server made: what its listener heard, and how it ended. */
    public record Run(List<RunEvents.Event> events, RunResult result, List<io.tributary.models.ModelResult> models) {}

    /** {@code POST /api/pipelines/NAME/runs}: runs it now on the server and answers when it ended. */
    public Run run(String pipeline, RunRequest request, boolean models) {
        Map<String, Object> query = new HashMap<>();
        query.put("full_refresh", request.fullRefresh() ? "true" : null);
        query.put("wait_seconds", request.waitAtMost().isZero() ? null : request.waitAtMost().toSeconds());
        query.put("models", models ? null : "false");
        ServerClient.Response response = client.post("/api/pipelines/" + pipeline + "/runs", query, null);
        if (response.status() != 200 && response.status() != 409) {
            throw refused(response);
        }
        List<RunEvents.Event> events = ServerClient.JSON.convertValue(response.body().path("events"), new TypeReference<>() {});
        RunResult result = ServerClient.JSON.convertValue(response.body().get("result"), RunResult.class);
        List<io.tributary.models.ModelResult> built = response.body().has("models")
                ? ServerClient.JSON.convertValue(response.body().get("models"), new TypeReference<List<io.tributary.models.ModelResult>>() {}) : List.of();
        return new Run(events, result, built);
    }

    /** A backfill the server recorded: {@code toRun} of its {@code windows} windows wait to run. */
    public record BackfillStart(long id, int windows, int toRun, boolean resuming) {}

    /** One window's run of a backfill on the server, as {@code GET /api/backfills/ID/runs} gives it. */
    public record WindowRun(int seq, String window, List<RunEvents.Event> events, RunResult result) {}

    private boolean lastInvalid;

    /** {@code POST /api/pipelines/NAME/backfills}: records it; its windows then run on the server. */
    public BackfillStart backfill(String pipeline, String from, String to, String window) {
        Map<String, Object> body = new HashMap<>();
        body.put("from", from);
        body.put("to", to);
        body.put("window", window);
        ServerClient.Response response = client.post("/api/pipelines/" + pipeline + "/backfills", Map.of(), body);
        if (response.status() != 200 && response.status() != 202) {
            throw refused(response);
        }
        JsonNode answer = response.body();
        return new BackfillStart(answer.path("id").asLong(), answer.path("windows").asInt(), answer.path("to_run").asInt(),
                answer.path("resuming").asBoolean());
    }

    /**
     * Tells {@code each} every window run of backfill {@code id} as it ends, until the backfill ends; returns how:
     * {@code COMPLETE}, {@code FAILED} or {@code BUSY}. Asks the server a few times a second: a window takes longer.
     */
    public String followBackfill(long id, java.util.function.Consumer<WindowRun> each) {
        int seen = 0;
        while (true) {
            JsonNode answer = ok(client.get("/api/backfills/" + id + "/runs", Map.of("from", seen))).body();
            List<WindowRun> runs = ServerClient.JSON.convertValue(answer.path("runs"), new TypeReference<List<WindowRun>>() {});
            for (WindowRun run : runs) {
                each.accept(run);
                lastInvalid = run.result().errorKind() == io.tributary.error.ErrorKind.INVALID_INPUT;
            }
            seen += runs.size();
            if (answer.hasNonNull("end")) {
                return answer.get("end").asText();
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw TributaryException.failed("interrupted while following backfill " + id + "; it goes on in the server: "
                        + "tributary backfill --status shows it once the server stops, GET /api/backfills/" + id + " meanwhile");
            }
        }
    }

    /** Whether the last window run {@link #followBackfill} told of was refused as invalid input. */
    public boolean lastBackfillRunInvalid() {
        return lastInvalid;
    }

    /** {@code GET /api/runs}: the history, newest first. */
    public List<RunRecord> runs(String pipeline, int limit) {
        return ok(client.get("/api/runs", params("pipeline", pipeline, "limit", limit))).as(new TypeReference<List<RunRecord>>() {});
    }

    /** The check results of one run ({@code run} not null) or of the newest runs. */
    public List<CheckResult> checks(String pipeline, Long run) {
        return ok(client.get("/api/checks", params("pipeline", pipeline, "run", run))).as(new TypeReference<List<CheckResult>>() {});
    }

    public Catalog.Listing tables(boolean all) {
        return ok(client.get("/api/tables", params("all", all ? "true" : null, null, null))).as(Catalog.Listing.class);
    }

    /** The run's log lines; empty when the server has no such run. */
    public Optional<List<LogLine>> logs(long runId) {
        ServerClient.Response run = client.get("/api/runs/" + runId, Map.of());
        if (run.status() == 404) {
            return Optional.empty();
        }
        ok(run);
        return Optional.of(ok(client.get("/api/runs/" + runId + "/logs", Map.of())).as(new TypeReference<List<LogLine>>() {}));
    }

    /**
     * {@code POST /api/sql}: the query's result as text, its first {@code maxRows} rows (null: all) and
     * the count of all. A statement the server refuses, or a failed query, is invalid input (exit 2);
     * a query past the server's timeout failed (exit 1).
     */
    public QueryResult query(String sql, Integer maxRows, boolean json) {
        Map<String, Object> body = new HashMap<>();
        body.put("sql", sql);
        body.put("max_rows", maxRows);
        body.put("json", json);
        ServerClient.Response response = client.post("/api/sql", Map.of(), body);
        if (response.status() == 400) {
            throw new TributaryException(ExitCode.INVALID_INPUT, "the query failed: " + response.error());
        }
        if (response.status() == 504 || response.status() == 408) {
            throw TributaryException.failed(response.error());
        }
        ok(response);
        List<QueryResult.Column> columns = new ArrayList<>();
        response.body().path("columns").forEach(c -> columns.add(new QueryResult.Column(c.path("name").asText(),
                QueryResult.Kind.valueOf(c.path("type").asText()))));
        List<List<String>> rows = new ArrayList<>();
        response.body().path("rows").forEach(r -> {
            List<String> row = new ArrayList<>();
            r.forEach(v -> row.add(v.isNull() ? null : v.asText()));
            rows.add(row);
        });
        return QueryResult.of(columns, rows, response.body().path("row_count").asLong());
    }

    /** {@code POST /api/pipelines/NAME/pause}: what pausing it locally would have answered. */
    public io.tributary.app.PipelinePause.Paused pause(String pipeline, String reason) {
        Map<String, Object> body = new HashMap<>();
        body.put("reason", reason);
        JsonNode answer = ok(client.post("/api/pipelines/" + pipeline + "/pause", Map.of(), body)).body();
        return new io.tributary.app.PipelinePause.Paused(pause(pipeline, answer), !answer.path("already_paused").asBoolean());
    }

    /** {@code POST /api/pipelines/NAME/resume}: the pause it ended (none: it was not paused), and the catch-up runs the server starts now. */
    public io.tributary.app.PipelinePause.Resumed resume(String pipeline) {
        JsonNode answer = ok(client.post("/api/pipelines/" + pipeline + "/resume", Map.of(), null)).body();
        List<java.time.Instant> catchUp = ServerClient.JSON.convertValue(answer.path("catch_up"), new TypeReference<List<java.time.Instant>>() {});
        return new io.tributary.app.PipelinePause.Resumed(answer.path("was_paused").asBoolean() ? pause(pipeline, answer) : null, catchUp);
    }

    private static io.tributary.metadata.Pause pause(String pipeline, JsonNode answer) {
        return new io.tributary.metadata.Pause(pipeline, java.time.Instant.parse(answer.path("paused_at").asText()),
                answer.path("reason").isNull() || answer.path("reason").isMissingNode() ? null : answer.path("reason").asText());
    }

    /** {@code GET /api/health}: every pipeline's health as the server judges it (it knows the last good definition of a broken file). */
    public List<io.tributary.app.PipelineHealth> health() {
        return ok(client.get("/api/health", Map.of())).as(new TypeReference<List<io.tributary.app.PipelineHealth>>() {});
    }

    /** The paused pipelines, from {@code GET /api/pipelines}. */
    public List<io.tributary.metadata.Pause> pauses() {
        List<io.tributary.metadata.Pause> pauses = new ArrayList<>();
        for (JsonNode row : ok(client.get("/api/pipelines", Map.of())).body()) {
            if (row.path("paused").asBoolean()) {
                pauses.add(new io.tributary.metadata.Pause(row.path("name").asText(), java.time.Instant.parse(row.path("paused_at").asText()),
                        text(row, "pause_reason")));
            }
        }
        return pauses;
    }

    /** The open alert incidents and each channel's deliveries, as the store holds them. */
    public record Alerts(List<io.tributary.metadata.AlertIncident> incidents, List<io.tributary.metadata.AlertChannelState> channels) {}

    /** {@code GET /api/alerts}: the open incidents and each alert channel's deliveries. */
    public Alerts alerts() {
        JsonNode answer = ok(client.get("/api/alerts", Map.of())).body();
        List<io.tributary.metadata.AlertIncident> incidents = new ArrayList<>();
        for (JsonNode row : answer.path("incidents")) {
            incidents.add(new io.tributary.metadata.AlertIncident(row.path("pipeline").asText(), row.path("kind").asText(), text(row, "state"),
                    instant(row, "opened_at"), instant(row, "notified_at"), row.path("run_id").isNumber() ? row.path("run_id").asLong() : null,
                    text(row, "summary")));
        }
        List<io.tributary.metadata.AlertChannelState> channels = new ArrayList<>();
        for (JsonNode row : answer.path("channels")) {
            channels.add(new io.tributary.metadata.AlertChannelState(row.path("channel").asText(), instant(row, "last_attempt_at"),
                    !row.path("failing").asBoolean(), instant(row, "last_success_at"), instant(row, "last_failure_at"), text(row, "last_failure"),
                    row.path("delivered").asLong(), row.path("failed").asLong()));
        }
        return new Alerts(incidents, channels);
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    private static java.time.Instant instant(JsonNode row, String field) {
        String value = text(row, field);
        return value == null ? null : java.time.Instant.parse(value);
    }

    /** {@code POST /api/tokens}: the new token, shown this once. */
    public Map<String, Object> createToken(String name) {
        ServerClient.Response response = client.post("/api/tokens", Map.of(), Map.of("name", name));
        if (response.status() != 201) {
            throw refused(response);
        }
        return response.as(new TypeReference<Map<String, Object>>() {});
    }

    public List<ApiToken> tokens() {
        return ok(client.get("/api/tokens", Map.of())).as(new TypeReference<List<ApiToken>>() {});
    }

    public void revokeToken(String name) {
        ok(client.delete("/api/tokens/" + name));
    }

    private static Map<String, Object> params(String name, Object value, String other, Object otherValue) {
        Map<String, Object> query = new HashMap<>();
        query.put(name, value);
        if (other != null) {
            query.put(other, otherValue);
        }
        return query;
    }

    private ServerClient.Response ok(ServerClient.Response response) {
        if (response.status() != 200) {
            throw refused(response);
        }
        return response;
    }

    private TributaryException refused(ServerClient.Response response) {
        int code = response.status() == 409 ? ExitCode.BUSY : response.status() >= 500 ? ExitCode.RUN_FAILED : ExitCode.INVALID_INPUT;
        return new TributaryException(code, response.error() + " (the server at " + client.url() + ")");
    }
}
