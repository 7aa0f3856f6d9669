package io.tributary.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunListener;
import io.tributary.metadata.RunRecord;
import io.tributary.metadata.RunStatus;
import io.tributary.project.ProjectSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run history, read without creating the warehouse or holding it for writing. */
class HistoryTest {
    @TempDir
    Path dir;

    @Test
    void beforeTheFirstRunThereIsNoHistoryAndReadingDoesNotCreateTheWarehouse() {
        assertThat(History.runs(Pipelines.warehouse(dir), null, 20)).isEmpty();
        assertThat(Files.exists(Pipelines.warehouse(dir).path())).isFalse();
    }

    @Test
    void runsAreListedNewestFirstByPipelineAndUpToTheLimit() {
        ProjectSpec project = Pipelines.project(dir, "customers", "orders");
        try (RunService service = RunService.open(project)) {
            for (String name : List.of("orders", "customers", "orders", "orders")) {
                service.run(project.pipeline(name).orElseThrow(), RunRequest.NOW, RunListener.NONE);
            }
        }

        List<RunRecord> all = History.runs(project.warehouse(), null, 20).orElseThrow();
        assertThat(all).extracting(RunRecord::pipeline).containsExactly("orders", "orders", "customers", "orders");
        assertThat(all).extracting(RunRecord::status).containsOnly(RunStatus.SUCCESS);
        assertThat(all).extracting(RunRecord::runId).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        assertThat(History.runs(project.warehouse(), "orders", 2).orElseThrow()).extracting(RunRecord::pipeline).containsExactly("orders", "orders");
        assertThat(History.runs(project.warehouse(), "products", 20).orElseThrow()).isEmpty();
    }
}
