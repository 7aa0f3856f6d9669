package io.tributary.connectors.destination;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A POSIX named pipe (FIFO), so one process can stream into a "file" that another reads as it is written. */
final class NamedPipe {
    private NamedPipe() {}

    /** Creates a named pipe at {@code path}; false where that is not possible (no mkfifo, e.g. Windows). */
    static boolean create(Path path) {
        try {
            Process process = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Opens and closes a writing end: a reader blocked in open() then sees an empty stream. Opened
     * read-write, which on Linux never blocks, even when no reader has come yet.
     */
    static void release(Path path) {
        try (RandomAccessFile ignored = new RandomAccessFile(path.toFile(), "rw")) {
            // opening is all it takes
        } catch (IOException ignored) {
            // nobody waits
        }
    }

    /**
     * Reads and discards, in a daemon thread, what the writer still sends after the reader gave up,
     * so the writer never blocks on a full pipe; waits up to 30 s for the writer to finish.
     */
    static void drain(Path path, Thread writer) {
        if (!writer.isAlive()) {
            return;
        }
        Thread drainer = new Thread(() -> {
            try (InputStream in = new FileInputStream(path.toFile())) {
                byte[] buffer = new byte[1 << 16];
                while (in.read(buffer) >= 0) {
                    // discard
                }
            } catch (IOException ignored) {
                // the writer is gone
            }
        }, "tributary-drain");
        drainer.setDaemon(true);
        drainer.start();
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
