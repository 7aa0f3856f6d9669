package io.tributary.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code <project>/.tributary/server.json}: where a running server of the project answers, so that the
 * CLI goes through it instead of opening the warehouse the server owns. Written once the server listens,
 * deleted when it stops; a server killed with SIGKILL leaves it behind, so a reader checks that
 * {@code pid} lives and that the server answers before trusting it. Only its owner may read it (mode 600).
 *
 * @param url        e.g. {@code http://127.0.0.1:8080}, always an address this machine reaches
 * @param startedAt  when the server started
 */
public record ServerFile(String url, long pid, Instant startedAt, String version) {
    private static final Logger LOG = LoggerFactory.getLogger(ServerFile.class);
    private static final ObjectMapper JSON = TributaryServer.JSON;

    /** Where the file of the project in {@code projectDir} is. */
    public static Path of(Path projectDir) {
        return projectDir.resolve(".tributary").resolve("server.json");
    }

    /** The file as written, or empty when there is none or it cannot be read (half written, damaged). */
    public static Optional<ServerFile> read(Path projectDir) {
        Path file = of(projectDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), ServerFile.class));
        } catch (IOException e) {
            LOG.debug("ignoring {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    /** Writes the file (atomically: a reader never sees half of it), readable by its owner only. */
    void write(Path projectDir) throws IOException {
        Path file = of(projectDir);
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("server.json." + pid + ".tmp");
        Files.deleteIfExists(temp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.write(temp, JSON.writeValueAsBytes(this));
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes the file if it is still this server's (a second server may have written its own since). */
    void delete(Path projectDir) {
        try {
            if (read(projectDir).filter(this::equals).isPresent()) {
                Files.deleteIfExists(of(projectDir));
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}; the CLI ignores it once this process is gone", of(projectDir), e.getMessage());
        }
    }
}
