package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose process was killed is seen as abandoned by {@code tributary runs} right away, before any
 * other run starts: the history records the run's owner (pid and start time), and the reader sees it gone.
 */
class AbandonedRunTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void runsShowsAKilledRunAsAbandonedAtOnceAndTheNextRunRecordsIt() throws Exception {
        CountDownLatch asked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // An API that takes the request and never answers: the run stays in progress until it is killed.
        HttpServer api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/orders", exchange -> {
            asked.countDown();
            try {
                release.await(120, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        api.start();
        try {
            Path project = dir.resolve("shop");
            assertThat(CliTest.cli("init", project.toString()).code()).isZero();
            Files.writeString(project.resolve("pipelines/slow.yml"), "name: slow\nsource:\n  type: api\n  base_url: http://127.0.0.1:"
                    + api.getAddress().getPort() + "\n  endpoint: /orders\n  timeout: 10m\nload: {table: slow}\n");
            assertThat(CliTest.cli("-p", project.toString(), "run", "orders").code()).isZero();

            CliProcess run = CliProcess.start(dir.resolve("slow.log"), dir.resolve("tmp"), "-p", project.toString(), "run", "slow");
            assertThat(asked.await(90, TimeUnit.SECONDS)).as("the run asked the API; output:\n%s", run.output()).isTrue();
            assertThat(run.killAfter(null, 0, 0)).as("killed while in progress; output:\n%s", run.output()).isNotNegative();

            CliTest.Result runs = CliTest.cli("-p", project.toString(), "runs");
            assertThat(runs.code()).as("%s", runs).isZero();
            List<String> lines = runs.out().lines().toList();
            assertThat(lines.get(2)).as("the killed run, newest first").containsPattern("^\\s*2\\s+slow\\s.*abandoned\\s")
                    .contains("the process that ran it stopped during the run");
            assertThat(lines.get(3)).containsPattern("^\\s*1\\s+orders\\s.*success\\s");
            assertThat(CliTest.cli("-p", project.toString(), "sql", "-f", "csv", "SELECT status FROM _tributary.runs WHERE run_id = 2").out())
                    .as("runs opens the warehouse read-only: the stored status waits for the next writer").isEqualTo("status\nrunning\n");

            assertThat(CliTest.cli("-p", project.toString(), "run", "orders").code()).isZero();
            assertThat(CliTest.cli("-p", project.toString(), "sql", "-f", "csv", "SELECT status FROM _tributary.runs WHERE run_id = 2").out())
                    .isEqualTo("status\nabandoned\n");
        } finally {
            release.countDown();
            api.stop(0);
        }
    }
}
