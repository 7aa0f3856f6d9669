package io.tributary.connectors.api;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files an API run writes its records to before staging them. They hold customer data (names,
 * e-mails, addresses), so they live in the project's own {@code .tributary/tmp} rather than the
 * shared temporary folder, and never outlive their run:
 * <ul>
 *   <li>a run deletes its files when it ends, however it ends;</li>
 *   <li>a JVM shutdown hook deletes the files of runs still going on when the process is told to stop
 *       ({@code SIGTERM}, Ctrl-C);</li>
 *   <li>a process killed outright ({@code SIGKILL}, a crash) cannot clean up, so every API run first
 *       sweeps the folder: each file is named after the process that wrote it, and a file whose process
 *       is gone is deleted. A file of a live process (a run going on elsewhere) is never touched.</li>
 * </ul>
 */
final class TempFiles {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TempFiles.class);
    private static final String PREFIX = "api-";
    /** {@code api-<pid>-<run>-<what>-<random>.ndjson}. */
    private static final Pattern NAME = Pattern.compile("api-(\\d+)-.*\\.ndjson");
    /** The names earlier versions gave their files in the system's temporary folder. */
    private static final String LEGACY_GLOB = "tributary-api-*.ndjson";
    /** An earlier version's file untouched for this long is a leftover: no run stages for a day. */
    static final Duration LEGACY_AGE = Duration.ofDays(1);

    private static final long PID = ProcessHandle.current().pid();
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Thread hook = new Thread(TempFiles::deleteLive, "tributary-api-temp-files");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    private TempFiles() {}

    /** {@code .tributary/tmp} of the project. */
    static Path folder(Path projectDir) {
        return projectDir.resolve(".tributary").resolve("tmp");
    }

    /** A new file for run {@code runId}, deleted at the latest when this process ends; {@code what} says what it holds. */
    static Path create(Path folder, long runId, String what) throws IOException {
        Files.createDirectories(folder);
        Path file = Files.createTempFile(folder, PREFIX + PID + "-" + runId + "-" + what + "-", ".ndjson");
        LIVE.add(file);
        return file;
    }

    /** Deletes a file of this process; a file that cannot be deleted now is left to the shutdown hook. */
    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
            LIVE.remove(file);
        } catch (IOException e) {
            LOG.debug("could not remove {} yet: {}", file, e.toString());
        }
    }

    /**
     * Deletes the files of processes that are gone (and this process's own, of runs that ended
     * without removing them), and earlier versions' files in the system's temporary folder that
     * were left untouched for {@link #LEGACY_AGE}. Returns how many files it deleted.
     */
    static int sweep(Path folder) {
        int removed = 0;
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, PREFIX + "*.ndjson")) {
                for (Path file : files) {
                    if (abandoned(file) && Files.deleteIfExists(file)) {
                        removed++;
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not sweep {}: {}", folder, e.toString());
            }
        }
        return removed + sweepLegacy(Path.of(System.getProperty("java.io.tmpdir")), Instant.now().minus(LEGACY_AGE));
    }

    private static boolean abandoned(Path file) {
        Matcher name = NAME.matcher(file.getFileName().toString());
        if (!name.matches()) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(name.group(1));
        } catch (NumberFormatException e) {
            return false;
        }
        if (pid == PID) {
            return !LIVE.contains(file);
        }
        return ProcessHandle.of(pid).map(process -> !process.isAlive()).orElse(true);
    }

    static int sweepLegacy(Path folder, Instant untouchedSince) {
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, LEGACY_GLOB)) {
            for (Path file : files) {
                FileTime modified = Files.getLastModifiedTime(file);
                if (modified.toInstant().isBefore(untouchedSince) && Files.deleteIfExists(file)) {
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not sweep {}: {}", folder, e.toString());
        }
        return removed;
    }

    private static void deleteLive() {
        for (Path file : LIVE) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the process is ending; the next run's sweep removes what is left
            }
        }
    }
}
