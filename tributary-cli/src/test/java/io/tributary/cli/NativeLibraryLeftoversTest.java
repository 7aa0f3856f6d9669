package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryLeftoversTest {
    @TempDir
    Path tmp;

    @Test
    void copiesOfTheDuckDbLibraryLeftByKilledProcessesAreRemovedOnceOldAndRecentOnesAndOtherFilesStay() throws Exception {
        Path stale = Files.write(tmp.resolve("libduckdb_java123.so"), new byte[] {1});
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        Path recent = Files.write(tmp.resolve("libduckdb_java456.so"), new byte[] {1});
        Path other = Files.write(tmp.resolve("report.so"), new byte[] {1});
        Files.setLastModifiedTime(other, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));

        int removed = NativeLibraryLeftovers.clean(tmp, Instant.now().minus(NativeLibraryLeftovers.AGE));

        assertThat(removed).isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(recent).exists();
        assertThat(other).exists();
    }
}
