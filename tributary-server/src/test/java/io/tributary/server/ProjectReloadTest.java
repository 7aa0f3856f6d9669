package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.project.ProjectLoader;
import io.tributary.schedule.Cron;
import io.tributary.testkit.TestProject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running server takes edits to its project: a changed schedule, an added or removed pipeline file,
 * a broken file (reported invalid, its pipeline running on its last good definition) and its fix,
 * through {@code POST /api/reload} and through the file watch.
 */
class ProjectReloadTest {
    static final String ORDERS = "schedule: \"* * * * *\"\ncatchup: none\nsource: {type: file, path: data/orders.csv}\nload: {table: orders, mode: replace}\n";

    @TempDir
    Path dir;
    TestProject project;
    final HttpClient http = HttpClient.newHttpClient();
    final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(30));

    @BeforeEach
    void project() {
        project = TestProject.in(dir);
        project.file("data/orders.csv", "id,total\n1,10\n2,20\n");
        project.pipeline("orders", ORDERS);
        project.pipeline("manual", "source: {type: file, path: data/orders.csv}\nload: {table: manual}\n");
    }

    private TributaryServer start(boolean watch) {
        ProjectLoader loader = ProjectLoader.standard();
        return TributaryServer.start(loader.loadPartially(dir), loader, new ServerOptions("127.0.0.1", 0, 2, null, clock, Duration.ofMillis(50),
                Duration.ofSeconds(10)), "test", watch);
    }

    @Test
    void aChangedScheduleStartsFromNowWithoutCatchingUp() throws Exception {
        try (TributaryServer server = start(false)) {
            project.pipeline("orders", ORDERS.replace("* * * * *", "0 0 * * *"));
            JsonNode answer = reload(server);

            assertThat(answer.get("reloaded").asBoolean()).isTrue();
            assertThat(names(answer.get("changed"))).containsExactly("orders");
            assertThat(answer.get("added")).isEmpty();
            assertThat(answer.get("removed")).isEmpty();
            assertThat(answer.get("invalid")).isEmpty();
            JsonNode orders = pipeline(server, "orders");
            assertThat(orders.get("schedule").asText()).isEqualTo("0 0 * * *");
            assertThat(Instant.parse(orders.get("next_run").asText())).isEqualTo(Cron.parse("0 0 * * *", ZoneOffset.UTC).next(clock.instant()).orElseThrow());

            assertThat(names(reload(server).get("changed"))).as("an unchanged file is no change").isEmpty();
        }
    }

    @Test
    void anAddedFileIsScheduledAndRunsAndARemovedOneIsGone() throws Exception {
        try (TributaryServer server = start(false)) {
            project.pipeline("fresh", ORDERS.replace("table: orders", "table: fresh"));
            Files.delete(project.path("pipelines/manual.yml"));
            JsonNode answer = reload(server);

            assertThat(names(answer.get("added"))).containsExactly("fresh");
            assertThat(names(answer.get("removed"))).containsExactly("manual");
            assertThat(names(json(server, "/api/pipelines"), "name")).containsExactly("fresh", "orders");
            assertThat(pipeline(server, "fresh").get("next_run").isNull()).isFalse();

            clock.advance(Duration.ofSeconds(30)); // the next minute: both are due
            JsonNode runs = await(server, "/api/runs?pipeline=fresh", r -> r.size() >= 1 && !r.get(0).get("status").asText().equals("RUNNING"));
            assertThat(runs.get(0).get("status").asText()).isEqualTo("SUCCESS");
            HttpResponse<String> gone = send(server, "/api/pipelines/manual/runs", true);
            assertThat(gone.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aBrokenFileIsInvalidWhileItsLastGoodDefinitionRunsUntilItIsFixed() throws Exception {
        try (TributaryServer server = start(false)) {
            project.pipeline("orders", ORDERS.replace("mode: replace", "mdoe: replace"));
            JsonNode answer = reload(server);

            JsonNode invalid = answer.get("invalid").get(0);
            assertThat(invalid.get("pipeline").asText()).isEqualTo("orders");
            assertThat(invalid.get("file").asText()).isEqualTo("pipelines/orders.yml");
            assertThat(invalid.get("runs_last_good").asBoolean()).isTrue();
            assertThat(invalid.get("problems").get(0).asText()).contains("orders.yml:5:", "mdoe");
            assertThat(answer.get("changed")).as("it keeps its definition").isEmpty();
            JsonNode orders = pipeline(server, "orders");
            assertThat(orders.get("health").asText()).isEqualTo("invalid");
            assertThat(orders.get("health_reason").asText()).contains("pipelines/orders.yml is invalid", "mdoe", "last good definition");
            JsonNode health = json(server, "/api/health");
            assertThat(health).filteredOn(h -> h.get("pipeline").asText().equals("orders")).singleElement()
                    .satisfies(h -> assertThat(h.get("status").asText()).isEqualTo("INVALID"));
            assertThat(pipeline(server, "manual").get("health").asText()).as("the others are as they were").isEqualTo("unknown");

            clock.advance(Duration.ofSeconds(30)); // orders is due: it runs on its last good definition
            JsonNode runs = await(server, "/api/runs?pipeline=orders", r -> r.size() >= 1 && !r.get(0).get("status").asText().equals("RUNNING"));
            assertThat(runs.get(0).get("status").asText()).isEqualTo("SUCCESS");
            assertThat(runs.get(0).get("counts").get("loaded").asLong()).isEqualTo(2);

            project.pipeline("orders", ORDERS);
            JsonNode fixed = reload(server);
            assertThat(fixed.get("invalid")).isEmpty();
            assertThat(pipeline(server, "orders").get("health").asText()).isEqualTo("healthy");
        }
    }

    @Test
    void aNewBrokenFileIsShownInvalidWithoutRunningAndABrokenProjectFileKeepsTheProject() throws Exception {
        try (TributaryServer server = start(false)) {
            project.file("pipelines/later.yml", "name: later\nsource: {type: file, path: data/orders.csv}\nload: {tabel: later}\n");
            JsonNode answer = reload(server);
            assertThat(answer.get("invalid").get(0).get("runs_last_good").asBoolean()).isFalse();
            assertThat(answer.get("added")).isEmpty();
            JsonNode later = pipeline(server, "later");
            assertThat(later.get("health").asText()).isEqualTo("invalid");
            assertThat(later.get("health_reason").asText()).contains("does not run until the file is fixed");
            assertThat(send(server, "/api/pipelines/later/runs", true).statusCode()).isEqualTo(404);

            project.file("tributary.yml", "name: test\nwarehouse: {path: elsewhere.duckdb}\n");
            JsonNode moved = reload(server);
            assertThat(moved.get("restart_needed").get(0).asText()).contains("warehouse:", "restart tributary server");

            project.file("tributary.yml", "name: test\nconections: {}\n");
            JsonNode broken = reload(server);
            assertThat(broken.get("reloaded").asBoolean()).isFalse();
            assertThat(broken.get("invalid").get(0).get("file").asText()).isEqualTo("tributary.yml");
            assertThat(broken.get("invalid").get(0).get("problems").get(0).asText()).contains("conections");
            assertThat(names(json(server, "/api/pipelines"), "name")).containsExactly("manual", "orders", "later");
        }
    }

    @Test
    void theFileWatchTakesAnEditWithoutBeingAsked() throws Exception {
        try (TributaryServer server = start(true)) {
            project.pipeline("orders", ORDERS.replace("* * * * *", "0 0 * * *"));
            JsonNode pipelines = await(server, "/api/pipelines",
                    all -> names(all, "name").contains("orders") && pipelineIn(all, "orders").get("schedule").asText().equals("0 0 * * *"));
            assertThat(Instant.parse(pipelineIn(pipelines, "orders").get("next_run").asText()))
                    .isEqualTo(Cron.parse("0 0 * * *", ZoneOffset.UTC).next(clock.instant()).orElseThrow());

            project.pipeline("fresh", ORDERS.replace("table: orders", "table: fresh"));
            await(server, "/api/pipelines", all -> names(all, "name").contains("fresh"));
        }
    }

    private JsonNode reload(TributaryServer server) throws Exception {
        HttpResponse<String> response = send(server, "/api/reload", true);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TributaryServer.JSON.readTree(response.body());
    }

    private JsonNode pipeline(TributaryServer server, String name) throws Exception {
        return pipelineIn(json(server, "/api/pipelines"), name);
    }

    private static JsonNode pipelineIn(JsonNode pipelines, String name) {
        for (JsonNode p : pipelines) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no pipeline " + name + " in " + pipelines);
    }

    private static java.util.List<String> names(JsonNode array) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static java.util.List<String> names(JsonNode array, String field) {
        java.util.List<String> out = new java.util.ArrayList<>();
        array.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    /** Polls until {@code done} holds, at most 30 s (a bound, not a speed requirement). */
    private JsonNode await(TributaryServer server, String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode node = json(server, path);
        while (!done.test(node) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            node = json(server, path);
        }
        assertThat(done.test(node)).as("%s", node).isTrue();
        return node;
    }

    private JsonNode json(TributaryServer server, String path) throws Exception {
        HttpResponse<String> response = send(server, path, false);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return TributaryServer.JSON.readTree(response.body());
    }

    private HttpResponse<String> send(TributaryServer server, String path, boolean post) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        if (post) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
