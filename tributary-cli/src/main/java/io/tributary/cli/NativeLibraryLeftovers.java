package io.tributary.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * The DuckDB driver unpacks its ~70 MB native library into the temporary folder at every start and
 * deletes it at a normal exit. A process that is killed (by a scheduler's timeout, an OOM killer, a
 * user) leaves its copy behind; this removes copies older than an hour. Deleting a library that a
 * still-running process has loaded is harmless on Linux and macOS: the file lives on until unmapped.
 */
final class NativeLibraryLeftovers {
    static final Duration AGE = Duration.ofHours(1);

    private NativeLibraryLeftovers() {}

    static int clean() {
        return clean(Path.of(System.getProperty("java.io.tmpdir")), Instant.now().minus(AGE));
    }

    static int clean(Path folder, Instant olderThan) {
        if (System.getProperty("os.name", "").toLowerCase().startsWith("windows")) {
            return 0; // a loaded library cannot be deleted there, and trying is slow
        }
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "libduckdb_java*.so")) {
            for (Path file : files) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(olderThan) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: a temporary folder we cannot list or clean is not worth failing a command for
        }
        return removed;
    }
}
