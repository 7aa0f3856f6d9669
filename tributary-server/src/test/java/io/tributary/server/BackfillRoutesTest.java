package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.testkit.TestDatabase;
import io.tributary.testkit.TestProject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/pipelines/{name}/backfills} and {@code GET /api/backfills/{id}} on a real PostgreSQL source. */
class BackfillRoutesTest {
    @TempDir
    Path dir;
    TestDatabase db;
    TestProject project;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void project() {
        db = TestDatabase.postgres();
        db.execute("CREATE TABLE events (id int PRIMARY KEY, created_at timestamptz)",
                "INSERT INTO events VALUES (1, '2026-01-01 10:00+00'), (2, '2026-01-02 10:00+00'), (3, '2026-01-05 10:00+00')");
        project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\n" + db.connectionsYaml("pg"));
        project.pipeline("events", "source: {type: database, connection: pg, table: events, incremental: {cursor: created_at}}\n"
                + "load: {table: events, mode: append}");
        project.file("data/a.csv", "id\n1\n");
        project.pipeline("files", "source: {type: file, path: data/a.csv}\nload: {table: files}");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void aBackfillStartsWith202RunsItsWindowsOnThePoolAndReportsEachWindow() throws Exception {
        try (TributaryServer server = TributaryServer.start(project.load(), new ServerOptions("127.0.0.1", 0, 2, null, Clock.systemUTC(),
                Duration.ofMillis(50), Duration.ofSeconds(10)), "test")) {
            HttpResponse<String> started = post(server, "/api/pipelines/events/backfills", "{\"from\": \"2026-01-01\", \"to\": \"2026-01-03\", \"window\": \"1d\"}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            JsonNode body = TributaryServer.JSON.readTree(started.body());
            assertThat(body.get("windows").asInt()).isEqualTo(2);
            long id = body.get("id").asLong();

            JsonNode status = awaitComplete(server, id);
            assertThat(status.get("pipeline").asText()).isEqualTo("events");
            assertThat(status.get("windows")).extracting(w -> w.get("status").asText()).containsExactly("done", "done");
            assertThat(status.get("windows").get(0).get("from").asText()).isEqualTo("2026-01-01T00:00:00Z");
            assertThat(status.get("windows").get(1).get("run_id").isNumber()).isTrue();

            HttpResponse<String> again = post(server, "/api/pipelines/events/backfills", "{\"from\": \"2026-01-01\", \"to\": \"2026-01-03\"}");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(again.body()).contains("nothing to run");

            HttpResponse<String> refused = post(server, "/api/pipelines/files/backfills", "{\"from\": \"2026-01-01\", \"to\": \"2026-01-03\"}");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("pipeline files (files.yml) cannot be backfilled");
            assertThat(post(server, "/api/pipelines/events/backfills", "").statusCode()).isEqualTo(400);
            assertThat(post(server, "/api/pipelines/events/backfills", "{from: oops").statusCode()).isEqualTo(400);
            assertThat(post(server, "/api/pipelines/nope/backfills", "{\"from\": \"2026-01-01\", \"to\": \"2026-01-03\"}").statusCode()).isEqualTo(404);
            assertThat(get(server, "/api/backfills/999999").statusCode()).isEqualTo(404);
        }
        assertThat(project.count("events")).as("exactly the rows of the range").isEqualTo(2);
    }

    private JsonNode awaitComplete(TributaryServer server, long id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode status = TributaryServer.JSON.readTree(get(server, "/api/backfills/" + id).body());
        while (!status.get("complete").asBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = TributaryServer.JSON.readTree(get(server, "/api/backfills/" + id).body());
        }
        assertThat(status.get("complete").asBoolean()).as("%s", status).isTrue();
        return status;
    }

    private HttpResponse<String> post(TributaryServer server, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(TributaryServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
