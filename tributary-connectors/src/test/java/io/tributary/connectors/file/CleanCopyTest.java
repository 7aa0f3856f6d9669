package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A copy of a file without some lines keeps every other byte, and maps its lines back to the file's. */
class CleanCopyTest {
    @TempDir
    Path dir;

    private CleanCopy copy(String text, Long... without) throws Exception {
        Path file = dir.resolve("in.csv");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return CleanCopy.write(file, null, new TreeSet<>(List.of(without)));
    }

    @ParameterizedTest(name = "line break {0}")
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void theLinesLeftOutGoWithTheirLineBreakAndEveryOtherByteStays(String br) throws Exception {
        String text = "h" + br + "a" + br + "bad" + br + "b" + br + "worse" + br + "c";
        try (CleanCopy copy = copy(text, 3L, 5L)) {
            assertThat(Files.readString(copy.path())).isEqualTo("h" + br + "a" + br + "b" + br + "c");
            assertThat(copy.text(3L)).isEqualTo("bad");
            assertThat(copy.text(5L)).isEqualTo("worse");
            assertThat(List.of(1L, 2L, 3L, 4L)).extracting(copy::fileLine).containsExactly(1L, 2L, 4L, 6L);
        }
    }

    @Test
    void neighbouringLinesTheFirstAndTheLastWithoutALineBreakCanBeLeftOut() throws Exception {
        try (CleanCopy copy = copy("x1\r\nx2\r\nkeep\r\nx4", 1L, 2L, 4L)) {
            assertThat(Files.readString(copy.path())).isEqualTo("keep\r\n");
            assertThat(copy.text(1L)).isEqualTo("x1");
            assertThat(copy.text(2L)).isEqualTo("x2");
            assertThat(copy.text(4L)).isEqualTo("x4");
            assertThat(copy.fileLine(1L)).isEqualTo(3L);
            assertThat(copy.fileLine(0L)).as("unknown stays unknown").isZero();
        }
    }

    @Test
    void aLatin1FileIsCopiedAsUtf8AndClosingTheCopyDeletesIt() throws Exception {
        Path file = dir.resolve("latin.csv");
        Files.write(file, "a,é\nb,\"ü\nc,è\n".getBytes(StandardCharsets.ISO_8859_1));
        Path copied;
        try (CleanCopy copy = CleanCopy.write(file, "latin-1", new TreeSet<>(List.of(2L)))) {
            copied = copy.path();
            assertThat(Files.readString(copied, StandardCharsets.UTF_8)).isEqualTo("a,é\nc,è\n");
            assertThat(copy.text(2L)).isEqualTo("b,\"ü");
        }
        assertThat(copied).doesNotExist();
    }
}
