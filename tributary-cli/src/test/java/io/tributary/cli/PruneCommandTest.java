package io.tributary.cli;

import static io.tributary.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.app.History;
import io.tributary.cli.CliTest.Result;
import io.tributary.error.ExitCode;
import io.tributary.metadata.RunRecord;
import io.tributary.project.ProjectSpec;
import io.tributary.testkit.TestDatabase;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary prune [--dry-run]}: the run history by {@code history:}, without a server. */
class PruneCommandTest {
    @TempDir
    Path dir;

    private TestProject project() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: shop\nhistory: {keep_runs: 2}\n");
        project.file("data/orders.csv", "id\n1\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders, mode: replace}\n");
        project.pipeline("customers", "source: {type: file, path: data/orders.csv}\nload: {table: customers, mode: replace}\n");
        return project;
    }

    private static List<Long> runIds(ProjectSpec spec, String pipeline) {
        return History.runs(spec.metadata(), spec.warehouse(), pipeline, 100).orElseThrow().stream().map(RunRecord::runId).toList();
    }

    @Test
    void aDryRunPrintsWhatPruningRemovesThenPruningRemovesItAndAgainFindsNothing() {
        TestProject project = project();
        Result nothingYet = cli("-p", dir.toString(), "prune");
        assertThat(nothingYet.code()).as("%s", nothingYet).isZero();
        assertThat(nothingYet.out()).contains("nothing to prune");
        for (int i = 0; i < 4; i++) {
            assertThat(cli("-p", dir.toString(), "run", "orders").code()).isZero();
        }
        assertThat(cli("-p", dir.toString(), "run", "customers").code()).isZero();
        ProjectSpec spec = project.load();
        List<Long> orders = runIds(spec, "orders");

        Result dry = cli("-p", dir.toString(), "prune", "--dry-run");

        assertThat(dry.code()).as("%s", dry).isZero();
        assertThat(dry.out()).contains("would remove 2 runs, ", " log lines and ", "older than 90 days or beyond the newest 2 of their pipeline",
                "  orders  2 runs", "dry run: nothing was removed").doesNotContain("customers");
        assertThat(runIds(spec, "orders")).hasSize(4);

        Result pruned = cli("-p", dir.toString(), "prune");

        assertThat(pruned.code()).as("%s", pruned).isZero();
        assertThat(pruned.out()).startsWith("removed 2 runs, ").contains("  orders  2 runs").doesNotContain("dry run");
        assertThat(runIds(spec, "orders")).containsExactlyElementsOf(orders.subList(0, 2));
        assertThat(runIds(spec, "customers")).hasSize(1);
        assertThat(cli("-p", dir.toString(), "prune").out()).contains("nothing to prune");
    }

    @Test
    void whileAnotherProcessHoldsTheWarehousePruneExitsBusySayingTheServerPrunesDaily() throws Exception {
        project();
        assertThat(cli("-p", dir.toString(), "run", "orders").code()).isZero();
        CliProcess holder = CliProcess.start(dir.resolve("holder.log"), dir.resolve("tmp-holder"), "-p", dir.toString(), "sql", "--write",
                "SELECT sum(i) FROM range(500000000000) t(i)");
        try {
            WarehouseLockTest.awaitWriteLock(holder, dir.resolve(".tributary/warehouse.duckdb"));

            Result busy = cli("-p", dir.toString(), "prune");

            assertThat(busy.code()).as("%s", busy).isEqualTo(ExitCode.BUSY);
            assertThat(busy.err()).contains("is in use by another process", "tributary server", "prunes the history itself",
                    "every 24 hours", "stop it to prune now");
        } finally {
            holder.killAfter(null, 0, 0);
        }
    }

    @Test
    void aHistoryInPostgresIsPrunedThere() {
        try (TestDatabase ops = TestDatabase.postgres()) {
            TestProject project = TestProject.in(dir);
            project.file("tributary.yml", "name: shop\n" + ops.connectionsYaml("ops") + "metadata: {connection: ops}\nhistory: {keep_runs: 1}\n");
            project.file("data/orders.csv", "id\n1\n");
            project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders, mode: replace}\n");
            for (int i = 0; i < 3; i++) {
                assertThat(cli("-p", dir.toString(), "run", "orders").code()).isZero();
            }

            Result pruned = cli("-p", dir.toString(), "prune");

            assertThat(pruned.code()).as("%s", pruned).isZero();
            assertThat(pruned.out()).startsWith("removed 2 runs, ").contains("  orders  2 runs");
            assertThat(ops.rows("SELECT count(*) AS n FROM _tributary.runs").get(0).get("n")).isEqualTo(1L);
        }
    }

    @Test
    void helpNamesTheKeysAndTheServersDailyPruning() {
        Result help = cli("prune", "--help");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("--dry-run", "keep_days (default 90)", "keep_runs (default 1000)", "every 24 hours", "75 busy");
    }
}
