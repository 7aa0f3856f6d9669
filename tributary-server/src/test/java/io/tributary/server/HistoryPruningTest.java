package io.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.app.History;
import io.tributary.metadata.Pruned;
import io.tributary.metadata.RunRecord;
import io.tributary.project.ProjectSpec;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server prunes the run history by {@code history:} when it starts (and daily after). */
class HistoryPruningTest {
    @TempDir
    Path dir;

    private TestProject project(String history) {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\n" + history);
        project.file("data/a.csv", "id\n1\n");
        project.pipeline("files", "source: {type: file, path: data/a.csv}\nload: {table: files, mode: replace}");
        return project;
    }

    private static ServerOptions options(Clock clock) {
        return new ServerOptions("127.0.0.1", 0, 2, null, clock, Duration.ofMillis(50), Duration.ofSeconds(10));
    }

    private List<Long> runIds(ProjectSpec spec) {
        return History.runs(spec.metadata(), spec.warehouse(), "files", 100).orElseThrow().stream().map(RunRecord::runId).toList();
    }

    @Test
    void atStartTheServerKeepsTheNewestKeepRunsOfEachPipelineAndLogsWhatItRemoved() throws Exception {
        TestProject project = project("history: {keep_runs: 2}\n");
        for (int i = 0; i < 4; i++) {
            assertThat(project.run("files").succeeded()).isTrue();
        }
        ProjectSpec spec = project.load();
        List<Long> before = runIds(spec);

        try (TributaryServer server = TributaryServer.start(spec, options(Clock.systemUTC()), "test")) {
            Pruned pruned = server.pruning().firstPass().get(60, TimeUnit.SECONDS);
            assertThat(pruned.runsByPipeline()).isEqualTo(Map.of("files", 2L));
            assertThat(pruned.logLines()).isPositive();
        }
        assertThat(runIds(spec)).containsExactlyElementsOf(before.subList(0, 2));
    }

    @Test
    void runsOlderThanKeepDaysGoButAPipelinesNewestRunStays() throws Exception {
        TestProject project = project("history: {keep_days: 7}\n");
        for (int i = 0; i < 3; i++) {
            assertThat(project.run("files").succeeded()).isTrue();
        }
        ProjectSpec spec = project.load();
        long newest = runIds(spec).get(0);
        Clock eightDaysLater = Clock.fixed(Instant.now().plus(Duration.ofDays(8)), ZoneOffset.UTC);

        try (TributaryServer server = TributaryServer.start(spec, options(eightDaysLater), "test")) {
            assertThat(server.pruning().firstPass().get(60, TimeUnit.SECONDS).runs()).isEqualTo(2);
            assertThat(server.pruning().prune().isEmpty()).as("the next pass finds nothing more").isTrue();
        }
        assertThat(runIds(spec)).containsExactly(newest);
    }
}
