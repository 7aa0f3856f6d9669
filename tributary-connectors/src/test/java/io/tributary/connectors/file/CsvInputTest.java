package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.engine.RunResult;
import io.tributary.metadata.RunStatus;
import io.tributary.testkit.TestProject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a CSV file looks like before its rows are parsed: line endings, blank lines, the header's
 * names. Whatever the shape, every row is loaded exactly or rejected, and every line is accounted for.
 */
class CsvInputTest {
    @TempDir
    Path dir;

    private static void assertBalanced(RunResult result) {
        assertThat(result.rowsRead()).isEqualTo(result.rowsLoaded() + result.rowsRejected());
    }

    private static List<Map<String, Object>> rejects(TestProject project, long runId) {
        return project.rows("SELECT line, raw, reason FROM _tributary.rejected_rows WHERE run_id = " + runId + " ORDER BY line");
    }

    private static Object skippedBlankInTheHistory(TestProject project, long runId) {
        return project.value("SELECT skipped_blank FROM _tributary.runs WHERE run_id = " + runId);
    }

    // Line endings

    @Test
    void recordsEndingInLfAndInCrlfInTheSameFileAllLoad() {
        // as concatenated exports look: the header line, the last line, or a few lines in the middle differ
        List<String> files = List.of("id,name\r\n1,a\n2,b\n3,c\n", "id,name\n1,a\n2,b\n3,c\r\n", "id,name\r\n1,a\r\n2,b\n3,c\n4,d\r\n");
        TestProject project = TestProject.in(dir);
        for (int i = 0; i < files.size(); i++) {
            project.file("data/m" + i + ".csv", files.get(i));
            project.pipeline("m" + i, "source: {type: file, path: data/m" + i + ".csv}\nload: {table: m" + i + "}\nmax_rejected: 0");

            RunResult result = project.run("m" + i);

            assertThat(result.error()).as(files.get(i)).isNull();
            assertThat(project.rows("SELECT id, name FROM m" + i + " ORDER BY id")).as(files.get(i))
                    .extracting(r -> r.get("name")).containsExactlyElementsOf(Arrays.asList("a", "b", "c", "d").subList(0, i == 2 ? 4 : 3));
        }
    }

    @Test
    void aMixedFileKeepsItsQuotedLineBreaksAndRejectsKeepTheFilesRealLineNumbers() {
        TestProject project = TestProject.in(dir);
        project.file("data/m.csv", "id,note,qty\r\n1,\"two\r\nlines\",10\n2,x,abc\r\n3,\"a\nb\",30\n4,y,4x\n5,z,50\r\n");
        project.pipeline("m", "source: {type: file, path: data/m.csv, csv: {columns: {qty: INTEGER}}}\nload: {table: m}\nmax_rejected: 2");

        RunResult result = project.run("m");

        assertThat(result.error()).isNull();
        assertBalanced(result);
        assertThat(project.rows("SELECT note FROM m ORDER BY id")).extracting(r -> r.get("note")).containsExactly("two\r\nlines", "a\nb", "z");
        assertThat(rejects(project, result.runId())).extracting(r -> r.get("line"), r -> r.get("raw"))
                .containsExactly(tuple(4L, "2,x,abc"), tuple(7L, "4,y,4x"));
    }

    @Test
    void lfLinesFarPastTheSniffersSampleOfAGzippedCrlfFileLoadToo() throws Exception {
        StringBuilder csv = new StringBuilder("id,name\r\n");
        for (int i = 1; i <= 30_000; i++) {
            csv.append(i).append(",n").append(i).append("\r\n");
        }
        csv.append("30001,late\n30002,later\n");
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        TestProject project = TestProject.in(dir);
        project.bytes("data/big.csv.gz", gz.toByteArray());
        project.pipeline("big", "source: {type: file, path: data/big.csv.gz}\nload: {table: big}\nmax_rejected: 0");

        RunResult result = project.run("big");

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(30_002);
        assertThat(project.value("SELECT name FROM big WHERE id = 30002")).isEqualTo("later");
        assertThat(project.value("SELECT count(*) FROM big WHERE name LIKE '%' || chr(13) || '%'")).isEqualTo(0L);
    }

    @Test
    void aQuotedLineBreakInTheHeaderOfACrlfFileAsExcelWritesItLoads() {
        TestProject project = TestProject.in(dir);
        project.file("data/x.csv", "\"Order\nDate\",amount\r\n2024-01-01,5\r\n2024-01-02,6\r\n");
        project.file("data/y.csv", "\"Order\r\nDate\",amount\n2024-01-01,5\n2024-01-02,6\n");
        project.pipeline("x", "source: {type: file, path: data/x.csv}\nload: {table: x}\nmax_rejected: 0");
        project.pipeline("y", "source: {type: file, path: data/y.csv}\nload: {table: y}\nmax_rejected: 0");

        for (String name : List.of("x", "y")) {
            RunResult result = project.run(name);
            assertThat(result.error()).as(name).isNull();
            assertThat(project.columns(name)).as(name).containsExactly(
                    Map.entry(name.equals("x") ? "Order\nDate" : "Order\r\nDate", "DATE"), Map.entry("amount", "BIGINT"));
            assertThat(result.rowsLoaded()).as(name).isEqualTo(2);
        }
    }

    // Blank lines

    @Test
    void blankLinesAreSkippedAndCountedInTheRunButLineBreaksInsideQuotesAreValues() {
        TestProject project = TestProject.in(dir);
        project.file("data/b.csv", "\nid,note\n1,a\n\n2,\"x\n\ny\"\n\n\n3,c\n\n");
        project.file("data/c.csv", "id,note\r\n4,d\r\n\r\n");
        project.pipeline("b", "source: {type: file, path: 'data/*.csv'}\nload: {table: b}");

        RunResult result = project.run("b");

        assertThat(result.error()).isNull();
        assertThat(result.rowsRead()).isEqualTo(4);
        assertThat(result.rowsLoaded()).isEqualTo(4);
        assertThat(result.skippedBlank()).isEqualTo(6);
        assertThat(skippedBlankInTheHistory(project, result.runId())).isEqualTo(6L);
        assertThat(project.value("SELECT note FROM b WHERE id = 2")).isEqualTo("x\n\ny");
    }

    @Test
    void aBlankLineInAOneColumnFileIsSkippedNotLoadedAsANullRow() {
        TestProject project = TestProject.in(dir);
        project.file("data/skus.csv", "sku\nA\n\nB\n\n");
        project.file("data/codes.csv", "code\nA\n\nn/a\nB\n");
        project.pipeline("skus", "source: {type: file, path: data/skus.csv}\nload: {table: skus}");
        project.pipeline("codes", "source: {type: file, path: data/codes.csv, csv: {null_values: [\"\", n/a]}}\nload: {table: codes}");

        RunResult skus = project.run("skus");
        RunResult codes = project.run("codes");

        assertThat(skus.error()).isNull();
        assertThat(project.rows("SELECT sku FROM skus ORDER BY rowid")).extracting(r -> r.get("sku")).containsExactly("A", "B");
        assertThat(skus.skippedBlank()).isEqualTo(2);
        assertThat(codes.error()).isNull();
        assertThat(project.rows("SELECT code FROM codes ORDER BY rowid")).extracting(r -> r.get("code")).containsExactly("A", null, "B");
        assertThat(codes.skippedBlank()).isEqualTo(1);
    }

    @Test
    void aFileOfOnlyBlankLinesMakesNoRowsAndFailsLikeAnEmptyFileUnlessEmptyFilesAreAllowed() {
        TestProject project = TestProject.in(dir);
        project.file("data/blank.csv", "\n\n\n");
        project.pipeline("strict", "source: {type: file, path: data/blank.csv}\nload: {table: strict}");
        project.pipeline("lenient", "source: {type: file, path: data/blank.csv, allow_empty: true}\nload: {table: lenient}");

        RunResult strict = project.run("strict");
        assertThat(strict.status()).isEqualTo(RunStatus.FAILED);
        assertThat(strict.error()).contains("data/blank.csv holds only blank lines (3)").contains("allow_empty: true");

        RunResult lenient = project.run("lenient");
        assertThat(lenient.error()).isNull();
        assertThat(lenient.rowsRead()).isZero();
        assertThat(lenient.rowsLoaded()).isZero();
        assertThat(lenient.skippedBlank()).isEqualTo(3);
        assertThat(skippedBlankInTheHistory(project, lenient.runId())).isEqualTo(3L);
    }

    // Header names

    @Test
    void repeatedHeaderNamesGetNamesNoOtherColumnHasAndTheRunSaysWhichWereRenamed() {
        TestProject project = TestProject.in(dir);
        project.file("data/d.csv", "c,c,c,c_1\n1,2,3,4\n");
        project.pipeline("d", "source: {type: file, path: data/d.csv}\nload: {table: d}");

        RunResult result = project.run("d");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT * FROM d")).singleElement()
                .isEqualTo(Map.of("c", 1L, "c_2", 2L, "c_3", 3L, "c_1", 4L));
        assertThat(project.columns("d").keySet()).containsExactly("c", "c_2", "c_3", "c_1");
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w)
                .contains("data/d.csv").contains("repeated column names").contains("column 2 \"c\" is c_2").contains("column 3 \"c\" is c_3"));
    }

    @Test
    void headerNamesDifferingOnlyInCaseAreRepeatsAndDeclaredTypesApplyToTheColumnTheirNameNames() {
        // DuckDB alone names these Id, id_1, id_1_1 and gives the declared type to the second column
        TestProject project = TestProject.in(dir);
        project.file("data/d.csv", "Id,id,id_1,note\n1,2,3,x\n");
        project.pipeline("d", "source: {type: file, path: data/d.csv, csv: {columns: {id_1: VARCHAR}}}\nload: {table: d}");

        RunResult result = project.run("d");

        assertThat(result.error()).isNull();
        assertThat(project.columns("d")).containsExactly(Map.entry("Id", "BIGINT"), Map.entry("id_2", "BIGINT"),
                Map.entry("id_1", "VARCHAR"), Map.entry("note", "VARCHAR"));
        assertThat(project.rows("SELECT id_2, id_1 FROM d")).singleElement().isEqualTo(Map.of("id_2", 2L, "id_1", "3"));
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("column 2 \"id\" is id_2"));
    }

    @Test
    void aHeaderWithoutRepeatsButWithSuffixedNamesIsLeftAsItIsWithoutAWarning() {
        TestProject project = TestProject.in(dir);
        project.file("data/d.csv", "c,c_1,c_2\n1,2,3\n");
        project.pipeline("d", "source: {type: file, path: data/d.csv}\nload: {table: d}");

        RunResult result = project.run("d");

        assertThat(result.error()).isNull();
        assertThat(project.columns("d").keySet()).containsExactly("c", "c_1", "c_2");
        assertThat(result.warnings()).noneMatch(w -> w.contains("renamed") || w.contains("repeated"));
    }

    // Raw text of rejects

    @Test
    void theRawTextOfALineThatIsNotUtf8KeepsEveryOriginalByteAsHex() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("id,name,qty\r\n1,ok,1\r\n2,Jos".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xE9);   // é in Latin-1
        bytes.writeBytes(",2\r\n3,a\\b M".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xFC);   // ü
        bytes.writeBytes("ller \u00e9t\u00e9,3\r\n4,fine,4\r\n".getBytes(StandardCharsets.UTF_8));
        TestProject project = TestProject.in(dir);
        project.bytes("data/latin.csv", bytes.toByteArray());
        project.pipeline("latin", "source: {type: file, path: data/latin.csv}\nload: {table: latin}\nmax_rejected: 2");

        RunResult result = project.run("latin");

        assertThat(result.error()).isNull();
        assertBalanced(result);
        List<Map<String, Object>> rejects = rejects(project, result.runId());
        // valid UTF-8 stays text; each other byte is \xHH, and a backslash of the line is \\
        assertThat(rejects).extracting(r -> r.get("line"), r -> r.get("raw")).containsExactly(
                tuple(3L, "2,Jos\\xE9,2"),
                tuple(4L, "3,a\\\\b M\\xFCller \u00e9t\u00e9,3"));
        assertThat((String) rejects.get(0).get("reason")).contains("INVALID ENCODING").contains("\\xHH").contains("encoding: latin-1");
    }
}
