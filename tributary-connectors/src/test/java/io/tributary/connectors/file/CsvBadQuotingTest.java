package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tributary.engine.RunResult;
import io.tributary.metadata.RunStatus;
import io.tributary.testkit.TestProject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A quote that is opened and not closed properly costs exactly its own line: that line is rejected
 * with its real line number and its own text, and every other line loads, whatever the file's size,
 * header, declared dialect or encoding. DuckDB's reader alone would read on inside the quote until
 * some later quote closes it, losing every line in between (or the rest of the file), or give up
 * on the dialect and load every line as one text column.
 */
class CsvBadQuotingTest {
    @TempDir
    Path dir;

    private static void assertBalanced(RunResult result) {
        assertThat(result.rowsRead()).isEqualTo(result.rowsLoaded() + result.rowsRejected());
    }

    private static List<Map<String, Object>> rejects(TestProject project, long runId) {
        return project.rows("SELECT unit, line, column_name, raw, reason FROM _tributary.rejected_rows WHERE run_id = " + runId
                + " ORDER BY line");
    }

    /** {@code rows} lines {@code i,name i,i.25}, with {@code bad} giving the text of the lines it knows. */
    private static String rows(String header, int rows, IntFunction<String> bad) {
        StringBuilder csv = new StringBuilder(header);
        for (int i = 1; i <= rows; i++) {
            String line = bad.apply(i);
            csv.append(line != null ? line : i + ",name " + i + "," + i + ".25").append('\n');
        }
        return csv.toString();
    }

    private static String oneBad(int badRow, String badLine) {
        return rows("id,name,amount\n", 10_000, i -> i == badRow ? badLine : null);
    }

    @Test
    void anUnterminatedQuoteInTheMiddleOfAFileRejectsOnlyItsLineAndEveryLaterRowLoads() {
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", oneBad(9000, "9000,\"oops name,9000.25"));
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}\nmax_rejected: 1");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(result.rowsRead()).isEqualTo(10_000);
        assertThat(result.rowsLoaded()).isEqualTo(9_999);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(project.columns("orders")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("name", "VARCHAR"),
                Map.entry("amount", "DECIMAL(18,2)"));
        assertThat(project.value("SELECT count(*) FROM orders WHERE id > 9000")).isEqualTo(1_000L);
        assertThat(project.value("SELECT name FROM orders WHERE id = 9001")).isEqualTo("name 9001");
        Map<String, Object> reject = rejects(project, result.runId()).get(0);
        assertThat(reject).containsEntry("unit", "data/orders.csv").containsEntry("line", 9_001L).containsEntry("column_name", "name")
                .containsEntry("raw", "9000,\"oops name,9000.25");
        assertThat((String) reject.get("reason")).containsIgnoringCase("quote").contains("not closed");
    }

    @Test
    void aQuoteLeftOpenInASmallFileThatTheSnifferGivesUpOnLosesNoLaterRow() {
        // the sniffer, left alone, reads every whole line as one text column named "id,name,qty"
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", "id,name,qty\n1,a,10\n2,b,20\n3,\"c,30\n4,d,40\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}\nmax_rejected: 1");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(project.columns("orders")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("name", "VARCHAR"),
                Map.entry("qty", "BIGINT"));
        assertThat(project.rows("SELECT id FROM orders ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 4L);
        assertBalanced(result);
        assertThat(rejects(project, result.runId())).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("line", 4L).containsEntry("raw", "3,\"c,30").containsEntry("column_name", "name"));
    }

    @Test
    void anUnterminatedQuoteThatALaterQuotedValueWouldCloseLosesAndRepeatsNoRow() {
        // DuckDB reads from the open quote to the next quote (row 9500's) and then on after it: rows
        // 9001-9500 vanish into one rejected record. Read again after the bad line, rows 9501+ must
        // not come twice.
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", rows("id,name,amount\n", 10_000,
                i -> i == 9000 ? "9000,\"oops name,9000.25" : i == 9500 ? "9500,\"Smith, John\",9500.25" : null));
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}\nmax_rejected: 1");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(9_999);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertBalanced(result);
        assertThat(project.value("SELECT count(DISTINCT id) FROM orders")).isEqualTo(9_999L);
        assertThat(project.value("SELECT name FROM orders WHERE id = 9500")).isEqualTo("Smith, John");
        assertThat(rejects(project, result.runId())).extracting(r -> r.get("line")).containsExactly(9_001L);
    }

    @Test
    void manyUnterminatedQuotesSideBySideAndFarApartAreEachOneRejectWithItsLine() {
        // Neighbouring open quotes close each other, so one reading finds only every other one; each
        // further reading of the file without the lines found so far finds the next ones.
        Set<Integer> bad = Set.of(10, 11, 12, 13, 14, 500, 9_999);
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", rows("id,name,amount\n", 10_000, i -> bad.contains(i) ? i + ",\"open " + i + "," + i + ".25" : null));
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}\nmax_rejected: 10");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(10_000 - bad.size());
        assertThat(result.rowsRejected()).isEqualTo(bad.size());
        assertBalanced(result);
        assertThat(rejects(project, result.runId())).extracting(r -> r.get("line"))
                .containsExactly(11L, 12L, 13L, 14L, 15L, 501L, 10_000L);
        assertThat(rejects(project, result.runId())).extracting(r -> r.get("raw")).contains("10,\"open 10,10.25", "9999,\"open 9999,9999.25");
        assertThat(project.value("SELECT count(DISTINCT id) FROM orders")).isEqualTo((long) (10_000 - bad.size()));
    }

    @ParameterizedTest(name = "line 25: {0}")
    @ValueSource(strings = {"25,\"oops name,25.25", "a,\"b\"c,d"})
    void aHeaderlessFileWithABadQuoteKeepsItsColumnsAndRejectsTheLineInsteadOfReadingWholeLinesAsOneColumn(String bad) {
        // a quote left open, or a quoted value followed by more text: either makes the sniffer give up
        TestProject project = TestProject.in(dir);
        project.file("data/lines.csv", rows("", 50, i -> i == 25 ? bad : null));
        project.pipeline("lines", "source: {type: file, path: data/lines.csv, csv: {header: false}}\nload: {table: lines}\nmax_rejected: 1");

        RunResult result = project.run("lines");

        assertThat(result.error()).isNull();
        assertThat(project.columns("lines")).containsExactly(Map.entry("column0", "BIGINT"), Map.entry("column1", "VARCHAR"),
                Map.entry("column2", "DOUBLE"));
        assertThat(result.rowsLoaded()).isEqualTo(49);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertBalanced(result);
        assertThat(rejects(project, result.runId())).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("line", 25L).containsEntry("raw", bad));
    }

    @Test
    void aDeclaredDialectRejectsAnUnterminatedQuoteAsTheSniffedOneDoes() {
        // the csv: block tributary init writes; DuckDB's sniffer then fails the whole file instead
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", "id,name\n1,a\n2,b\n3,\"c\n");
        project.pipeline("declared", "source: {type: file, path: data/orders.csv, csv: {delimiter: \",\", header: true}}\n"
                + "load: {table: declared}\nmax_rejected: 100%");
        project.pipeline("sniffed", "source: {type: file, path: data/orders.csv}\nload: {table: sniffed}\nmax_rejected: 100%");

        for (String name : List.of("declared", "sniffed")) {
            RunResult result = project.run(name);

            assertThat(result.error()).as(name).isNull();
            assertThat(result.rowsLoaded()).as(name).isEqualTo(2);
            assertThat(project.columns(name)).as(name).containsExactly(Map.entry("id", "BIGINT"), Map.entry("name", "VARCHAR"));
            assertThat(rejects(project, result.runId())).as(name).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("line", 4L).containsEntry("raw", "3,\"c").containsEntry("column_name", "name"));
        }
    }

    @Test
    void aQuoteLeftOpenInTheHeaderFailsTheRunNamingTheHeaderInsteadOfLoadingNothing() {
        // read with quotes, the header would swallow every line into its last name: 0 rows, 0 rejects
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", "id,\"name,qty\n1,a,10\n2,b,20\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("data/orders.csv has a quote left open in its header line (line 1: id,\"name,qty)")
                .contains("csv.header: false");
    }

    @Test
    void linesAfterAQuotedLineBreakAndABadQuoteKeepTheirRealLineNumbers() {
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", "id,note,qty\n1,\"two\nlines\",10\n2,\"open,20\n3,c,30\n4,x,abc\n5,y,50\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv, csv: {columns: {qty: INTEGER}}}\n"
                + "load: {table: orders}\nmax_rejected: 2");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT id FROM orders ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 3L, 5L);
        assertThat(project.value("SELECT note FROM orders WHERE id = 1")).isEqualTo("two\nlines");
        assertThat(rejects(project, result.runId())).extracting(r -> r.get("line"), r -> r.get("raw"))
                .containsExactly(tuple(4L, "2,\"open,20"), tuple(6L, "4,x,abc"));
    }

    @Test
    void anUnterminatedQuoteInALatin1OrGzippedFileIsRejectedWithItsDecodedTextAndLine() throws Exception {
        String text = "id,name,qty\n1,é,10\n2,\"ü open,20\n3,è,30\n";
        TestProject project = TestProject.in(dir);
        project.bytes("data/latin.csv", text.getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        project.bytes("data/zipped.csv.gz", gz.toByteArray());
        project.pipeline("latin", "source: {type: file, path: data/latin.csv, csv: {encoding: latin-1}}\nload: {table: latin}\nmax_rejected: 1");
        project.pipeline("zipped", "source: {type: file, path: data/zipped.csv.gz}\nload: {table: zipped}\nmax_rejected: 1");

        for (String name : List.of("latin", "zipped")) {
            RunResult result = project.run(name);

            assertThat(result.error()).as(name).isNull();
            assertThat(project.rows("SELECT name FROM " + name + " ORDER BY id")).as(name).extracting(r -> r.get("name"))
                    .containsExactly("é", "è");
            assertThat(rejects(project, result.runId())).as(name).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("line", 3L).containsEntry("raw", "2,\"ü open,20"));
        }
    }
}
