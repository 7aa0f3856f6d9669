package io.tributary.cli;

import static io.tributary.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.server.ServerFile;
import io.tributary.testkit.TestProject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI while {@code tributary server} (a real process) owns the warehouse: run, runs, sql, tables,
 * checks and logs go through it and print what they print without it, with the same exit codes; a
 * server killed with SIGKILL leaves its server.json behind, and the CLI ignores it.
 */
class ThroughServerTest {
    @org.junit.jupiter.api.extension.RegisterExtension
    final StartedProcesses processes = new StartedProcesses();

    @TempDir
    Path dir;
    Path a;
    Path b;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void twoAlikeProjects() {
        a = dir.resolve("a");
        b = dir.resolve("b");
        for (Path project : List.of(a, b)) {
            TestProject p = TestProject.in(project);
            p.file("data/orders.csv", "id,customer,total\n1,ann,10.5\n2,bob,20\n3,,30\n");
            p.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders, mode: replace}\n"
                    + "checks:\n  - not_null: [id]\n  - not_null: [customer]\n    severity: warn\n");
            p.pipeline("broken", "source: {type: file, path: data/missing.csv}\nload: {table: broken}\n");
            p.file("models/revenue.sql", "SELECT sum(total) AS revenue FROM orders\n");
        }
    }

    @Test
    void runSqlRunsTablesChecksAndLogsThroughARunningServerPrintWhatTheyPrintWithoutOne() throws Exception {
        CliProcess server = startServer(a);
        String url = awaitServer(server, a);

        CliTest.Result remoteRun = cli("-p", a.toString(), "run", "orders");
        CliTest.Result localRun = cli("-p", b.toString(), "run", "orders");
        assertThat(remoteRun.err()).as("%s", remoteRun).contains("(through the server at " + url + ")");
        assertThat(remoteRun.code()).as("%s", remoteRun).isEqualTo(localRun.code()).isZero();
        assertThat(normalized(remoteRun.out(), a)).isEqualTo(normalized(localRun.out(), b)).contains("OK  orders -> orders").contains("OK  model revenue");

        CliTest.Result remoteFailed = cli("-p", a.toString(), "run", "broken");
        CliTest.Result localFailed = cli("-p", b.toString(), "run", "broken");
        assertThat(remoteFailed.code()).as("%s", remoteFailed).isEqualTo(localFailed.code()).isEqualTo(1);
        assertThat(normalized(remoteFailed.out(), a)).isEqualTo(normalized(localFailed.out(), b)).contains("FAILED  broken");

        CliTest.Result write = cli("-p", a.toString(), "sql", "--write", "DELETE FROM orders");
        assertThat(write.code()).isEqualTo(2);
        assertThat(write.err()).contains("--write cannot change the warehouse while the server at " + url + " owns it").contains("stop the server");

        List<List<String>> commands = List.of(List.of("runs"), List.of("runs", "orders", "-n", "1"), List.of("tables"), List.of("tables", "--all"),
                List.of("checks"), List.of("checks", "--run", "1", "--format", "json"), List.of("logs", "1"), List.of("logs", "99"),
                List.of("sql", "SELECT * FROM orders ORDER BY id"), List.of("sql", "SELECT * FROM orders ORDER BY id", "--max-rows", "2"),
                List.of("sql", "SELECT id, [id, 2] AS l, {'c': customer} AS s FROM orders", "--format", "json"),
                List.of("sql", "SELECT * FROM orders", "--format", "csv"), List.of("sql", "DESCRIBE orders"), List.of("sql", "SELECT * FROM nowhere"));
        Map<List<String>, CliTest.Result> through = new LinkedHashMap<>();
        for (List<String> command : commands) {
            CliTest.Result result = cli(args(a, command));
            assertThat(result.err()).as("%s: %s", command, result).contains("(through the server at");
            through.put(command, result);
        }
        server.terminate();
        server.waitFor(60);
        assertThat(ServerFile.of(a)).as("a stopped server removes its file").doesNotExist();

        for (List<String> command : commands) {
            CliTest.Result local = cli(args(a, command));
            assertThat(local.err()).doesNotContain("through the server");
            assertThat(through.get(command).code()).as("%s: exit code", command).isEqualTo(local.code());
            assertThat(through.get(command).out()).as("%s: stdout", command).isEqualTo(local.out());
        }
        assertThat(through.get(List.of("sql", "SELECT * FROM nowhere")).code()).isEqualTo(2);
        assertThat(through.get(List.of("logs", "99")).code()).isEqualTo(2);
        assertThat(through.get(List.of("runs")).out()).contains("orders").contains("broken");
    }

    @Test
    void pauseAndResumeGoThroughARunningServer() throws Exception {
        CliProcess server = startServer(a);
        String url = awaitServer(server, a);

        CliTest.Result paused = cli("-p", a.toString(), "pause", "orders", "--reason", "supplier migrating");
        assertThat(paused.code()).as("%s", paused).isZero();
        assertThat(paused.err()).contains("(through the server at " + url + ")");
        assertThat(paused.out()).contains("paused orders (supplier migrating): the server does not run it until tributary resume orders");
        String pipelines = http.send(HttpRequest.newBuilder(URI.create(url + "/api/pipelines")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(pipelines).as("the server itself holds the pause").contains("\"pause_reason\":\"supplier migrating\"");
        assertThat(cli("-p", a.toString(), "pause", "orders").out()).contains("orders is already paused, since", "(supplier migrating)");

        assertThat(cli("-p", a.toString(), "run", "orders").code()).isZero();
        CliTest.Result status = cli("-p", a.toString(), "status");
        assertThat(status.code()).as("%s", status).isZero();
        assertThat(status.err()).contains("(through the server at " + url + ")");
        assertThat(status.out()).containsPattern("orders +degraded +.*warn-level check failed").contains("paused   orders since ", ": supplier migrating (tributary resume orders)")
                .containsPattern("broken +unknown +.*it never ran");

        CliTest.Result schedule = cli("-p", a.toString(), "schedule", "orders");
        assertThat(schedule.code()).as("%s", schedule).isZero();
        assertThat(schedule.err()).contains("(through the server at " + url + ")");
        assertThat(schedule.out()).contains("orders: no schedule");

        CliTest.Result resumed = cli("-p", a.toString(), "resume", "orders");
        assertThat(resumed.code()).as("%s", resumed).isZero();
        assertThat(resumed.out()).contains("resumed orders (paused since ");
        assertThat(cli("-p", a.toString(), "resume", "orders").out()).contains("orders was not paused; nothing changed");
        CliTest.Result unknown = cli("-p", a.toString(), "pause", "ordres");
        assertThat(unknown.code()).as("%s", unknown).isEqualTo(2);
        assertThat(unknown.err()).contains("ordres");
        server.terminate();
        server.waitFor(60);
    }

    @Test
    void aServerKilledWithSigkillLeavesItsFileAndTheCliIgnoresIt() throws Exception {
        CliProcess server = startServer(a);
        awaitServer(server, a);
        server.killAfter(null, 0, 0);
        server.waitFor(30);
        assertThat(ServerFile.of(a)).as("SIGKILL gives no chance to remove it").exists();

        CliTest.Result run = cli("-p", a.toString(), "run", "orders");
        assertThat(run.code()).as("%s", run).isZero();
        assertThat(run.err()).doesNotContain("through the server");
        CliTest.Result runs = cli("-p", a.toString(), "runs");
        assertThat(runs.code()).isZero();
        assertThat(runs.out()).contains("success");
    }

    @Test
    void aBackfillThroughTheServerPrintsEachWindowAsItDoesWithoutOne() throws Exception {
        try (io.tributary.testkit.TestDatabase source = io.tributary.testkit.TestDatabase.postgres()) {
            source.execute("CREATE TABLE events (id int PRIMARY KEY, v text, created_at timestamptz)",
                    "INSERT INTO events VALUES (1, 'a', '2026-01-01 10:00+00'), (2, 'b', '2026-01-02 10:00+00'), (3, 'c', '2026-01-03 10:00+00')");
            for (Path project : List.of(a, b)) {
                Files.writeString(project.resolve("tributary.yml"), "name: shop\nconnections:\n" + source.connectionYaml("pg"));
                Files.writeString(project.resolve("pipelines/events.yml"), "name: events\nsource: {type: database, connection: pg, table: events, "
                        + "incremental: {cursor: created_at}}\nload: {table: events, mode: append}\n");
            }
            CliProcess server = startServer(a);
            awaitServer(server, a);
            String[] backfill = {"backfill", "events", "--from", "2026-01-01", "--to", "2026-01-04"};
            CliTest.Result remote = cli(args(a, List.of(backfill)));
            CliTest.Result local = cli(args(b, List.of(backfill)));
            assertThat(remote.err()).as("%s", remote).contains("(through the server at");
            assertThat(remote.code()).as("%s", remote).isEqualTo(local.code()).isZero();
            assertThat(normalized(remote.out(), a)).isEqualTo(normalized(local.out(), b)).contains("window 3/3").contains("complete: 3 windows done");

            CliTest.Result again = cli(args(a, List.of(backfill)));
            assertThat(again.out()).isEqualTo(cli(args(b, List.of(backfill))).out()).contains("nothing to run");
            server.terminate();
            server.waitFor(60);
        }
    }

    @Test
    void aPipelineBusyInTheServerExits75AndAQueryPastTheSqlTimeoutIsCancelled() throws Exception {
        Path csv = a.resolve("data/big.csv");
        try (java.io.Writer out = Files.newBufferedWriter(csv)) {
            out.write("id,customer,total,note\n");
            for (int i = 1; i <= ServerProcessTest.ROWS; i++) {
                out.write(i + ",customer-" + (i % 5000) + "," + (i % 997) + ".25,some words to make the file bigger " + i + "\n");
            }
        }
        Files.writeString(a.resolve("pipelines/big.yml"), "name: big\nsource: {type: file, path: data/big.csv}\nload: {table: big, mode: replace}\n");
        CliProcess server = processes.start(dir.resolve("server-busy.log"), dir.resolve("tmp"), "-p", a.toString(), "server", "--port", "0",
                "--sql-timeout", "300ms");
        String url = awaitServer(server, a);
        HttpResponse<String> queued = http.send(HttpRequest.newBuilder(URI.create(url + "/api/pipelines/big/runs?wait=false"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(queued.statusCode()).isEqualTo(202);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.lines().stream().noneMatch(l -> l.text().contains("big: run starting")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        CliTest.Result busy = cli("-p", a.toString(), "run", "big");
        assertThat(busy.code()).as("%s", busy).isEqualTo(75);
        assertThat(busy.out()).contains("BUSY  big");

        CliTest.Result slow = cli("-p", a.toString(), "sql", "SELECT count(*) FROM range(1000000000000) a WHERE a.range % 7 = 3");
        assertThat(slow.code()).as("%s", slow).isEqualTo(1);
        assertThat(slow.err()).contains("cancelled after 300 ms, the server's --sql-timeout").contains("tributary server --sql-timeout 5m");
        server.terminate();
        server.waitFor(60);
    }

    private static String[] args(Path project, List<String> command) {
        List<String> args = new java.util.ArrayList<>(List.of("-p", project.toString()));
        args.addAll(command);
        return args.toArray(String[]::new);
    }

    /** A run's output without what differs between two runs of alike projects: their folders, times and rates. */
    private static String normalized(String out, Path project) {
        return out.replace(project.toAbsolutePath().toString(), "<project>").replace(project.toString(), "<project>")
                .replaceAll("[\\d,.]+ rows/s", "<rate>").replaceAll("\\d+ min \\d+ s|[\\d.]+ (ms|s)\\b", "<time>");
    }

    private CliProcess startServer(Path project) {
        return processes.start(dir.resolve("server-" + project.getFileName() + ".log"), dir.resolve("tmp"), "-p", project.toString(),
                "server", "--port", "0");
    }

    /** Waits for the server's file and for the server to be ready; returns its URL. */
    private String awaitServer(CliProcess server, Path project) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            var file = ServerFile.read(project);
            if (file.isPresent() && file.get().pid() == server.pid()) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(file.get().url() + "/readyz")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        return file.get().url();
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server never announced itself:\n" + server.output());
    }
}
