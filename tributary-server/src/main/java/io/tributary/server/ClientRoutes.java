package io.tributary.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.tributary.app.ApiTokens;
import io.tributary.app.Catalog;
import io.tributary.app.History;
import io.tributary.app.RunService;
import io.tributary.error.TributaryException;
import io.tributary.metadata.CheckResult;
import io.tributary.query.QueryResult;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the CLI needs of a running server, which owns the warehouse: queries ({@code POST /api/sql}),
 * the tables ({@code GET /api/tables}), the stored check results ({@code GET /api/checks}) and, from
 * this machine only, the API tokens ({@code /api/tokens}). A query runs on a session of its own in a
 * read-only transaction and is cancelled past {@code --sql-timeout}, so a reader never holds up a load
 * for long and can change nothing.
 */
final class ClientRoutes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientRoutes.class);

    private final RunService service;
    private final Duration sqlTimeout;
    private final ApiTokens tokens;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "tributary-sql-timeout");
        thread.setDaemon(true);
        return thread;
    });

    ClientRoutes(RunService service, Duration sqlTimeout, ApiTokens tokens) {
        this.service = service;
        this.sqlTimeout = sqlTimeout;
        this.tokens = tokens;
    }

    void register(Javalin http) {
        http.post("/api/sql", this::sql);
        http.get("/api/tables", ctx -> json(ctx, HttpStatus.OK, tables("true".equals(ctx.queryParam("all")))));
        http.get("/api/checks", this::checks);
        http.post("/api/tokens", this::createToken);
        http.get("/api/tokens", ctx -> {
            if (adminRefused(ctx)) {
                return;
            }
            json(ctx, HttpStatus.OK, tokens.list());
        });
        http.delete("/api/tokens/{name}", this::revokeToken);
    }

    /** {@code POST /api/sql} {@code {"sql", "max_rows", "json"}}: {@code {columns: [{name, type}], rows, row_count, truncated}}. */
    private void sql(Context ctx) throws IOException {
        JsonNode body = ctx.body().isBlank() ? TributaryServer.JSON.createObjectNode() : TributaryServer.JSON.readTree(ctx.body());
        String sql = body.path("sql").asText("");
        if (sql.isBlank()) {
            json(ctx, HttpStatus.BAD_REQUEST, ApiAuth.error("the body needs the query: {\"sql\": \"SELECT ...\"}"));
            return;
        }
        Integer maxRows = body.hasNonNull("max_rows") ? body.get("max_rows").asInt() : null;
        boolean asJson = body.path("json").asBoolean(false);
        AtomicBoolean timedOut = new AtomicBoolean();
        AtomicReference<Statement> running = new AtomicReference<>();
        try (Connection session = service.warehouse().session()) {
            ScheduledFuture<?> deadline = timer.schedule(() -> {
                timedOut.set(true);
                cancel(running.get());
            }, sqlTimeout.toMillis(), TimeUnit.MILLISECONDS);
            try (QueryResult result = QueryResult.readOnly(session, sql, asJson, statement -> {
                running.set(statement);
                if (timedOut.get()) {
                    cancel(statement);
                }
            })) {
                List<Map<String, Object>> columns = new ArrayList<>();
                for (QueryResult.Column c : result.columns()) {
                    Map<String, Object> column = new LinkedHashMap<>();
                    column.put("name", c.label());
                    column.put("type", c.kind().name());
                    columns.add(column);
                }
                List<List<String>> rows = new ArrayList<>();
                long count = 0;
                while (result.next()) {
                    if (timedOut.get()) {
                        throw new SQLException("cancelled while reading its rows");
                    }
                    count++;
                    if (maxRows == null || rows.size() < maxRows) {
                        List<String> row = new ArrayList<>(columns.size());
                        for (int i = 0; i < columns.size(); i++) {
                            row.add(result.text(i));
                        }
                        rows.add(row);
                    }
                }
                Map<String, Object> answer = new LinkedHashMap<>();
                answer.put("columns", columns);
                answer.put("rows", rows);
                answer.put("row_count", count);
                answer.put("truncated", rows.size() < count);
                json(ctx, HttpStatus.OK, answer);
            } finally {
                deadline.cancel(false);
                QueryResult.rollback(session);
            }
        } catch (QueryResult.NotAQuery e) {
            json(ctx, HttpStatus.BAD_REQUEST, ApiAuth.error("the server runs only queries while it owns the warehouse: " + e.getMessage()
                    + ". To change data or tables, stop the server and use tributary sql --write, or load it with a pipeline."));
        } catch (SQLException e) {
            if (timedOut.get()) {
                json(ctx, HttpStatus.GATEWAY_TIMEOUT, ApiAuth.error("the query was cancelled after " + seconds(sqlTimeout)
                        + ", the server's --sql-timeout; make it faster (a LIMIT, a narrower WHERE) or start the server with a longer one, "
                        + "e.g. tributary server --sql-timeout 5m"));
            } else {
                json(ctx, HttpStatus.BAD_REQUEST, ApiAuth.error(String.valueOf(e.getMessage())));
            }
        }
    }

    private static void cancel(Statement statement) {
        if (statement == null) {
            return;
        }
        try {
            statement.cancel();
        } catch (SQLException e) {
            LOG.debug("cancelling a query past the timeout failed: {}", e.getMessage());
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** What {@code tributary tables} lists, read on a session of its own. */
    private Catalog.Listing tables(boolean all) throws SQLException {
        try (Connection session = service.warehouse().session()) {
            // sizes are those of the file's blocks: what the server loaded may still be only in the write-ahead log, which
            // tributary tables without a server never sees (its writer checkpointed on close). A checkpoint moves it into
            // blocks; it changes no data, and while a load's transaction is open DuckDB refuses it: the sizes are then older.
            try (Statement checkpoint = session.createStatement()) {
                checkpoint.execute("CHECKPOINT");
            } catch (SQLException e) {
                LOG.debug("no checkpoint before listing the tables: {}", e.getMessage());
            }
            return Catalog.list(service.warehouse(), session, all);
        }
    }

    /** {@code GET /api/checks[?pipeline=NAME | ?run=ID]}: what {@code tributary checks} shows. */
    private void checks(Context ctx) {
        String run = ctx.queryParam("run");
        List<CheckResult> results = run != null ? service.store().checkResults(Long.parseLong(run))
                : History.latestChecks(service.store(), ctx.queryParam("pipeline"));
        json(ctx, HttpStatus.OK, results);
    }

    /** {@code POST /api/tokens} {@code {"name"}}: the token, this once. */
    private void createToken(Context ctx) throws IOException {
        if (adminRefused(ctx)) {
            return;
        }
        JsonNode body = ctx.body().isBlank() ? TributaryServer.JSON.createObjectNode() : TributaryServer.JSON.readTree(ctx.body());
        try {
            ApiTokens.Created created = tokens.create(body.path("name").asText(null), clock.instant());
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("name", created.name());
            answer.put("token", created.token());
            answer.put("created_at", created.createdAt());
            json(ctx, HttpStatus.CREATED, answer);
        } catch (TributaryException e) {
            json(ctx, HttpStatus.BAD_REQUEST, ApiAuth.error(e.getMessage()));
        }
    }

    private void revokeToken(Context ctx) {
        if (adminRefused(ctx)) {
            return;
        }
        String name = ctx.pathParam("name");
        try {
            tokens.revoke(name, clock.instant());
            json(ctx, HttpStatus.OK, Map.of("name", name, "revoked", true));
        } catch (TributaryException e) {
            json(ctx, HttpStatus.NOT_FOUND, ApiAuth.error(e.getMessage()));
        }
    }

    /** Tokens are managed from this machine only: a stolen token cannot make more. */
    private static boolean adminRefused(Context ctx) {
        if (ApiAuth.fromThisMachine(ctx)) {
            return false;
        }
        json(ctx, HttpStatus.FORBIDDEN, ApiAuth.error("tokens are managed from the server's own machine only: run tributary token there"));
        return true;
    }

    private static void json(Context ctx, HttpStatus status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(TributaryServer.JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
