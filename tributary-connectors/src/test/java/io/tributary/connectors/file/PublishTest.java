package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.metadata.RunStatus;
import io.tributary.testkit.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing modes and the exactly-once bookkeeping that goes with them (runs, state, loads). */
class PublishTest {
    @TempDir
    Path dir;

    private List<Map<String, Object>> runRow(TestProject project, long runId) {
        return project.rows("SELECT pipeline, status, rows_read, rows_loaded, rows_rejected, units_loaded, target, mode, full_refresh, error "
                + "FROM _tributary.runs WHERE run_id = " + runId);
    }

    @Test
    void mergeOnACompositeKeyUpdatesMatchingRowsAndInsertsNewOnes() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "order_id,line_no,qty\n1,1,5\n1,2,3\n2,1,7\n");
        project.pipeline("lines", "source: {type: file, path: 'data/*.csv'}\nload: {table: order_lines, mode: merge, key: [order_id, line_no]}");
        assertThat(project.run("lines").error()).isNull();

        project.file("data/b.csv", "order_id,line_no,qty\n1,2,9\n3,1,1\n");
        RunResult second = project.run("lines");

        assertThat(second.error()).isNull();
        assertThat(project.rows("SELECT order_id, line_no, qty FROM order_lines ORDER BY order_id, line_no"))
                .extracting(r -> List.of(r.get("order_id"), r.get("line_no"), r.get("qty")))
                .containsExactly(List.of(1L, 1L, 5L), List.of(1L, 2L, 9L), List.of(2L, 1L, 7L), List.of(3L, 1L, 1L));
    }

    @Test
    void mergeWithAMissingKeyValueFailsClearlyAndPublishesNothing() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id,status\n1,new\n,orphan\n");
        project.pipeline("orders", "source: {type: file, path: data/a.csv}\nload: {table: orders, mode: merge, key: id}");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("not_null(id): 1 of 2 rows fail").contains("rows without a merge key cannot be merged")
                .contains("nothing was published");
        assertThat(project.value("SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'")).isEqualTo(0L);
        assertThat(project.count("_tributary.state")).isZero();
    }

    @Test
    void mergeOnAKeyColumnThatIsNotInTheDataFailsNamingTheColumns() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id,status\n1,new\n");
        project.pipeline("orders", "source: {type: file, path: data/a.csv}\nload: {table: orders, mode: merge, key: order_id}");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("merge key column order_id is not in the data").contains("id, status");
    }

    @Test
    void theLastRecordOfAKeyWinsAcrossFilesOfOneRunInPathOrderNotWritingOrder() throws Exception {
        TestProject project = TestProject.in(dir);
        // written newest-first, so modification times disagree with path order
        project.file("data/2026-02.csv", "id,status\n1,shipped\n2,new\n");
        project.file("data/2026-01.csv", "id,status\n1,new\n1,paid\n3,new\n");
        Files.setLastModifiedTime(project.path("data/2026-01.csv"), java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        project.pipeline("orders", "source: {type: file, path: 'data/*.csv'}\nload: {table: orders, mode: merge, key: id}");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(result.unitsLoaded()).isEqualTo(2);
        assertThat(project.rows("SELECT id, status FROM orders ORDER BY id")).extracting(r -> r.get("status"))
                .containsExactly("shipped", "new", "new");
    }

    @Test
    void appendAddsEveryRowOfEveryNewFileExactlyOnce() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id\n1\n2\n");
        project.file("data/b.csv", "id\n3\n");
        project.pipeline("ids", "source: {type: file, path: 'data/*.csv'}\nload: {table: ids, mode: append}");
        assertThat(project.run("ids").rowsLoaded()).isEqualTo(3);
        project.file("data/c.csv", "id\n4\n");
        assertThat(project.run("ids").rowsLoaded()).isEqualTo(1);
        assertThat(project.rows("SELECT id FROM ids ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void fullRefreshRebuildsTheTableFromTheCurrentFilesAndResetsTheState() throws Exception {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id\n1\n");
        project.file("data/b.csv", "id\n2\n");
        project.pipeline("ids", "source: {type: file, path: 'data/*.csv'}\nload: {table: ids, mode: append}");
        assertThat(project.run("ids").error()).isNull();
        Files.delete(project.path("data/a.csv"));
        project.file("data/c.csv", "id\n3\n");
        assertThat(project.run("ids").error()).isNull();
        assertThat(project.count("ids")).isEqualTo(3);

        RunResult refresh = project.run("ids", true);

        assertThat(refresh.error()).isNull();
        assertThat(refresh.unitsLoaded()).isEqualTo(2);
        assertThat(project.rows("SELECT id FROM ids ORDER BY id")).extracting(r -> r.get("id")).containsExactly(2L, 3L);
        assertThat(project.rows("SELECT unit FROM _tributary.state WHERE pipeline = 'ids' ORDER BY unit"))
                .extracting(r -> r.get("unit")).containsExactly("data/b.csv", "data/c.csv");
        assertThat(runRow(project, refresh.runId())).singleElement().satisfies(r -> assertThat(r).containsEntry("full_refresh", true));

        assertThat(project.run("ids").rowsRead()).isZero();
    }

    @Test
    void aRunRecordsItsCountsStatusTargetAndModeInTheRunHistoryAndTheLoads() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id,qty\n1,1\n2,x\n3,3\n");
        project.file("data/b.csv", "id,qty\n4,4\n");
        project.pipeline("q", "source: {type: file, path: 'data/*.csv', csv: {columns: {qty: INTEGER}}}\n"
                + "load: {table: raw.q, mode: append}\nmax_rejected: 1");

        RunResult result = project.run("q");

        assertThat(result.error()).isNull();
        assertThat(runRow(project, result.runId())).singleElement().satisfies(r -> assertThat(r)
                .containsEntry("pipeline", "q").containsEntry("status", "success").containsEntry("rows_read", 4L)
                .containsEntry("rows_loaded", 3L).containsEntry("rows_rejected", 1L).containsEntry("units_loaded", 2L)
                .containsEntry("target", "raw.q").containsEntry("mode", "append").containsEntry("full_refresh", false)
                .containsEntry("error", null));
        assertThat(project.rows("SELECT pipeline, target, mode, units, rows_loaded FROM _tributary.loads WHERE run_id = " + result.runId()))
                .containsExactly(Map.of("pipeline", "q", "target", "raw.q", "mode", "append", "units", 2L, "rows_loaded", 3L));
        assertThat(project.count("raw.q")).isEqualTo(3);
    }

    @Test
    void theStateHoldsOneEntryPerFileWithItsContentHash() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id\n1\n");
        project.file("data/b.csv", "id\n2\n");
        project.pipeline("ids", "source: {type: file, path: 'data/*.csv'}\nload: {table: ids}");

        RunResult result = project.run("ids");

        List<Map<String, Object>> state = project.rows("SELECT unit, value, run_id FROM _tributary.state WHERE pipeline = 'ids' ORDER BY unit");
        assertThat(state).extracting(r -> r.get("unit")).containsExactly("data/a.csv", "data/b.csv");
        assertThat(state).allSatisfy(r -> {
            assertThat((String) r.get("value")).matches("sha256=[0-9a-f]{64};size=\\d+;mtime=\\d+");
            assertThat(r.get("run_id")).isEqualTo(result.runId());
        });
        project.run("ids");
        assertThat(project.count("_tributary.state")).isEqualTo(2);
    }

    @Test
    void aRerunWithNothingChangedLoadsNothingAndLeavesTheTableIdentical() {
        for (String mode : List.of("append", "merge")) {
            TestProject project = TestProject.in(dir.resolve(mode));
            project.file("data/a.csv", "id,status\n1,new\n2,paid\n");
            project.pipeline("orders", "source: {type: file, path: 'data/*.csv'}\nload: {table: orders, mode: " + mode + ", key: id}");
            assertThat(project.run("orders").error()).isNull();
            List<Map<String, Object>> before = project.rows("SELECT * FROM orders ORDER BY id");

            RunResult again = project.run("orders");

            assertThat(again.succeeded()).isTrue();
            assertThat(again.rowsRead()).isZero();
            assertThat(again.rowsLoaded()).isZero();
            assertThat(again.warnings()).anyMatch(w -> w.contains("nothing new to load"));
            assertThat(project.rows("SELECT * FROM orders ORDER BY id")).isEqualTo(before);
            assertThat(runRow(project, again.runId())).singleElement().satisfies(r -> assertThat(r)
                    .containsEntry("status", "success").containsEntry("rows_read", 0L).containsEntry("units_loaded", 0L));
            assertThat(project.value("SELECT count(*) FROM _tributary.loads")).isEqualTo(1L);
        }
    }

    @Test
    void replaceSwapsTheWholeTableEveryRun() {
        TestProject project = TestProject.in(dir);
        project.file("data/p.csv", "sku,price\na,1\nb,2\n");
        project.pipeline("products", "source: {type: file, path: data/p.csv}\nload: {table: products, mode: replace}");
        assertThat(project.run("products").error()).isNull();
        project.file("data/p.csv", "sku,price\nc,3\n");
        assertThat(project.run("products").error()).isNull();
        assertThat(project.rows("SELECT sku FROM products")).extracting(r -> r.get("sku")).containsExactly("c");
    }

    @Test
    void aReplaceThatFailsAfterDroppingTheOldTableInsideThePublishLeavesTheOldTableWhole() {
        TestProject project = TestProject.in(dir);
        project.pipeline("products", "source: {type: file, path: data/p.csv}\n"
                + "transform:\n  - derive: {code: \"CAST(sku AS INTEGER)\"}\nload: {table: products, mode: replace}");
        project.file("data/p.csv", "sku,price\n1,1\n2,2\n");
        assertThat(project.run("products").error()).isNull();

        // The derived expression fails only when the new table is written: after the old one was dropped in the same transaction.
        project.file("data/p.csv", "sku,price\n3,3\nnot-a-number,4\n");
        RunResult failed = project.run("products");

        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).contains("creating the table for table products failed, nothing was published",
                        "a value could not be converted", "not-a-number")
                .as("DuckDB's error translated, without its error class").doesNotContain("Conversion Error");
        assertThat(project.rows("SELECT sku, code FROM products ORDER BY code")).extracting(r -> r.get("sku") + ":" + r.get("code"))
                .containsExactly("1:1", "2:2");
    }
}
