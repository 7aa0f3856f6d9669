package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.metadata.RunStatus;
import io.tributary.testkit.TestProject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad CSV input: every row read is loaded or rejected with its file, real line number, raw text and
 * a reason ({@code read = loaded + rejected}); too many rejects fail the run and publish nothing;
 * files that cannot be read fail with a message that names them.
 */
class CsvBadInputTest {
    @TempDir
    Path dir;

    private TestProject project() {
        return TestProject.in(dir);
    }

    private static void assertBalanced(RunResult result) {
        assertThat(result.rowsRead()).isEqualTo(result.rowsLoaded() + result.rowsRejected());
    }

    private static List<Map<String, Object>> rejects(TestProject project, long runId) {
        return project.rows("SELECT unit, line, column_name, raw, reason FROM _tributary.rejected_rows WHERE run_id = " + runId
                + " ORDER BY line");
    }

    @Test
    void aLineWithTooManyFieldsIsRejectedWithItsLineRawTextAndReasonAndTheRestLoads() {
        TestProject project = project();
        project.file("data/orders.csv", "id,name,qty\n1,a,10\n2,b,20,extra\n3,c,30\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}\nmax_rejected: 1");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertBalanced(result);
        assertThat(result.warnings()).anyMatch(w -> w.contains("1 row rejected"));
        List<Map<String, Object>> rejects = rejects(project, result.runId());
        assertThat(rejects).hasSize(1);
        assertThat(rejects.get(0)).containsEntry("unit", "data/orders.csv").containsEntry("line", 3L)
                .containsEntry("raw", "2,b,20,extra");
        assertThat((String) rejects.get(0).get("reason")).contains("TOO MANY COLUMNS").contains("Expected Number of Columns: 3 Found: 4");
        assertThat(project.rows("SELECT id FROM orders ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 3L);
    }

    @Test
    void aValueThatDoesNotConvertToItsDeclaredTypeIsRejectedWithTheFilesRealLineNumber() {
        // DuckDB reports a record number (2, 4 here); quoted fields with embedded newlines push the
        // real line further down. The rejected rows carry the line a person finds in an editor.
        TestProject project = project();
        project.file("data/orders.csv", "id,note,qty\n1,\"two\nlines\",10\n2,x,abc\n3,\"a\nb\nc\",30\n4,y,4x\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv, csv: {columns: {qty: INTEGER}}}\n"
                + "load: {table: orders}\nmax_rejected: 2");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsRejected()).isEqualTo(2);
        assertBalanced(result);
        assertThat(project.columns("orders")).containsEntry("qty", "INTEGER");
        List<Map<String, Object>> rejects = rejects(project, result.runId());
        assertThat(rejects).extracting(r -> r.get("line")).containsExactly(4L, 8L);
        assertThat(rejects).extracting(r -> r.get("raw")).containsExactly("2,x,abc", "4,y,4x");
        assertThat(rejects).extracting(r -> r.get("column_name")).containsOnly("qty");
        assertThat((String) rejects.get(0).get("reason")).contains("CAST").contains("\"abc\"").contains("INTEGER");
    }

    @Test
    void realLineNumbersHoldForCrlfAndForLoneCrLineEndings() {
        TestProject project = project();
        project.file("data/crlf.csv", "id,note,qty\r\n1,\"two\r\nlines\",10\r\n2,x,abc\r\n");
        project.file("data/cr.csv", "id,note,qty\r1,\"two\rlines\",10\r2,x,abc\r");
        project.pipeline("crlf", "source: {type: file, path: data/crlf.csv, csv: {columns: {qty: INTEGER}}}\nload: {table: crlf}\nmax_rejected: 1");
        project.pipeline("cr", "source: {type: file, path: data/cr.csv, csv: {columns: {qty: INTEGER}}}\nload: {table: cr}\nmax_rejected: 1");

        for (String name : List.of("crlf", "cr")) {
            RunResult result = project.run(name);
            assertThat(result.error()).isNull();
            assertThat(rejects(project, result.runId())).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("line", 4L).containsEntry("raw", "2,x,abc"));
        }
    }

    @Test
    void realLineNumbersHoldForLatin1UTF16AndGzippedFiles() throws Exception {
        // DuckDB's byte positions count the text decoded to UTF-8 (and gunzipped), not the file's bytes
        String text = "id,note,qty\n1,\"é\nèè\",10\n2,ü,abc\n";
        TestProject project = project();
        project.bytes("data/latin.csv", text.getBytes(StandardCharsets.ISO_8859_1));
        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE});   // little-endian, with its byte order mark
        utf16.writeBytes(text.getBytes(StandardCharsets.UTF_16LE));
        project.bytes("data/utf16.csv", utf16.toByteArray());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        project.bytes("data/zipped.csv.gz", gz.toByteArray());
        project.pipeline("latin", "source: {type: file, path: data/latin.csv, csv: {encoding: latin-1, columns: {qty: INTEGER}}}\n"
                + "load: {table: latin}\nmax_rejected: 1");
        project.pipeline("utf16", "source: {type: file, path: data/utf16.csv, csv: {encoding: utf-16, columns: {qty: INTEGER}}}\n"
                + "load: {table: utf16}\nmax_rejected: 1");
        project.pipeline("zipped", "source: {type: file, path: data/zipped.csv.gz, csv: {columns: {qty: INTEGER}}}\n"
                + "load: {table: zipped}\nmax_rejected: 1");

        for (String name : List.of("latin", "utf16", "zipped")) {
            RunResult result = project.run(name);
            assertThat(result.error()).as(name).isNull();
            assertThat(project.value("SELECT note FROM " + name)).as(name).isEqualTo("é\nèè");
            assertThat(rejects(project, result.runId())).as(name).singleElement()
                    .satisfies(r -> assertThat(r).containsEntry("line", 4L).containsEntry("raw", "2,ü,abc"));
        }
    }

    @Test
    void aBigEndianUtf16FileFailsClearlyInsteadOfLoadingGarbage() {
        TestProject project = project();
        project.bytes("data/be.csv", "id,name\n1,a\n".getBytes(StandardCharsets.UTF_16));   // Java writes FE FF, big-endian
        project.pipeline("be", "source: {type: file, path: data/be.csv, csv: {encoding: utf-16}}\nload: {table: be}");

        RunResult result = project.run("be");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("data/be.csv is UTF-16 big-endian").contains("Save it as UTF-8");
    }

    @Test
    void aSniffedTypeRejectsAValueBeyondTheSniffersSampleWithItsLine() {
        StringBuilder csv = new StringBuilder("id,qty\n");
        for (int i = 1; i <= 3000; i++) {
            csv.append(i).append(',').append(i).append('\n');
        }
        csv.append("3001,oops\n3002,7\n");
        TestProject project = project();
        project.file("data/big.csv", csv.toString());
        project.pipeline("big", "source: {type: file, path: data/big.csv, csv: {sample_rows: 1000}}\nload: {table: big}\nmax_rejected: 1");

        RunResult result = project.run("big");

        assertThat(result.error()).isNull();
        assertThat(project.columns("big")).containsEntry("qty", "BIGINT");
        assertThat(result.rowsLoaded()).isEqualTo(3001);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertBalanced(result);
        Map<String, Object> reject = rejects(project, result.runId()).get(0);
        assertThat(reject).containsEntry("line", 3002L).containsEntry("raw", "3001,oops").containsEntry("column_name", "qty");
        assertThat((String) reject.get("reason")).contains("\"oops\"").contains("BIGINT");
    }

    @Test
    void aQuotedFieldFarBeyondTheSniffersSampleIsReadAsRfc4180Says() {
        // Without a default quote character, DuckDB sniffs "no quoting" from a sample without quotes
        // and rejects the later "Smith, John" as a row with three fields.
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 1; i <= 25_000; i++) {
            csv.append(i).append(",n").append(i).append('\n');
        }
        csv.append("25001,\"Smith, John\"\n");
        TestProject project = project();
        project.file("data/people.csv", csv.toString());
        project.pipeline("people", "source: {type: file, path: data/people.csv}\nload: {table: people}\nmax_rejected: 0");

        RunResult result = project.run("people");

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(25_001);
        assertThat(project.value("SELECT name FROM people WHERE id = 25001")).isEqualTo("Smith, John");
    }

    @Test
    void invalidUtf8BytesRejectTheirLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("id,name\n1,ok\n2,".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, 'x'});
        bytes.writeBytes("\n3,fine\n".getBytes(StandardCharsets.UTF_8));
        TestProject project = project();
        project.bytes("data/names.csv", bytes.toByteArray());
        project.pipeline("names", "source: {type: file, path: data/names.csv}\nload: {table: names}\nmax_rejected: 1");

        RunResult result = project.run("names");

        assertThat(result.error()).isNull();
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertBalanced(result);
        Map<String, Object> reject = rejects(project, result.runId()).get(0);
        assertThat(reject).containsEntry("line", 3L).containsEntry("column_name", "name");
        assertThat((String) reject.get("reason")).contains("INVALID ENCODING").contains("not utf-8");
        assertThat(project.rows("SELECT name FROM names ORDER BY id")).extracting(r -> r.get("name")).containsExactly("ok", "fine");
    }

    /** Ten rows, two of them bad. */
    private static final String TWO_BAD_OF_TEN = "id,qty\n1,1\n2,x\n3,3\n4,4\n5,y\n6,6\n7,7\n8,8\n9,9\n10,10\n";

    @Test
    void tooManyRejectsAsACountFailTheRunPublishNothingAndKeepTheRejectsVisible() {
        TestProject project = project();
        project.file("data/q.csv", TWO_BAD_OF_TEN);
        project.pipeline("q", "source: {type: file, path: data/q.csv, csv: {columns: {qty: INTEGER}}}\nload: {table: q}\nmax_rejected: 1");

        RunResult result = project.run("q");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("2 of 10 rows were rejected").contains("max_rejected").contains("(1 row)")
                .contains("Nothing was published");
        assertBalanced(result);
        assertThat(project.value("SELECT count(*) FROM information_schema.tables WHERE table_name = 'q'")).isEqualTo(0L);
        assertThat(rejects(project, result.runId())).extracting(r -> r.get("line")).containsExactly(3L, 6L);
        assertThat(project.rows("SELECT status, rows_read, rows_loaded, rows_rejected FROM _tributary.runs WHERE run_id = " + result.runId()))
                .singleElement().satisfies(r -> assertThat(r).containsEntry("status", "failed").containsEntry("rows_read", 10L)
                        .containsEntry("rows_loaded", 8L).containsEntry("rows_rejected", 2L));
        assertThat(project.count("_tributary.state")).isZero();
    }

    @Test
    void tooManyRejectsAsAFractionLeaveTheExistingTableUnchanged() {
        TestProject project = project();
        project.file("data/q.csv", "id,qty\n1,1\n");
        project.pipeline("q", "source: {type: file, path: data/q.csv, csv: {columns: {qty: INTEGER}}}\nload: {table: q, mode: replace}\nmax_rejected: 0.1");
        assertThat(project.run("q").error()).isNull();

        project.file("data/q.csv", TWO_BAD_OF_TEN);
        RunResult result = project.run("q");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("2 of 10 rows were rejected").contains("10% of rows read");
        assertThat(project.rows("SELECT id, qty FROM q")).containsExactly(Map.of("id", 1L, "qty", 1));
        assertThat(rejects(project, result.runId())).hasSize(2);
    }

    @Test
    void tooManyRejectsAsAPercentageStringFailTheRun() {
        TestProject project = project();
        project.file("data/q.csv", TWO_BAD_OF_TEN);
        project.pipeline("q", "source: {type: file, path: data/q.csv, csv: {columns: {qty: INTEGER}}}\nload: {table: q}\nmax_rejected: \"5%\"");

        RunResult result = project.run("q");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("2 of 10 rows were rejected").contains("5% of rows read");
        assertThat(project.value("SELECT count(*) FROM information_schema.tables WHERE table_name = 'q'")).isEqualTo(0L);
        assertThat(rejects(project, result.runId())).hasSize(2);
    }

    @Test
    void rejectsWithinAPercentageLimitLetTheRunSucceed() {
        TestProject project = project();
        project.file("data/q.csv", TWO_BAD_OF_TEN);
        project.pipeline("q", "source: {type: file, path: data/q.csv, csv: {columns: {qty: INTEGER}}}\nload: {table: q}\nmax_rejected: \"20%\"");

        RunResult result = project.run("q");

        assertThat(result.error()).isNull();
        assertThat(project.count("q")).isEqualTo(8);
    }

    @Test
    void aMissingFileFailsNamingTheFile() {
        TestProject project = project();
        project.pipeline("orders", "source: {type: file, path: data/missing.csv}\nload: {table: orders}");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("file not found: data/missing.csv").contains("source.path");
    }

    @Test
    void aFolderGivenAsThePathFailsAndSuggestsAGlob() {
        TestProject project = project();
        project.file("data/orders/a.csv", "id\n1\n");
        project.pipeline("orders", "source: {type: file, path: data/orders, format: csv}\nload: {table: orders}");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("data/orders is a folder, not a file").contains("data/orders/*.csv");
    }

    @Test
    void aGlobMatchingNothingFailsNamingThePatternAndFolder() {
        TestProject project = project();
        project.file("data/orders/a.txt", "x");
        project.pipeline("orders", "source: {type: file, path: 'data/orders/*.csv'}\nload: {table: orders}");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("no file matches data/orders/*.csv").contains("allow_empty");
    }

    @Test
    void anEmptyFileFailsClearlyUnlessEmptyFilesAreAllowed() {
        TestProject project = project();
        project.bytes("data/empty.csv", new byte[0]);
        project.pipeline("strict", "source: {type: file, path: data/empty.csv}\nload: {table: strict}");
        project.pipeline("lenient", "source: {type: file, path: data/empty.csv, allow_empty: true}\nload: {table: lenient}");

        RunResult strict = project.run("strict");
        assertThat(strict.status()).isEqualTo(RunStatus.FAILED);
        assertThat(strict.error()).contains("data/empty.csv is empty (0 bytes)").contains("allow_empty: true");

        RunResult lenient = project.run("lenient");
        assertThat(lenient.error()).isNull();
        assertThat(lenient.rowsRead()).isZero();
        assertThat(lenient.rowsLoaded()).isZero();
        assertThat(project.value("SELECT count(*) FROM _tributary.state WHERE pipeline = 'lenient'")).isEqualTo(1L);
    }

    @Test
    void aBinaryFileReadAsParquetFailsNamingTheFile() {
        TestProject project = project();
        project.bytes("data/orders.parquet", garbage());
        project.pipeline("orders", "source: {type: file, path: data/orders.parquet}\nload: {table: orders}");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("cannot read data/orders.parquet as parquet");
        assertThat(project.value("SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'")).isEqualTo(0L);
    }

    @Test
    void aBinaryFileReadAsCsvFailsNamingTheFile() {
        TestProject project = project();
        project.bytes("data/orders.csv", garbage());
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("data/orders.csv");
        assertThat(project.value("SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'")).isEqualTo(0L);
    }

    private static byte[] garbage() {
        byte[] bytes = new byte[4096];
        new Random(42).nextBytes(bytes);
        return bytes;
    }
}
