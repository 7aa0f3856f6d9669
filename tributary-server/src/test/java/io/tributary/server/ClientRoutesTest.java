package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.app.ApiTokens;
import io.tributary.error.TributaryException;
import io.tributary.testkit.TestProject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the CLI asks of a running server: queries that can change nothing and end at the timeout, the
 * tables and check results, the discovery file, and the API tokens that let it listen beyond this machine.
 */
class ClientRoutesTest {
    @TempDir
    Path dir;
    TestProject project;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void project() {
        project = TestProject.in(dir);
        project.file("data/orders.csv", "id,total\n1,10\n2,20\n3,30\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders, mode: replace}\n"
                + "checks:\n  - not_null: [id]\n");
        assertThat(project.run("orders").succeeded()).isTrue();
    }

    private TributaryServer start(String host, String token, Duration sqlTimeout) {
        return TributaryServer.start(project.load(), new ServerOptions(host, 0, 2, token, Clock.systemUTC(), Duration.ofSeconds(1),
                Duration.ofSeconds(10), sqlTimeout), "test");
    }

    @Test
    void aQueryAnswersDuckDbsTextAndCountsEveryRowBeyondMaxRows() throws Exception {
        try (TributaryServer server = start("127.0.0.1", null, Duration.ofSeconds(30))) {
            HttpResponse<String> response = post(server, "/api/sql", "{\"sql\": \"SELECT id, total * 1.5 AS x FROM orders ORDER BY id;\", \"max_rows\": 2}", null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = TributaryServer.JSON.readTree(response.body());
            assertThat(body.get("columns").toString()).isEqualTo("[{\"name\":\"id\",\"type\":\"NUMBER\"},{\"name\":\"x\",\"type\":\"NUMBER\"}]");
            assertThat(body.get("rows").toString()).isEqualTo("[[\"1\",\"15.0\"],[\"2\",\"30.0\"]]");
            assertThat(body.get("row_count").asLong()).isEqualTo(3);
            assertThat(body.get("truncated").asBoolean()).isTrue();
        }
    }

    @Test
    void insertDropCopyAndAttachAreRefusedWithWhatToDoAndTheDataStaysUnchanged() throws Exception {
        Path out = dir.resolve("copy.csv");
        try (TributaryServer server = start("127.0.0.1", null, Duration.ofSeconds(30))) {
            for (String sql : new String[] {"INSERT INTO orders VALUES (4, 40)", "DROP TABLE orders", "COPY orders TO '" + out + "'",
                    "ATTACH '" + dir.resolve("other.duckdb") + "' AS other", "SELECT 1; DROP TABLE orders", "CREATE TABLE x AS SELECT 1 AS a"}) {
                HttpResponse<String> response = post(server, "/api/sql", TributaryServer.JSON.writeValueAsString(Map.of("sql", sql)), null);
                assertThat(response.statusCode()).as(sql + ": " + response.body()).isEqualTo(400);
                assertThat(response.body()).as(sql).contains("only one query").contains("stop the server");
            }
            HttpResponse<String> count = post(server, "/api/sql", "{\"sql\": \"SELECT count(*) AS n FROM orders\"}", null);
            assertThat(TributaryServer.JSON.readTree(count.body()).get("rows").toString()).isEqualTo("[[\"3\"]]");
        }
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("other.duckdb")).doesNotExist();
        assertThat(project.count("orders")).isEqualTo(3);
    }

    @Test
    void aQueryPastTheSqlTimeoutIsCancelledAndTheAnswerNamesTheTimeoutAndHowToRaiseIt() throws Exception {
        try (TributaryServer server = start("127.0.0.1", null, Duration.ofMillis(300))) {
            HttpResponse<String> response = post(server, "/api/sql",
                    "{\"sql\": \"SELECT count(*) FROM range(1000000000000) a WHERE a.range % 7 = 3\"}", null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
            assertThat(response.body()).contains("cancelled after 300 ms").contains("--sql-timeout");
            // the session is free again: the next query answers
            assertThat(post(server, "/api/sql", "{\"sql\": \"SELECT 1 AS one\"}", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void tablesAndChecksAnswerWhatTheCommandsPrint() throws Exception {
        try (TributaryServer server = start("127.0.0.1", null, Duration.ofSeconds(30))) {
            JsonNode tables = TributaryServer.JSON.readTree(get(server, "/api/tables", null).body());
            assertThat(tables.get("tables").get(0).get("name").asText()).isEqualTo("orders");
            assertThat(tables.get("tables").get(0).get("rows").asLong()).isEqualTo(3);
            JsonNode checks = TributaryServer.JSON.readTree(get(server, "/api/checks?pipeline=orders", null).body());
            assertThat(checks).hasSize(1);
            assertThat(checks.get(0).get("status").asText()).isEqualTo("PASS");
        }
    }

    @Test
    void theServerAnnouncesItselfInServerJsonReadableByItsOwnerAndRemovesItOnClose() throws Exception {
        Path file = ServerFile.of(dir);
        try (TributaryServer server = start("127.0.0.1", null, Duration.ofSeconds(30))) {
            ServerFile announced = ServerFile.read(dir).orElseThrow();
            assertThat(announced.url()).isEqualTo("http://127.0.0.1:" + server.port());
            assertThat(announced.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(announced.version()).isEqualTo("test");
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            }
        }
        assertThat(file).doesNotExist();
    }

    @Test
    void beyondThisMachineTheServerNeedsATokenAndAcceptsACreatedOneUntilItIsRevoked() throws Exception {
        assertThatThrownBy(() -> start("0.0.0.0", null, Duration.ofSeconds(30))).isInstanceOf(TributaryException.class)
                .hasMessageContaining("tributary token create");
        ApiTokens.Created created = ApiTokens.withStore(project.load().metadata(), project.load().warehouse(),
                tokens -> tokens.create("ci", Instant.now()));
        try (TributaryServer server = start("0.0.0.0", null, Duration.ofSeconds(30))) {
            assertThat(get(server, "/api/runs", null).statusCode()).isEqualTo(401);
            assertThat(get(server, "/api/runs", "trb_" + "0".repeat(64)).statusCode()).isEqualTo(401);
            assertThat(get(server, "/api/runs", created.token()).statusCode()).isEqualTo(200);
            assertThat(get(server, "/healthz", null).statusCode()).as("liveness needs no token").isEqualTo(200);

            HttpResponse<String> listed = get(server, "/api/tokens", created.token());
            assertThat(listed.body()).contains("\"name\":\"ci\"").contains("lastUsedAt").doesNotContain(created.token())
                    .doesNotContain(created.token().substring(4, 20));
            HttpResponse<String> made = post(server, "/api/tokens", "{\"name\": \"grafana\"}", created.token());
            assertThat(made.statusCode()).isEqualTo(201);
            String second = TributaryServer.JSON.readTree(made.body()).get("token").asText();
            assertThat(get(server, "/api/runs", second).statusCode()).isEqualTo(200);

            HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(uri(server, "/api/tokens/ci")).DELETE()
                    .header("Authorization", "Bearer " + second).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
            assertThat(get(server, "/api/runs", created.token()).statusCode()).as("revoked").isEqualTo(401);
            assertThat(get(server, "/api/runs", second).statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(TributaryServer server, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(TributaryServer server, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(server, path)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(TributaryServer server, String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }
}
