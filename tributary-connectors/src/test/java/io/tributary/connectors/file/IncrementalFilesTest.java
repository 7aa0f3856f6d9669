package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A folder of files loaded incrementally: each file's content is loaded once, changes are noticed. */
class IncrementalFilesTest {
    @TempDir
    Path dir;

    private static void shiftModifiedTime(Path file, long millis) throws Exception {
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + millis));
    }

    @Test
    void onlyANewFileIsReadOnTheNextRun() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id\n1\n2\n");
        project.file("data/b.csv", "id\n3\n");
        project.pipeline("ids", "source: {type: file, path: 'data/*.csv'}\nload: {table: ids, mode: append}");
        assertThat(project.run("ids").unitsLoaded()).isEqualTo(2);

        project.file("data/c.csv", "id\n4\n5\n");
        RunResult result = project.run("ids");

        assertThat(result.unitsLoaded()).isEqualTo(1);
        assertThat(result.rowsRead()).isEqualTo(2);
        assertThat(result.warnings()).noneMatch(w -> w.contains("changed"));
        assertThat(project.rows("SELECT id FROM ids ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aTouchedFileWithTheSameContentIsNotReadAgain() throws Exception {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id\n1\n");
        project.pipeline("ids", "source: {type: file, path: 'data/*.csv'}\nload: {table: ids, mode: append}");
        assertThat(project.run("ids").error()).isNull();

        shiftModifiedTime(project.path("data/a.csv"), 60_000);
        RunResult result = project.run("ids");

        assertThat(result.succeeded()).isTrue();
        assertThat(result.rowsRead()).isZero();
        assertThat(project.count("ids")).isEqualTo(1);
    }

    @Test
    void aChangedFileIsReadAgainAndAppendedWithAWarning() throws Exception {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id,qty\n1,1\n");
        project.pipeline("ids", "source: {type: file, path: 'data/*.csv'}\nload: {table: ids, mode: append}");
        assertThat(project.run("ids").error()).isNull();

        project.file("data/a.csv", "id,qty\n1,2\n");   // same size: only the content hash tells
        shiftModifiedTime(project.path("data/a.csv"), 60_000);
        RunResult result = project.run("ids");

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(1);
        assertThat(result.warnings()).anyMatch(w -> w.contains("data/a.csv changed since it was loaded") && w.contains("append mode"));
        assertThat(project.rows("SELECT qty FROM ids ORDER BY qty")).extracting(r -> r.get("qty")).containsExactly(1L, 2L);
        assertThat((String) project.value("SELECT value FROM _tributary.state WHERE unit = 'data/a.csv'"))
                .contains("sha256=" + FileFingerprint.sha256(project.path("data/a.csv")));
    }

    @Test
    void aChangedFileInMergeModeUpdatesItsRowsInPlace() throws Exception {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id,status\n1,new\n2,new\n");
        project.pipeline("orders", "source: {type: file, path: 'data/*.csv'}\nload: {table: orders, mode: merge, key: id}");
        assertThat(project.run("orders").error()).isNull();

        project.file("data/a.csv", "id,status\n1,paid\n2,new\n3,new\n");
        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(result.warnings()).anyMatch(w -> w.contains("data/a.csv changed since it was loaded") && w.contains("merge mode"));
        assertThat(project.rows("SELECT id, status FROM orders ORDER BY id")).containsExactly(
                Map.of("id", 1L, "status", "paid"), Map.of("id", 2L, "status", "new"), Map.of("id", 3L, "status", "new"));
    }

    @Test
    void replaceModeReadsEveryFileOnEveryRun() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id\n1\n");
        project.file("data/b.csv", "id\n2\n");
        project.pipeline("ids", "source: {type: file, path: 'data/*.csv'}\nload: {table: ids, mode: replace}");
        assertThat(project.run("ids").rowsRead()).isEqualTo(2);

        RunResult again = project.run("ids");

        assertThat(again.rowsRead()).isEqualTo(2);
        assertThat(again.unitsLoaded()).isEqualTo(2);
        assertThat(project.rows("SELECT id FROM ids ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L);
    }

    @Test
    void aFileThatFailedToLoadIsReadAgainOnTheNextRun() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id,qty\n1,x\n");
        project.pipeline("ids", "source: {type: file, path: 'data/*.csv', csv: {columns: {qty: INTEGER}}}\n"
                + "load: {table: ids, mode: append}\nmax_rejected: 0");
        assertThat(project.run("ids").succeeded()).isFalse();

        project.file("data/a.csv", "id,qty\n1,1\n");
        RunResult result = project.run("ids");

        assertThat(result.error()).isNull();
        assertThat(result.warnings()).noneMatch(w -> w.contains("changed"));
        assertThat(project.rows("SELECT qty FROM ids")).extracting(r -> r.get("qty")).isEqualTo(List.of(1));
    }
}
