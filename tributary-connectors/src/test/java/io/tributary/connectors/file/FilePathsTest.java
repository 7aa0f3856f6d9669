package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files {@code source.path} matches: globs as bash's globstar and DuckDB read them, and lists of entries. */
class FilePathsTest {
    @TempDir
    Path dir;

    @Test
    void doubleStarSlashMatchesZeroFoldersAsWellAsSeveral() {
        TestProject project = TestProject.in(dir);
        project.file("data/in/a.csv", "id\n1\n");
        project.file("data/in/2025/b.csv", "id\n2\n");
        project.file("data/in/2025/12/c.csv", "id\n3\n");
        project.file("data/other/d.csv", "id\n4\n");
        project.pipeline("ids", "source: {type: file, path: 'data/in/**/*.csv'}\nload: {table: ids}");

        RunResult result = project.run("ids");

        assertThat(result.error()).isNull();
        assertThat(result.unitsLoaded()).isEqualTo(3);
        assertThat(project.rows("SELECT id FROM ids ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void doubleStarSlashInTheMiddleOfAPatternAlsoMatchesNoFolder() {
        TestProject project = TestProject.in(dir);
        project.file("data/exports/orders.csv", "id\n1\n");
        project.file("data/2025/exports/orders.csv", "id\n2\n");
        project.file("data/2025/orders.csv", "id\n3\n");
        project.pipeline("ids", "source: {type: file, path: 'data/**/exports/*.csv'}\nload: {table: ids}");

        RunResult result = project.run("ids");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT id FROM ids ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L);
    }

    @Test
    void listEntriesThatMatchTheSameFilesLoadEachFileOnce() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id\n1\n");
        project.file("data/b.csv", "id\n2\n");
        project.file("data/c.csv", "id\n3\n");
        project.pipeline("ids", "source: {type: file, path: ['data/*.csv', 'data/{a,b}.csv', data/c.csv]}\nload: {table: ids, mode: append}");

        RunResult result = project.run("ids");

        assertThat(result.error()).isNull();
        assertThat(result.unitsLoaded()).isEqualTo(3);
        assertThat(result.rowsRead()).isEqualTo(3);
        assertThat(project.rows("SELECT id FROM ids ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aListEntryMatchingNothingStillFailsWhenAnotherEntryMatches() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id\n1\n");
        project.pipeline("ids", "source: {type: file, path: ['data/*.csv', 'data/{x,y}.csv']}\nload: {table: ids}");

        RunResult result = project.run("ids");

        assertThat(result.error()).contains("no file matches data/{x,y}.csv");
    }
}
