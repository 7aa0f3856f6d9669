package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testkit.HttpReceiver;
import io.tributary.testkit.TestProject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's scheduling semantics on a real project with a clock the test moves: pause and
 * resume, concurrency skip and queue, after: groups (their models built once), and a timeout that
 * really stops a run that waits on a slow HTTP source.
 */
class SchedulingSemanticsTest {
    @TempDir
    Path dir;
    TestProject project;
    HttpReceiver slowApi;
    final HttpClient http = HttpClient.newHttpClient();
    final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(30));

    @BeforeEach
    void project() {
        project = TestProject.in(dir);
        project.file("data/orders.csv", "id,total\n1,10\n2,20\n");
        project.file("data/customers.csv", "id,name\n1,ann\n2,bob\n");
        slowApi = HttpReceiver.start().always(new HttpReceiver.Answer(200, "[{\"id\": 1}]", null));
    }

    @AfterEach
    void stopApi() {
        slowApi.close();
    }

    private TributaryServer start() {
        return TributaryServer.start(project.load(), new ServerOptions("127.0.0.1", 0, 4, null, clock, Duration.ofMillis(50),
                Duration.ofSeconds(10)), "test");
    }

    private String slowSource() {
        return "source: {type: api, base_url: \"" + slowApi.url("") + "\", endpoint: /items}\n";
    }

    @Test
    void aPausedPipelineMissesItsFireTimesAndAResumeCatchesUpByItsPolicy() throws Exception {
        project.pipeline("orders", "schedule: \"* * * * *\"\ncatchup: latest\nsource: {type: file, path: data/orders.csv}\n"
                + "load: {table: orders, mode: replace}\n");
        try (TributaryServer server = start()) {
            JsonNode paused = post(server, "/api/pipelines/orders/pause?reason=supplier%20migrating");
            assertThat(paused.get("paused").asBoolean()).isTrue();
            assertThat(paused.get("reason").asText()).isEqualTo("supplier migrating");
            assertThat(json(server, "/api/pipelines").get(0).get("paused").asBoolean()).isTrue();

            clock.advance(Duration.ofMinutes(3));   // three fire times while paused
            Thread.sleep(400);
            assertThat(json(server, "/api/runs?pipeline=orders")).as("paused: not run, recorded nowhere").isEmpty();

            JsonNode resumed = post(server, "/api/pipelines/orders/resume");
            assertThat(resumed.get("was_paused").asBoolean()).isTrue();
            assertThat(resumed.get("catch_up")).as("catchup: latest, the newest of the three").hasSize(1);
            JsonNode runs = await(server, "/api/runs?pipeline=orders", r -> true, 1);
            assertThat(runs.get(0).get("status").asText()).isEqualTo("SUCCESS");
            assertThat(json(server, "/api/pipelines").get(0).get("paused").asBoolean()).isFalse();
        }
        try (TributaryServer server = start()) {
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri(server, "/api/pipelines/orders/pause"))
                    .POST(HttpRequest.BodyPublishers.ofString("{reason")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("is not JSON", "?reason=TEXT");
            HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(uri(server, "/api/pipelines/ordres/pause"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(404);
            JsonNode paused = TributaryServer.JSON.readTree(http.send(HttpRequest.newBuilder(uri(server, "/api/pipelines/orders/pause"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\": \"audit\"}")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(paused.get("reason").asText()).isEqualTo("audit");
        }
        try (TributaryServer server = start()) {
            assertThat(json(server, "/api/pipelines").get(0).get("paused").asBoolean()).as("kept across restarts").isTrue();
        }
    }

    @Test
    void resumingWithCatchupAllRunsEachMissedFireTimeOneAfterAnotherNoneSkipped() throws Exception {
        project.pipeline("orders", "schedule: \"* * * * *\"\ncatchup: all\nsource: {type: file, path: data/orders.csv}\n"
                + "load: {table: orders, mode: replace}\n");
        try (TributaryServer server = start()) {
            post(server, "/api/pipelines/orders/pause");
            clock.advance(Duration.ofMinutes(3));
            Thread.sleep(200);
            assertThat(post(server, "/api/pipelines/orders/resume").get("catch_up")).hasSize(3);
            JsonNode runs = await(server, "/api/runs?pipeline=orders", r -> true, 3);
            assertThat(runs).hasSize(3).allSatisfy(run -> assertThat(run.get("status").asText()).isEqualTo("SUCCESS"));
        }
    }

    @Test
    void aRunOverItsTimeoutIsStoppedFailsAndPublishesNothing() throws Exception {
        slowApi.delay(20_000);
        project.pipeline("slow", "timeout: 1s\n" + slowSource() + "load: {table: items}\n");
        try (TributaryServer server = start()) {
            long started = System.nanoTime();
            JsonNode result = post(server, "/api/pipelines/slow/runs");
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).as("stopped, not waited out").isLessThan(15);
            assertThat(result.get("status").asText()).isEqualTo("failed");
            assertThat(result.get("error").asText()).contains("timed out after 1s", "nothing of it was published");
            assertThat(result.get("rows_loaded").asLong()).isZero();
        }
    }

    @Test
    void aScheduledRunThatTimedOutIsTriedAgainByItsRetries() throws Exception {
        slowApi.delay(20_000);
        project.pipeline("slow", "schedule: \"* * * * *\"\ntimeout: 500ms\nretries: {attempts: 2, backoff: 10ms}\n" + slowSource()
                + "load: {table: items}\n");
        try (TributaryServer server = start()) {
            clock.advance(Duration.ofSeconds(30));
            JsonNode runs = await(server, "/api/runs?pipeline=slow", r -> true, 2);
            assertThat(runs).allSatisfy(run -> {
                assertThat(run.get("status").asText()).isEqualTo("FAILED");
                assertThat(run.get("error").asText()).contains("timed out after 500ms");
            });
        }
        assertThat(RunTimeouts.describe(Duration.ofMinutes(30))).isEqualTo("30m");
        assertThat(RunTimeouts.describe(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(RunTimeouts.describe(Duration.ofSeconds(90))).isEqualTo("90s");
    }

    @Test
    void runsBeyondTheGlobalLimitWaitInOrderAndAreNotDropped() throws Exception {
        slowApi.delay(300);
        for (String name : List.of("a", "b", "c")) {
            project.pipeline(name, "schedule: \"* * * * *\"\n" + slowSource() + "load: {table: " + name + ", mode: replace}\n");
        }
        try (TributaryServer server = TributaryServer.start(project.load(), new ServerOptions("127.0.0.1", 0, 1, null, clock,
                Duration.ofMillis(50), Duration.ofSeconds(10)), "test")) {
            clock.advance(Duration.ofSeconds(30));   // all three due at once, one slot
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int most = 0;
            JsonNode runs = json(server, "/api/runs");
            while (count(runs, r -> true) < 3 && System.nanoTime() < deadline) {
                most = Math.max(most, server.running());
                Thread.sleep(20);
                runs = json(server, "/api/runs");
            }
            assertThat(runs).hasSize(3).allSatisfy(run -> assertThat(run.get("status").asText()).isEqualTo("SUCCESS"));
            assertThat(most).as("never more than max_runs at once").isLessThanOrEqualTo(1);
            List<String> order = new ArrayList<>();
            runs.forEach(r -> order.add(0, r.get("pipeline").asText()));
            assertThat(order).as("in the order they came due").containsExactly("a", "b", "c");
        }
    }

    @Test
    void concurrencyQueueKeepsOneDueRunWaitingAndSkipsAFurtherOne() throws Exception {
        slowApi.delay(1500);
        project.pipeline("slow", "schedule: \"* * * * *\"\nconcurrency: queue\n" + slowSource() + "load: {table: items, mode: replace}\n");
        try (TributaryServer server = start()) {
            clock.advance(Duration.ofSeconds(30));   // a fire time: the run starts and takes 1.5 s
            await(server, "/api/runs?pipeline=slow", r -> true, 0);
            awaitRunning(server);
            clock.advance(Duration.ofMinutes(1));    // due again while it runs: waits
            Thread.sleep(200);
            clock.advance(Duration.ofMinutes(1));    // and again: one waits already, so this one is skipped
            JsonNode runs = await(server, "/api/runs?pipeline=slow", r -> !r.get("status").asText().equals("RUNNING"), 3);
            List<String> statuses = new ArrayList<>();
            runs.forEach(r -> statuses.add(r.get("status").asText()));
            assertThat(statuses).containsExactlyInAnyOrder("SUCCESS", "SUCCESS", "SKIPPED");
            JsonNode skipped = find(runs, "SKIPPED");
            assertThat(skipped.get("error").asText()).contains("another was already waiting", "concurrency: queue");
        }
    }

    @Test
    void concurrencySkipRecordsTheDueRunSkipped() throws Exception {
        slowApi.delay(1500);
        project.pipeline("slow", "schedule: \"* * * * *\"\n" + slowSource() + "load: {table: items, mode: replace}\n");
        try (TributaryServer server = start()) {
            clock.advance(Duration.ofSeconds(30));
            awaitRunning(server);
            clock.advance(Duration.ofMinutes(1));
            JsonNode runs = await(server, "/api/runs?pipeline=slow", r -> !r.get("status").asText().equals("RUNNING"), 2);
            assertThat(find(runs, "SKIPPED").get("error").asText()).contains("its previous run was still going", "concurrency: skip");
            assertThat(find(runs, "SUCCESS")).isNotNull();
            String metrics = http.send(HttpRequest.newBuilder(uri(server, "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("tributary_runs_total{pipeline=\"slow\",status=\"skipped\"} 1.0");
        }
    }

    @Test
    void aPipelineAfterOthersRunsOnceWhenTheyAllSucceededAndTheModelsAfterTheGroupAreBuiltOnce() throws Exception {
        project.pipeline("orders", "schedule: \"* * * * *\"\nsource: {type: file, path: data/orders.csv}\nload: {table: orders, mode: replace}\n");
        project.pipeline("customers", "schedule: \"* * * * *\"\nsource: {type: file, path: data/customers.csv}\n"
                + "load: {table: customers, mode: replace}\n");
        project.pipeline("report", "after: [orders, customers]\nsource: {type: file, path: data/orders.csv}\nload: {table: report, mode: replace}\n");
        project.file("models/summary.sql", "SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM customers) AS customers\n");
        try (TributaryServer server = start()) {
            clock.advance(Duration.ofSeconds(30));
            JsonNode report = await(server, "/api/runs?pipeline=report", r -> true, 1);
            assertThat(report.get(0).get("status").asText()).isEqualTo("SUCCESS");
            JsonNode summary = await(server, "/api/runs?pipeline=summary", r -> true, 1);
            Thread.sleep(500);
            assertThat(json(server, "/api/runs?pipeline=summary")).as("once after the group, not after each pipeline").hasSize(1);
            assertThat(json(server, "/api/runs?pipeline=report")).hasSize(1);
            assertThat(Instant.parse(summary.get(0).get("startedAt").asText()))
                    .isAfterOrEqualTo(Instant.parse(report.get(0).get("endedAt").asText()));
        }
    }

    @Test
    void aPipelineAfterOthersIsRecordedSkippedWithTheReasonWhenOneOfThemFailed() throws Exception {
        project.file("data/customers.csv", "id,name\n,ann\n");
        project.pipeline("orders", "schedule: \"* * * * *\"\nsource: {type: file, path: data/orders.csv}\nload: {table: orders, mode: replace}\n");
        project.pipeline("customers", "schedule: \"* * * * *\"\nsource: {type: file, path: data/customers.csv}\n"
                + "checks:\n  - not_null: [id]\nload: {table: customers, mode: replace}\n");
        project.pipeline("report", "after: [orders, customers]\nsource: {type: file, path: data/orders.csv}\nload: {table: report, mode: replace}\n");
        try (TributaryServer server = start()) {
            clock.advance(Duration.ofSeconds(30));
            JsonNode runs = await(server, "/api/runs?pipeline=report", r -> true, 1);
            JsonNode skipped = runs.get(0);
            assertThat(skipped.get("status").asText()).isEqualTo("SKIPPED");
            assertThat(skipped.get("error").asText()).contains("runs after orders, customers", "customers failed", "not_null(id)")
                    .doesNotContain("orders failed");
        }
    }

    private static JsonNode find(JsonNode runs, String status) {
        for (JsonNode run : runs) {
            if (run.get("status").asText().equals(status)) {
                return run;
            }
        }
        throw new AssertionError("no " + status + " run in " + runs);
    }

    private void awaitRunning(TributaryServer server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.running() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(server.running()).as("a run is going").isPositive();
    }

    private JsonNode await(TributaryServer server, String path, Predicate<JsonNode> counted, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode node = json(server, path);
        while (count(node, counted) < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            node = json(server, path);
        }
        assertThat(count(node, counted)).as("%s", node).isGreaterThanOrEqualTo(count);
        return node;
    }

    private static long count(JsonNode runs, Predicate<JsonNode> counted) {
        long n = 0;
        for (JsonNode run : runs) {
            if (!run.get("status").asText().equals("RUNNING") && counted.test(run)) {
                n++;
            }
        }
        return n;
    }

    private JsonNode post(TributaryServer server, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(server, path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return TributaryServer.JSON.readTree(response.body());
    }

    private JsonNode json(TributaryServer server, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(server, path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return TributaryServer.JSON.readTree(response.body());
    }

    private static URI uri(TributaryServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
