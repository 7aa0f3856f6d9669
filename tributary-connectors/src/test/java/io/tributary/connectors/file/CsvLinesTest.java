package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java view of a CSV file's lines: record endings and blank lines outside quoted fields, as DuckDB reads them. */
class CsvLinesTest {
    private static final CsvLines.Layout RFC = new CsvLines.Layout('"', '"', -1, null, 0);

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path bytes(byte[] content) throws IOException {
        Path file = Files.createTempFile(dir, "lines", ".csv");
        Files.write(file, content);
        return file;
    }

    private long blank(String text) throws IOException {
        return CsvLines.countBlankLines(file(text), RFC);
    }

    @Test
    void theCheapPassFindsABlankLineAcrossTheEdgeOfWhatItReadsAtATime() throws IOException {
        int edge = CsvLines.READ_BUFFER;
        for (int at : new int[] {edge - 9, edge - 2, edge - 1, edge, 2 * edge - 1, 2 * edge + 3}) {
            byte[] content = rows(2 * edge + 100);
            content[at] = '\n';
            content[at + 1] = '\n';
            assertThat(CsvLines.mayHoldBlankLines(bytes(content))).as("a blank line at byte %d", at).isTrue();
        }
        assertThat(CsvLines.mayHoldBlankLines(bytes(rows(2 * edge + 100)))).isFalse();
        assertThat(CsvLines.mayHoldBlankLines(bytes(rows(2 * edge)))).as("a file ending exactly at the edge").isFalse();
    }

    @Test
    void theCheapPassLeavesNoPageOfTheFileInThisProcess() throws IOException {
        Path maps = Path.of("/proc/self/maps");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(maps), "needs Linux's /proc/self/maps");
        Path file = bytes(rows(3 * CsvLines.READ_BUFFER));
        assertThat(CsvLines.mayHoldBlankLines(file)).isFalse();
        // a mapping would stay until the collector frees it, its pages counted in the process's memory meanwhile
        assertThat(Files.readString(maps)).doesNotContain(file.toString());
    }

    /** {@code size} bytes of lines {@code 12345678\n}, none blank. */
    private static byte[] rows(int size) {
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (i % 9 == 8 ? '\n' : '1' + i % 9);
        }
        return content;
    }

    @Test
    void blankLinesAreEmptyLinesOutsideQuotedFieldsWhereverTheyAre() throws IOException {
        assertThat(blank("id,name\n1,a\n2,b\n")).isZero();
        assertThat(blank("id,name\n1,a\n\n2,b\n\n")).isEqualTo(2);
        assertThat(blank("\n\nid\n1\n")).isEqualTo(2);
        assertThat(blank("id\r\n1\r\n\r\n2\r\n")).isEqualTo(1);
        assertThat(blank("id\r1\r\r2\r")).isEqualTo(1);
        assertThat(blank("\uFEFF\nid\n1\n")).isEqualTo(1);
    }

    @Test
    void lineBreaksInsideQuotedFieldsAreValuesNotBlankLines() throws IOException {
        assertThat(blank("id,note\n1,\"a\n\nb\"\n")).isZero();
        assertThat(blank("id,note\r\n1,\"a\r\n\r\nb\"\r\n")).isZero();
        assertThat(blank("id,note\n1,\"he said \"\"hi\n\n\"\" twice\"\n")).isZero();
        assertThat(CsvLines.countBlankLines(file("id,note\n1,\"a \\\"\n\nb\"\n\n"), new CsvLines.Layout('"', '\\', -1, null, 0)))
                .isEqualTo(1);
    }

    @Test
    void aQuoteInTheMiddleOfAnUnquotedFieldIsTextAsInDuckDb() throws IOException {
        assertThat(blank("id,name\n1,ab\"c\n\n2,d\n")).isEqualTo(1);
        assertThat(blank("id;name\n1;\"x\n\ny\"\n")).isZero();
    }

    @Test
    void skippedRowsArePhysicalLinesWhoseBlankLinesAreNotCounted() throws IOException {
        Path file = file("title\n\nid\n1\n\n");
        assertThat(CsvLines.countBlankLines(file, new CsvLines.Layout('"', '"', -1, null, 2))).isEqualTo(1);
        assertThat(CsvLines.countBlankLines(file("\"a\nb\"\n\nid\n1\n"), new CsvLines.Layout('"', '"', -1, null, 1))).isEqualTo(1);
    }

    @Test
    void theCensusCountsRecordEndingsByKindOutsideQuotes() throws IOException {
        CsvLines.Census census = CsvLines.census(file("id,note\r\n1,\"x\ny\"\n2,z\r\n3,w\n"), RFC);
        assertThat(census.lf()).isEqualTo(2);
        assertThat(census.crlf()).isEqualTo(2);
        assertThat(census.mixed()).isTrue();
        assertThat(CsvLines.census(file("\"Order\nDate\",amount\r\n2024-01-01,5\r\n"), RFC).mixed()).isFalse();
    }

    @Test
    void theCopyEndsEveryRecordWithLfAndKeepsQuotedLineBreaksAndEveryOtherByte() throws IOException {
        Path copy = dir.resolve("copy.csv");
        CsvLines.writeWithLfEndings(file("\uFEFFid,note\r\n1,\"x\r\ny\"\n2,\u00e9\r\n3,a\rb\n"), RFC, copy);
        assertThat(Files.readString(copy)).isEqualTo("\uFEFFid,note\n1,\"x\r\ny\"\n2,\u00e9\n3,a\rb\n");
    }

    @Test
    void aCrlfSplitAcrossTwoChunksIsOneRecordEnding() throws IOException {
        StringBuilder text = new StringBuilder("id\r\n");
        while (text.length() < (1 << 16) - 1) {
            text.append('x');
        }
        text.append("\r\n\r\n1\n");   // the CR of the first CRLF is the last byte of the first 64 KiB
        Path file = file(text.toString());
        CsvLines.Census census = CsvLines.census(file, RFC);
        assertThat(census.crlf()).isEqualTo(3);
        assertThat(census.lf()).isEqualTo(1);
        assertThat(census.blank()).isEqualTo(1);
        Path copy = dir.resolve("copy.csv");
        CsvLines.writeWithLfEndings(file, RFC, copy);
        assertThat(Files.readString(copy)).isEqualTo(text.toString().replace("\r\n", "\n"));
    }

    @Test
    void utf16IsScannedInTwoByteUnits() throws IOException {
        ByteArrayOutputStream utf16 = new ByteArrayOutputStream();
        utf16.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE});
        // U+0A0A would be two line feeds to a byte scan
        utf16.writeBytes("id,note\n1,\"\u0a0a\n\n\"\n\n2,b\n".getBytes(StandardCharsets.UTF_16LE));
        assertThat(CsvLines.countBlankLines(bytes(utf16.toByteArray()), new CsvLines.Layout('"', '"', -1, "utf-16", 0))).isEqualTo(1);
    }

    @Test
    void theCheapPassFindsABlankLineAtEveryByteOffsetAndNoneInACleanFile() throws IOException {
        for (String blank : new String[] {"\n\n", "\r\n\r\n", "\r\r"}) {
            for (int offset = 0; offset < 20; offset++) {
                String text = "x".repeat(offset) + blank + "y,z\n";
                assertThat(CsvLines.mayHoldBlankLines(file(text))).as("%s after %d bytes", blank.replace("\r", "\\r").replace("\n", "\\n"), offset)
                        .isTrue();
                ByteArrayOutputStream gz = new ByteArrayOutputStream();
                try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                }
                Path zipped = dir.resolve("z" + offset + ".csv.gz");
                Files.write(zipped, gz.toByteArray());
                assertThat(CsvLines.mayHoldBlankLines(zipped)).isTrue();
            }
        }
        assertThat(CsvLines.mayHoldBlankLines(file("\uFEFFid,name\r\n1,a\r\n2,\u00e9\r\n"))).isFalse();
        assertThat(CsvLines.mayHoldBlankLines(file("id\n1\n2\n3\n4\n5\n6\n7\n"))).isFalse();
        assertThat(CsvLines.mayHoldBlankLines(file("\nid\n"))).isTrue();
    }

    @Test
    void aFileOfOnlyLineBreaksIsBlankLinesOnlyAndAnythingElseIsNot() throws IOException {
        assertThat(CsvLines.blankLinesOnly(file("\n\n\n"), RFC)).isEqualTo(3);
        assertThat(CsvLines.blankLinesOnly(file("\r\n\r\n"), RFC)).isEqualTo(2);
        assertThat(CsvLines.blankLinesOnly(file("\uFEFF\n"), RFC)).isEqualTo(1);
        assertThat(CsvLines.blankLinesOnly(file("\n a\n"), RFC)).isEqualTo(-1);
        assertThat(CsvLines.blankLinesOnly(file("id\n"), RFC)).isEqualTo(-1);
    }
}
