package io.tributary.cli;

import static io.tributary.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.ServerOptions;
import io.tributary.server.TributaryServer;
import io.tributary.testkit.TestProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary reload}: 0 when the server reloaded, 2 with each problem when a file is invalid (or the token is
 * refused), 1 when no server answers; the server's address from --url, else .tributary/server.json. And {@code
 * tributary server} starts with a broken pipeline file, showing it invalid.
 */
class ReloadCommandTest {
    static final String ORDERS = "source: {type: file, path: data/orders.csv}\nload: {table: orders, mode: replace}\n";

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void project() {
        project = TestProject.in(dir);
        project.file("data/orders.csv", "id,total\n1,10\n");
        project.pipeline("orders", ORDERS);
    }

    @Test
    void exitCodesSayReloadedInvalidOrNoServer() throws Exception {
        String url;
        try (TributaryServer server = TributaryServer.start(project.load(), new ServerOptions("127.0.0.1", 0, 1, null, Clock.systemUTC(),
                Duration.ofSeconds(1), Duration.ofSeconds(5)), "test")) {
            url = "http://127.0.0.1:" + server.port();
            project.pipeline("more", ORDERS.replace("table: orders", "table: more"));
            CliTest.Result added = cli("-p", dir.toString(), "reload", "--url", url);
            assertThat(added.code()).as("%s", added).isZero();
            assertThat(added.out()).contains("reloaded: "); // the file watch may have taken the new file first

            project.pipeline("orders", ORDERS.replace("mode: replace", "mdoe: replace"));
            project.file(".tributary/server.json", "{\"url\": \"" + url + "\"}");
            CliTest.Result invalid = cli("-p", dir.toString(), "reload"); // the address from .tributary/server.json
            assertThat(invalid.code()).as("%s", invalid).isEqualTo(2);
            assertThat(invalid.err()).contains("invalid: pipelines/orders.yml (orders runs on its last good definition)", "orders.yml:3:", "mdoe");
        }
        CliTest.Result none = cli("-p", dir.toString(), "reload", "--url", url);
        assertThat(none.code()).as("%s", none).isEqualTo(1);
        assertThat(none.err()).contains("no tributary server answers at " + url, "tributary server");
    }

    @Test
    void statusShowsABrokenPipelineFileInvalid() {
        project.pipeline("broken", "source: {type: file, path: data/orders.csv}\nload: {tabel: broken}\n");
        CliTest.Result status = cli("-p", dir.toString(), "status");
        assertThat(status.out()).containsPattern("(?m)^broken +invalid +its file does not validate")
                .containsPattern("(?m)^invalid +pipelines/broken\\.yml .*broken\\.yml:3:\\d+ +load\\.tabel");
        assertThat(status.out()).containsPattern("(?m)^orders +unknown");
    }

    @Test
    void theServerStartsWithABrokenPipelineFileAndReloadsWithTheToken() throws Exception {
        project.pipeline("broken", "source: {type: file, path: data/orders.csv}\nload: {tabel: broken}\n");
        int port = freePort();
        Map<String, String> token = Map.of("TRIBUTARY_API_TOKEN", "s3cret");
        CliProcess server = CliProcess.start(dir.resolve("server.log"), dir.resolve("tmp"), token, "-p", dir.toString(), "server",
                "--port", String.valueOf(port), "--grace", "0");
        try {
            String url = "http://127.0.0.1:" + port;
            String pipelines = awaitPipelines(server, port);
            assertThat(pipelines).contains("\"name\":\"broken\"", "\"health\":\"invalid\"", "pipelines/broken.yml is invalid");

            CliProcess refused = CliProcess.start(dir.resolve("refused.log"), dir.resolve("tmp"), "-p", dir.toString(), "reload", "--url", url);
            assertThat(refused.waitFor(60)).as(refused.output()).isEqualTo(2);
            assertThat(refused.output()).contains("set TRIBUTARY_API_TOKEN");

            project.pipeline("broken", "source: {type: file, path: data/orders.csv}\nload: {table: broken}\n");
            CliProcess fixed = CliProcess.start(dir.resolve("fixed.log"), dir.resolve("tmp"), token, "-p", dir.toString(), "reload", "--url", url);
            assertThat(fixed.waitFor(60)).as(fixed.output()).isZero();
        } finally {
            server.terminate();
            server.waitFor(60);
        }
    }

    private static String awaitPipelines(CliProcess server, int port) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/pipelines"))
                        .header("Authorization", "Bearer s3cret").build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not answer:\n" + server.output());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
