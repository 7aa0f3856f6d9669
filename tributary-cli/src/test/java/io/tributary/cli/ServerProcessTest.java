package io.tributary.cli;

import static io.tributary.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.TestProject;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary server} as a real process. SIGTERM during a load lets it finish (up to the grace period)
 * and logs the stop; SIGKILL during a load leaves a run the restarted server marks abandoned and tries again by
 * the pipeline's retries, and the warehouse equals one clean run.
 */
class ServerProcessTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    final StartedProcesses processes = new StartedProcesses();

    static final int ROWS = 1_500_000;

    @TempDir
    Path dir;
    TestProject project;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void bigOrders() throws IOException {
        project = TestProject.in(dir);
        Path csv = dir.resolve("data/orders.csv");
        Files.createDirectories(csv.getParent());
        try (Writer out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("id,customer,total,note\n");
            for (int i = 1; i <= ROWS; i++) {
                out.write(i + ",customer-" + (i % 5000) + "," + (i % 997) + ".25,some words to make the file bigger " + i + "\n");
            }
        }
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders, mode: replace}\n");
    }

    @Test
    void sigkillDuringALoadLeavesAnAbandonedRunTheRestartedServerTriesAgainByItsRetriesAndTheWarehouseEqualsOneCleanRun() throws Exception {
        project.pipeline("orders", "schedule: \"0 3 1 1 *\"\nretries: {attempts: 2, backoff: 1s}\n"
                + "source: {type: file, path: data/orders.csv}\nload: {table: orders, mode: replace}\n");
        int port = freePort();
        CliProcess server = processes.start(dir.resolve("server.log"), dir.resolve("tmp"), "-p", dir.toString(), "server", "--port", String.valueOf(port));
        awaitReady(server, port);
        trigger(port);
        awaitLine(server, "INFO", "orders: run starting");
        server.killAfter(null, 0, server.millisSinceStart() + 150);

        int again = freePort();
        CliProcess restarted = processes.start(dir.resolve("server-2.log"), dir.resolve("tmp"), "-p", dir.toString(), "server", "--port",
                String.valueOf(again));
        awaitReady(restarted, again);
        awaitLine(restarted, "INFO", "orders: run 1 was cut off when its process was killed (abandoned); retries: allows 2 attempts, so it runs again now");
        awaitLine(restarted, "INFO", "orders: run 2 ended success");
        String incidents = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + again + "/api/alerts")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(incidents).as("retried into a success: no incident").contains("\"incidents\":[]");
        restarted.terminate();
        restarted.waitFor(60);

        CliTest.Result runs = cli("-p", dir.toString(), "runs");
        assertThat(runs.out()).containsPattern("(?s)2 +orders.*success.*1 +orders.*abandoned");
        assertThat(project.count("orders")).isEqualTo(ROWS);
        assertThat(project.value("SELECT count(*) FROM _tributary.runs WHERE pipeline = 'orders' AND status = 'success'")).isEqualTo(1L);
    }

    @Test
    void sigtermDuringALoadLetsItFinishThenStopsAndSaysSo() throws Exception {
        int port = freePort();
        CliProcess server = processes.start(dir.resolve("server.log"), dir.resolve("tmp"), "-p", dir.toString(), "server", "--port", String.valueOf(port));
        awaitReady(server, port);
        trigger(port);
        awaitLine(server, "INFO", "orders: run starting");
        server.terminate();

        // 128 + 15: how a JVM ends after a SIGTERM, once its shutdown hooks are done (systemd: SuccessExitStatus=143)
        assertThat(server.waitFor(60)).as(server.output()).isEqualTo(143);
        String log = server.output();
        assertThat(log).contains("stopping: waiting up to 30 s for 1 running load(s) to finish")
                .contains("orders: run 1 ended success").contains("tributary server stopped");
        assertThat(log.indexOf("orders: run 1 ended success")).isLessThan(log.indexOf("tributary server stopped"));
        assertThat(project.count("orders")).isEqualTo(ROWS);
        assertThat(project.value("SELECT count(*) FROM _tributary.runs WHERE pipeline = 'orders' AND status = 'success'")).isEqualTo(1L);
    }

    @Test
    void sigtermPastTheGracePeriodStopsAndTheRunIsRecoveredAsAbandoned() throws Exception {
        int port = freePort();
        CliProcess server = processes.start(dir.resolve("server.log"), dir.resolve("tmp"), "-p", dir.toString(), "server",
                "--port", String.valueOf(port), "--grace", "0", "--log-format", "json");
        awaitReady(server, port);
        trigger(port);
        awaitLine(server, "INFO", "orders: run starting");
        server.terminate();

        server.waitFor(60);
        assertThat(server.output()).contains("still running after the grace period").contains("tributary server stopped");
        // --log-format json: every log line is one JSON object; a run's lines name the pipeline
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> logLines = new ArrayList<>();
        for (CliProcess.Line line : server.lines()) {
            if (line.text().startsWith("{")) {
                logLines.add(json.readTree(line.text()));
            }
        }
        assertThat(logLines).extracting(l -> l.get("message").asText()).contains("orders: run starting", "tributary server stopped");
        assertThat(logLines).filteredOn(l -> l.get("message").asText().equals("orders: run starting"))
                .allSatisfy(l -> assertThat(l.get("pipeline").asText()).isEqualTo("orders"));
        assertThat(server.lines()).filteredOn(l -> l.text().contains("INFO")).allSatisfy(l -> assertThat(l.text()).startsWith("{"));
        CliTest.Result rerun = cli("-p", dir.toString(), "run", "orders");
        assertThat(rerun.code()).as("%s", rerun).isZero();
        assertThat(project.count("orders")).isEqualTo(ROWS);
        assertThat(project.value("SELECT count(*) FROM _tributary.runs WHERE pipeline = 'orders' AND status = 'success'")).isEqualTo(1L);
    }

    private void trigger(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/pipelines/orders/runs?wait=false"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private void awaitReady(CliProcess server, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server never became ready:\n" + server.output());
    }

    private static void awaitLine(CliProcess process, String level, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (process.lines().stream().anyMatch(l -> l.text().contains(level) && l.text().contains(text))) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line with " + text + ":\n" + process.output());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
