package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.engine.RunResult;
import io.tributary.config.Problem;
import io.tributary.error.InvalidProjectException;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A line longer than {@code csv.max_line_size} (2,000,000 bytes unless set) is rejected with its real
 * line number and a reason that names the setting, wherever it is in the file; raising the setting
 * loads it.
 */
class CsvLongLineTest {
    private static final String LONG = "x".repeat(3_000_000);

    @TempDir
    Path dir;

    private static List<Map<String, Object>> rejects(TestProject project, long runId) {
        return project.rows("SELECT line, reason FROM _tributary.rejected_rows WHERE run_id = " + runId + " ORDER BY line");
    }

    @Test
    void aLongLineAmongTheFirstRowsIsRejectedWithItsRealLineAndTheRestLoads() {
        // DuckDB's sniffer reads the first rows and fails the file on it, calling it "Line: 1"
        TestProject project = TestProject.in(dir);
        project.file("data/notes.csv", "id,text\n1,a\n2," + LONG + "\n3,c\n");
        project.pipeline("notes", "source: {type: file, path: data/notes.csv}\nload: {table: notes}\nmax_rejected: 1");

        RunResult result = project.run("notes");

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(project.columns("notes")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("text", "VARCHAR"));
        assertThat(rejects(project, result.runId())).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("line", 3L);
            assertThat((String) r.get("reason")).containsPattern("the line is 3,000,00\\d bytes long").contains("max_line_size allows (2,000,000 bytes)");
        });
    }

    @Test
    void aLongLineBeyondTheSniffersSampleIsRejectedWithItsRealLineAndTheSetting() {
        StringBuilder csv = new StringBuilder("id,text\n");
        for (int i = 1; i <= 30_000; i++) {
            csv.append(i).append(",\"t\n").append(i).append("\"\n");   // two physical lines per record
        }
        csv.append("30001,").append(LONG).append('\n').append("30002,z\n");
        TestProject project = TestProject.in(dir);
        project.file("data/notes.csv", csv.toString());
        project.pipeline("notes", "source: {type: file, path: data/notes.csv}\nload: {table: notes}\nmax_rejected: 1");

        RunResult result = project.run("notes");

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(30_001);
        assertThat(rejects(project, result.runId())).singleElement().satisfies(r -> {
            assertThat(r).containsEntry("line", 60_002L);
            assertThat((String) r.get("reason")).contains("max_line_size");
        });
    }

    @Test
    void raisingMaxLineSizeLoadsTheLongLine() {
        TestProject project = TestProject.in(dir);
        project.file("data/notes.csv", "id,text\n1,a\n2," + LONG + "\n3,c\n");
        project.pipeline("notes", "source: {type: file, path: data/notes.csv, csv: {max_line_size: 4000000}}\nload: {table: notes}\nmax_rejected: 0");

        RunResult result = project.run("notes");

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(3);
        assertThat(project.value("SELECT length(text) FROM notes WHERE id = 2")).isEqualTo(3_000_000L);
    }

    @Test
    void maxLineSizeMustBeAWholeNumberOfBytesInItsRange() {
        TestProject project = TestProject.in(dir);
        project.pipeline("small", "source: {type: file, path: data/a.csv, csv: {max_line_size: 10}}\nload: {table: a}");
        project.pipeline("words", "source: {type: file, path: data/b.csv, csv: {max_line_size: 10MB}}\nload: {table: b}");

        InvalidProjectException invalid = catchThrowableOfType(InvalidProjectException.class, project::load);

        assertThat(invalid).isNotNull();
        assertThat(invalid.problems()).filteredOn(p -> p.path().equals("source.csv.max_line_size")).extracting(Problem::message)
                .containsExactlyInAnyOrder("must be between 1000 and 1000000000 but is 10", "expected a whole number but found '10MB' (a text value)");
    }
}
