package io.tributary.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The records of an API run are customer data: they are written in the project's
 * {@code .tributary/tmp}, and what a killed run left there is removed by the next run, except the
 * files of a run still going on in another process. (That a stopped process removes its own files is
 * shown by {@code ApiTempFilesOnStopTest} in the CLI, which sends a real SIGTERM.)
 */
class TempFilesTest {
    @TempDir
    Path dir;
    @TempDir
    Path systemTemp;
    FakeApi api;
    TestProject project;
    Process other;

    @BeforeEach
    void start() {
        api = FakeApi.start();
        RecordingPacer.install();
        project = TestProject.in(dir).env("SHOPIFY_TOKEN", FakeApi.SHOPIFY_TOKEN);
        api.put("orders", FakeApi.order(1, "2024-03-01T10:00:00Z", 1));
        project.pipeline("shop_orders", FakeApi.shopifyOrders(api.url() + "/admin/api/2025-01", ""));
    }

    @AfterEach
    void stop() {
        RecordingPacer.uninstall();
        api.close();
        if (other != null) {
            other.destroyForcibly();
        }
    }

    /** A process that has ended: its pid names no live process (pids are not reused that quickly). */
    private static long pidOfAnEndedProcess() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return ended.pid();
    }

    @Test
    void aRunRemovesTheFilesThatKilledProcessesLeftButNotThoseOfARunGoingOnElsewhere() throws Exception {
        Path folder = dir.resolve(".tributary/tmp");
        Files.createDirectories(folder);
        Path killed = Files.writeString(folder.resolve("api-" + pidOfAnEndedProcess() + "-3-records-123.ndjson"), "{\"email\":\"a@example.com\"}\n");
        other = new ProcessBuilder("sleep", "600").start();
        Path running = Files.writeString(folder.resolve("api-" + other.pid() + "-5-records-456.ndjson"), "{\"email\":\"b@example.com\"}\n");
        Path notOurs = Files.writeString(folder.resolve("notes.txt"), "kept");

        assertThat(project.run("shop_orders").error()).isNull();

        assertThat(killed).doesNotExist();
        assertThat(running).exists();
        assertThat(notOurs).exists();
        try (var left = Files.list(folder)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("the run's own files are gone too")
                    .containsExactlyInAnyOrder(running.getFileName().toString(), "notes.txt");
        }
    }

    @Test
    void filesThatEarlierVersionsLeftInTheSystemsTemporaryFolderAreRemovedOnceADayOld() throws Exception {
        Path old = Files.writeString(systemTemp.resolve("tributary-api-111.ndjson"), "{}\n");
        Path oldSample = Files.writeString(systemTemp.resolve("tributary-api-sample-222.ndjson"), "{}\n");
        Path recent = Files.writeString(systemTemp.resolve("tributary-api-333.ndjson"), "{}\n");
        Path other = Files.writeString(systemTemp.resolve("report.ndjson"), "{}\n");
        Instant now = Instant.now();
        for (Path file : new Path[] {old, oldSample, other}) {
            Files.setLastModifiedTime(file, FileTime.from(now.minus(Duration.ofDays(2))));
        }

        int removed = TempFiles.sweepLegacy(systemTemp, now.minus(TempFiles.LEGACY_AGE));

        assertThat(removed).isEqualTo(2);
        assertThat(old).doesNotExist();
        assertThat(oldSample).doesNotExist();
        assertThat(recent).exists();
        assertThat(other).exists();
    }
}
