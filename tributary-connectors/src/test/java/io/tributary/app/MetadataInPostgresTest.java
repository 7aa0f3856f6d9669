package io.tributary.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.error.ErrorKind;
import io.tributary.error.TributaryException;
import io.tributary.metadata.RunRecord;
import io.tributary.metadata.RunStatus;
import io.tributary.project.ProjectSpec;
import io.tributary.testkit.TestDatabase;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code metadata: {connection: ops}}: the run history, check results and pipeline leases live in
 * PostgreSQL, and the warehouse keeps only the data, its state and load records.
 */
class MetadataInPostgresTest {
    @TempDir
    Path dir;
    private TestDatabase ops;
    private TestDatabase dw;
    private TestProject project;

    @BeforeEach
    void project() {
        ops = TestDatabase.postgres();
        dw = TestDatabase.postgres();
        project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\nconnections:\n" + ops.connectionYaml("ops") + dw.connectionYaml("dw")
                + "metadata: {connection: ops}\n");
        project.file("data/orders.csv", "id,total\n1,10\n2,20\n3,30\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nchecks:\n  - not_null: id\nload: {table: orders, mode: merge, key: id}");
        project.pipeline("orders_pg", "source: {type: file, path: data/orders.csv}\nload: {table: orders, mode: append, destination: dw}");
    }

    @AfterEach
    void drop() {
        ops.close();
        dw.close();
    }

    @Test
    void theHistoryAndCheckResultsGoToPostgresAndTheWarehouseKeepsNone() {
        RunResult first = project.run("orders");
        RunResult second = project.run("orders_pg");

        assertThat(first.succeeded()).as("%s", first.error()).isTrue();
        assertThat(second.succeeded()).as("%s", second.error()).isTrue();
        assertThat(List.of(first.runId(), second.runId())).as("ids from the PostgreSQL sequence").containsExactly(1L, 2L);
        assertThat(ops.rows("SELECT run_id, pipeline, status, rows_loaded FROM _tributary.runs ORDER BY run_id")).containsExactly(
                Map.of("run_id", 1L, "pipeline", "orders", "status", "success", "rows_loaded", 3L),
                Map.of("run_id", 2L, "pipeline", "orders_pg", "status", "success", "rows_loaded", 3L));
        assertThat(ops.rows("SELECT check_name, status FROM _tributary.check_results WHERE run_id = 1"))
                .extracting(r -> r.get("status")).containsOnly("pass");
        assertThat(ops.rows("SELECT count(*) AS leases FROM _tributary.pipeline_leases")).containsExactly(Map.of("leases", 0L));
        assertThat(project.count("orders")).isEqualTo(3);
        assertThat(dw.rows("SELECT count(*) AS n FROM orders")).containsExactly(Map.of("n", 3L));
        assertThat(project.value("SELECT count(*) FROM duckdb_tables() WHERE schema_name = '_tributary' AND table_name IN ('runs', 'check_results', "
                + "'owners', 'pipeline_leases', 'run_logs')")).as("no history tables in the warehouse").isEqualTo(0L);
        assertThat(project.count("_tributary.loads")).as("the load record stays with the data").isEqualTo(1);
    }

    @Test
    void theServiceReadsItsHistoryFromPostgres() {
        project.run("orders");
        ProjectSpec spec = project.load();
        try (RunService service = RunService.open(spec)) {
            assertThat(service.store().inWarehouse()).isFalse();
            assertThat(service.store().describe()).contains("connection 'ops'").contains(ops.name());
            List<RunRecord> runs = service.store().runs("orders", 10);
            assertThat(runs).extracting(RunRecord::status).containsExactly(RunStatus.SUCCESS);
            RunResult again = service.run(spec.pipeline("orders").orElseThrow(), RunRequest.NOW, RunListener.NONE);
            assertThat(again.runId()).isEqualTo(2);
            assertThat(again.warnings()).anyMatch(w -> w.contains("nothing new to load"));
        }
    }

    @Test
    void anUnreachableMetadataDatabaseStopsTheRunBeforeItStartsAndSaysWhatToDo() {
        project.file("tributary.yml", "name: test\nconnections:\n  ops: {kind: postgres, host: 127.0.0.1, port: 1, database: ops, user: postgres}\n"
                + dw.connectionYaml("dw") + "metadata: {connection: ops}\n");

        TributaryException e = catchThrowableOfType(TributaryException.class, () -> RunService.open(project.load()));

        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_UNREACHABLE);
        assertThat(e.getMessage()).contains("cannot reach the metadata store in connection 'ops' (postgres://postgres@127.0.0.1:1/ops)")
                .contains("leave out metadata:");
    }
}
