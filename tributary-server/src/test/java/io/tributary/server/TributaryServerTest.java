package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.error.TributaryException;
import io.tributary.testkit.TestProject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server on a real project, with a clock the test moves: it runs a pipeline when its fire time
 * comes (and the model downstream of it), catches up after a restart by the pipeline's policy,
 * answers the API and serves Prometheus metrics that promtool accepts.
 */
class TributaryServerTest {
    @TempDir
    Path dir;
    TestProject project;
    final HttpClient http = HttpClient.newHttpClient();
    final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(30));

    @BeforeEach
    void project() {
        project = TestProject.in(dir);
        project.file("data/orders.csv", "id,total\n1,10\n2,20\n");
        project.pipeline("orders", "schedule: \"* * * * *\"\ncatchup: latest\nsource: {type: file, path: data/orders.csv}\n"
                + "load: {table: orders, mode: replace}\n");
        project.pipeline("manual", "source: {type: file, path: data/orders.csv}\nload: {table: manual}\n");
        project.file("models/revenue.sql", "SELECT sum(total) AS revenue FROM orders\n");
    }

    private TributaryServer start(String token) {
        return TributaryServer.start(project.load(), new ServerOptions("127.0.0.1", 0, 2, token, clock, Duration.ofMillis(50),
                Duration.ofSeconds(10)), "test");
    }

    @Test
    void runsAPipelineWhenItsFireTimeComesWithItsModelAndServesTheApiAndMetrics() throws Exception {
        try (TributaryServer server = start(null)) {
            assertThat(get(server, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(server, "/readyz").statusCode()).isEqualTo(200);
            Thread.sleep(300);
            assertThat(json(server, "/api/runs")).as("nothing is due yet, and a pipeline that never ran has nothing to catch up").isEmpty();

            clock.advance(Duration.ofSeconds(30));   // the next minute: orders is due
            JsonNode runs = await(server, "/api/runs?pipeline=orders", 1);

            assertThat(runs.get(0).get("status").asText()).isEqualTo("SUCCESS");
            assertThat(runs.get(0).get("counts").get("loaded").asLong()).isEqualTo(2);
            assertThat(await(server, "/api/runs?pipeline=revenue", 1).get(0).get("status").asText()).as("the model downstream").isEqualTo("SUCCESS");
            JsonNode pipelines = json(server, "/api/pipelines");
            assertThat(pipelines).extracting(p -> p.get("name").asText()).containsExactly("manual", "orders");
            assertThat(pipelines.get(1).get("health").asText()).isEqualTo("healthy");
            assertThat(Instant.parse(pipelines.get(1).get("next_run").asText())).isEqualTo(clock.instant().truncatedTo(ChronoUnit.MINUTES).plusSeconds(60));
            assertThat(pipelines.get(0).get("health").asText()).isEqualTo("unknown");
            assertThat(pipelines.get(0).get("next_run").isNull()).as("no schedule").isTrue();

            HttpResponse<String> triggered = http.send(HttpRequest.newBuilder(uri(server, "/api/pipelines/manual/runs"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(triggered.statusCode()).isEqualTo(200);
            assertThat(TributaryServer.JSON.readTree(triggered.body()).get("status").asText()).isEqualTo("success");
            assertThat(get(server, "/api/pipelines/nope/runs").statusCode()).isEqualTo(404);

            String metrics = get(server, "/metrics").body();
            assertThat(metrics).contains("tributary_runs_total{pipeline=\"orders\",status=\"success\"} 1.0",
                    "tributary_runs_total{pipeline=\"manual\",status=\"success\"} 1.0", "tributary_build_info{version=\"test\"} 1",
                    "tributary_rows_loaded_total{pipeline=\"orders\"} 2.0", "tributary_run_duration_seconds_bucket{pipeline=\"orders\",le=\"1.0\"} 1",
                    "tributary_scheduler_lag_seconds_count 1", "tributary_scheduler_dispatch_lag_seconds_count 1",
                    "tributary_data_freshness_seconds{pipeline=\"orders\"} ",
                    "tributary_model_builds_total{model=\"revenue\",status=\"success\"}", "jvm_memory_used_bytes");
            promtoolAccepts(metrics);
        }
    }

    @Test
    void theFreshnessGaugeIsTheAgeOfAPipelinesNewestDataAndARestartReadsItFromTheStore() throws Exception {
        try (TributaryServer server = start(null)) {
            assertThat(get(server, "/metrics").body()).as("no data yet, no age").doesNotContain("tributary_data_freshness_seconds{pipeline=\"manual\"}");
            assertThat(http.send(HttpRequest.newBuilder(uri(server, "/api/pipelines/manual/runs")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            clock.advance(Duration.ofSeconds(120));
            assertThat(freshness(get(server, "/metrics").body(), "manual")).isBetween(120.0, 180.0);
        }
        try (TributaryServer server = start(null)) {
            assertThat(freshness(get(server, "/metrics").body(), "manual")).as("from the run history, before any run of this server").isGreaterThanOrEqualTo(0);
        }
    }

    private static double freshness(String scrape, String pipeline) {
        String prefix = "tributary_data_freshness_seconds{pipeline=\"" + pipeline + "\"} ";
        return scrape.lines().filter(l -> l.startsWith(prefix)).map(l -> Double.parseDouble(l.substring(prefix.length()))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + "in the scrape"));
    }

    @Test
    void aRunAKilledProcessLeftIsTriedAgainAtStartByItsRetriesAndAlertedWithoutThem() throws Exception {
        try (io.tributary.testkit.HttpReceiver hook = io.tributary.testkit.HttpReceiver.start()) {
            project.file("tributary.yml", "name: shop\nalerts:\n  hook: {type: webhook, url: \"" + hook.url("/hook") + "\"}\n"
                    + "alerting: {channels: [hook], group: 0s}\n");
            project.pipeline("nightly", "schedule: \"0 3 1 1 *\"\nretries: {attempts: 2, backoff: 1s}\nsource: {type: file, path: data/orders.csv}\n"
                    + "load: {table: nightly, mode: replace}\n");
            project.pipeline("yearly", "schedule: \"0 3 1 1 *\"\nsource: {type: file, path: data/orders.csv}\nload: {table: yearly, mode: replace}\n");
            leftRunningByAKilledProcess("nightly", "yearly");

            try (TributaryServer server = start(null)) {
                JsonNode nightly = await(server, "/api/runs?pipeline=nightly", 2);
                assertThat(nightly.get(0).get("status").asText()).as("tried again at once").isEqualTo("SUCCESS");
                assertThat(nightly.get(1).get("status").asText()).isEqualTo("ABANDONED");
                assertThat(project.count("nightly")).isEqualTo(2);
                JsonNode yearly = json(server, "/api/runs?pipeline=yearly");
                assertThat(yearly).as("no retries: it waits for its next fire time").hasSize(1);
                assertThat(yearly.get(0).get("status").asText()).isEqualTo("ABANDONED");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (hook.requests().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(hook.requests()).as("one alert: the abandoned run without retries").hasSize(1);
                assertThat(hook.requests().get(0).body()).contains("pipeline.failed", "yearly").doesNotContain("nightly");
                JsonNode incidents = json(server, "/api/alerts").get("incidents");
                assertThat(incidents).hasSize(1);
                assertThat(incidents.get(0).get("pipeline").asText()).isEqualTo("yearly");
            }
        }
    }

    /** Runs of these pipelines as a process killed mid-run leaves them: running, its owner gone. */
    private void leftRunningByAKilledProcess(String... pipelines) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        io.tributary.metadata.Owner owner = new io.tributary.metadata.Owner("killed-" + gone.pid(), io.tributary.metadata.Owner.thisProcess().host(),
                gone.pid(), Instant.now().minusSeconds(60));
        try (io.tributary.app.RunService service = io.tributary.app.RunService.open(project.load())) {
            service.store().heartbeat(owner);
            for (String pipeline : pipelines) {
                service.store().startRun(new io.tributary.metadata.NewRun(pipeline, pipeline, "replace", false, owner));
            }
        }
    }

    @Test
    void theOpenApiDocumentDescribesEveryRouteTheServerAnswers() throws Exception {
        try (TributaryServer server = start("s3cret")) {
            JsonNode paths = json(server, "/api/openapi.json").get("paths");
            java.util.Set<String> documented = new java.util.TreeSet<>();
            paths.fieldNames().forEachRemaining(p -> paths.get(p).fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase() + " " + p)));
            java.util.Set<String> served = new java.util.TreeSet<>();
            java.util.regex.Matcher route = java.util.regex.Pattern.compile("http\\.(get|post|delete)\\(\"([^\"]+)\"")
                    .matcher(Files.readString(Path.of("src/main/java/io/tributary/server/TributaryServer.java"))
                            + Files.readString(Path.of("src/main/java/io/tributary/server/ClientRoutes.java")));
            while (route.find()) {
                served.add(route.group(1).toUpperCase() + " " + route.group(2));
            }
            assertThat(documented).isEqualTo(served);
        }
    }

    @Test
    void aRestartCatchesUpTheNewestMissedFireTimeOnce() throws Exception {
        try (TributaryServer server = start(null)) {
            clock.advance(Duration.ofSeconds(30));
            await(server, "/api/runs?pipeline=orders", 1);
        }
        clock.advance(Duration.ofMinutes(5));   // down for five fire times
        try (TributaryServer server = start(null)) {
            JsonNode runs = await(server, "/api/runs?pipeline=orders", 2);
            Thread.sleep(500);
            assertThat(json(server, "/api/runs?pipeline=orders")).as("latest: one run for the five missed, no more").hasSize(2);
            assertThat(runs.get(0).get("status").asText()).isEqualTo("SUCCESS");
        }
    }

    @Test
    void theApiNeedsTheTokenWhenOneIsSetAndNoTokenMeansLoopbackOnly() throws Exception {
        try (TributaryServer server = start("s3cret")) {
            assertThat(get(server, "/api/runs").statusCode()).isEqualTo(401);
            assertThat(http.send(HttpRequest.newBuilder(uri(server, "/api/runs")).header("Authorization", "Bearer s3cret").build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(get(server, "/healthz").statusCode()).as("liveness stays open").isEqualTo(200);
        }
        assertThatThrownBy(() -> TributaryServer.start(project.load(), new ServerOptions("0.0.0.0", 0, 1, null, clock, Duration.ofSeconds(1),
                Duration.ofSeconds(1)), "test")).isInstanceOf(TributaryException.class).hasMessageContaining("TRIBUTARY_API_TOKEN");
    }

    @Test
    void aFailingPipelineAlertsOncePerIncidentAndAgainWhenItRecoversAlsoAfterARestart() throws Exception {
        java.util.List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            // group: 0s sends each alert at once (the default window of 1m is the next test's)
            project.file("tributary.yml", "name: shop\nalerts:\n  hook: {type: webhook, url: \"http://127.0.0.1:" + receiver.getAddress().getPort()
                    + "/hook\"}\nalerting: {group: 0s}\n");
            project.file("data/payments.csv", "id,total\n1,10\n,20\n");
            project.pipeline("payments", "source: {type: file, path: data/payments.csv}\nchecks:\n  - not_null: [id]\nload: {table: payments}\n"
                    + "alerts: [hook]\n");
            try (TributaryServer server = start(null)) {
                assertThat(post(server, "/api/pipelines/payments/runs").get("status").asText()).isEqualTo("failed");
                assertThat(post(server, "/api/pipelines/payments/runs").get("status").asText()).isEqualTo("failed");
                assertThat(received).as("one alert for the incident, not one per failed run").hasSize(1);
                JsonNode alert = TributaryServer.JSON.readTree(received.get(0));
                assertThat(alert.get("type").asText()).isEqualTo("pipeline.failed");
                assertThat(alert.get("data").toString()).contains("payments", "not_null(id)");
                assertThat(get(server, "/metrics").body()).contains("tributary_alert_deliveries_total{channel=\"hook\",result=\"delivered\"} 1.0");
            }
            try (TributaryServer server = start(null)) {
                assertThat(post(server, "/api/pipelines/payments/runs").get("status").asText()).isEqualTo("failed");
                assertThat(received).as("after a restart the incident is still the same one").hasSize(1);
                project.file("data/payments.csv", "id,total\n1,10\n2,20\n");
                assertThat(post(server, "/api/pipelines/payments/runs").get("status").asText()).isEqualTo("success");
                assertThat(received).hasSize(2);
                assertThat(TributaryServer.JSON.readTree(received.get(1)).get("type").asText()).isEqualTo("pipeline.recovered");
            }
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void alertsRaisedTogetherGoOutAsOneMessageOnTheTickAndApiAlertsShowsTheIncidentsAndADeadChannel() throws Exception {
        try (io.tributary.testkit.HttpReceiver hook = io.tributary.testkit.HttpReceiver.start()) {
            project.file("tributary.yml", "name: shop\nalerts:\n  hook: {type: webhook, url: \"" + hook.url("/hook") + "\"}\n"
                    + "  dead: {type: webhook, url: \"http://127.0.0.1:" + io.tributary.testkit.HttpReceiver.deadPort() + "/gone\"}\n"
                    + "alerting: {channels: [hook, dead], group: 1m}\n");
            project.pipeline("payments", "source: {type: file, path: data/missing.csv}\nload: {table: payments}\n");
            project.pipeline("refunds", "source: {type: file, path: data/missing.csv}\nload: {table: refunds}\n");
            try (TributaryServer server = start(null)) {
                assertThat(post(server, "/api/pipelines/payments/runs").get("status").asText()).isEqualTo("failed");
                assertThat(post(server, "/api/pipelines/refunds/runs").get("status").asText()).isEqualTo("failed");
                assertThat(json(server, "/api/alerts").get("waiting").asInt()).isEqualTo(4);
                assertThat(hook.requests()).as("held for the group window").isEmpty();
                clock.advance(Duration.ofSeconds(61));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while ((hook.requests().isEmpty() || json(server, "/api/alerts").get("channels").size() < 2) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertThat(hook.requests()).hasSize(1);
                assertThat(TributaryServer.JSON.readTree(hook.requests().get(0).body()).get("data").get("summary").asText())
                        .isEqualTo("2 pipelines failed: payments, refunds");
                JsonNode alerts = json(server, "/api/alerts");
                assertThat(alerts.get("incidents")).hasSize(2);
                assertThat(alerts.get("incidents").get(0).get("kind").asText()).isEqualTo("failure");
                JsonNode dead = null;
                for (JsonNode channel : alerts.get("channels")) {
                    if (channel.get("channel").asText().equals("dead")) {
                        dead = channel;
                    }
                }
                assertThat(dead).as("%s", alerts).isNotNull();
                assertThat(dead.get("failing").asBoolean()).isTrue();
                assertThat(dead.get("last_failure").asText()).contains("127.0.0.1");
                assertThat(get(server, "/metrics").body()).contains("tributary_alert_deliveries_total{channel=\"dead\",result=\"failed\"} 1.0");
            }
        }
    }

    @Test
    void aFailedScheduledRunIsTriedAgainByItsRetriesThenWaitsForItsNextFireTime() throws Exception {
        try (io.tributary.testkit.HttpReceiver hook = io.tributary.testkit.HttpReceiver.start()) {
            project.file("tributary.yml", "name: shop\nalerts:\n  hook: {type: webhook, url: \"" + hook.url("/hook") + "\"}\n"
                    + "alerting: {group: 0s}\n");
            project.file("data/payments.csv", "id,total\n,20\n");
            project.pipeline("payments", "schedule: \"* * * * *\"\nretries: {attempts: 3, backoff: 20ms}\n"
                    + "source: {type: file, path: data/payments.csv}\nchecks:\n  - not_null: [id]\nload: {table: payments}\nalerts: [hook]\n");
            try (TributaryServer server = start(null)) {
                clock.advance(Duration.ofSeconds(30));
                JsonNode runs = await(server, "/api/runs?pipeline=payments", 3);
                Thread.sleep(500);
                assertThat(json(server, "/api/runs?pipeline=payments")).as("three attempts in all, then no more").hasSize(3);
                assertThat(runs).allSatisfy(run -> assertThat(run.get("status").asText()).isEqualTo("FAILED"));
                assertThat(hook.requests()).as("one alert, after the retries").hasSize(1);
                assertThat(TributaryServer.JSON.readTree(hook.requests().get(0).body()).get("data").get("run_id").asLong())
                        .as("about the last attempt").isEqualTo(runs.get(0).get("runId").asLong());
            }
        }
    }

    private JsonNode post(TributaryServer server, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(server, path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        return TributaryServer.JSON.readTree(response.body());
    }

    /** promtool (Debian's prometheus package) checks the exposition format and naming; .ci/run installs it and requires it. */
    private void promtoolAccepts(String metrics) throws IOException, InterruptedException {
        boolean present = Files.isExecutable(Path.of("/usr/bin/promtool"));
        if (!present && System.getenv("TRIBUTARY_REQUIRE_PROMTOOL") == null) {
            Assumptions.abort("promtool not installed (apt-get install prometheus); .ci/run installs it and sets TRIBUTARY_REQUIRE_PROMTOOL");
        }
        assertThat(present).as("promtool is required here (TRIBUTARY_REQUIRE_PROMTOOL)").isTrue();
        Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics").redirectErrorStream(true).start();
        promtool.getOutputStream().write(metrics.getBytes());
        promtool.getOutputStream().close();
        String out = new String(promtool.getInputStream().readAllBytes());
        assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(promtool.exitValue()).as("promtool check metrics:\n%s", out).isZero();
    }

    private JsonNode await(TributaryServer server, String path, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode node = json(server, path);
        while (countFinished(node) < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            node = json(server, path);
        }
        assertThat(countFinished(node)).as("%s", node).isGreaterThanOrEqualTo(count);
        return node;
    }

    private static long countFinished(JsonNode runs) {
        long n = 0;
        for (JsonNode run : runs) {
            if (!run.get("status").asText().equals("RUNNING")) {
                n++;
            }
        }
        return n;
    }

    private JsonNode json(TributaryServer server, String path) throws Exception {
        HttpResponse<String> response = get(server, path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return TributaryServer.JSON.readTree(response.body());
    }

    private HttpResponse<String> get(TributaryServer server, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(server, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(TributaryServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
