package io.tributary.connectors.destination;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One CSV stream loaded through several {@code COPY … FROM STDIN} at once, one per connection. A
 * single COPY is bound by its server process parsing values on one core; handing whole records
 * round-robin to several connections lets the server parse on all of them. Records are cut at a
 * newline outside quotes (a quoted value may hold newlines; {@code ""} inside quotes toggles twice,
 * so counting quotes is enough).
 */
final class ParallelCopy {
    private static final int CHUNK = 1 << 20;
    private static final byte[] END = new byte[0];

    private ParallelCopy() {}

    /** Copies {@code csv} into the table of {@code copySql}; returns the rows loaded by all connections. */
    static long copy(List<Connection> connections, String copySql, InputStream csv) throws SQLException, IOException {
        List<Writer> writers = new ArrayList<>();
        try {
            for (Connection connection : connections) {
                writers.add(new Writer(connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql)));
            }
            writers.forEach(Thread::start);
            split(csv, writers);
            long rows = 0;
            for (Writer writer : writers) {
                writer.join();
                if (writer.failure != null) {
                    throw writer.failure;
                }
                rows += writer.rows;
            }
            return rows;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while loading rows", e);
        } finally {
            for (Writer writer : writers) {
                writer.shutDown();
            }
        }
    }

    private static void split(InputStream csv, List<Writer> writers) throws IOException, SQLException, InterruptedException {
        byte[] buffer = new byte[CHUNK];
        int filled = 0;
        boolean quoted = false;
        int scanned = 0;
        int next = 0;
        while (true) {
            int read = csv.read(buffer, filled, buffer.length - filled);
            if (read < 0) {
                break;
            }
            filled += read;
            int boundary = -1;
            for (int i = scanned; i < filled; i++) {
                byte b = buffer[i];
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n' && !quoted) {
                    boundary = i;
                }
            }
            scanned = filled;
            if (boundary < 0 && filled < buffer.length) {
                continue;
            }
            if (boundary < 0) {
                buffer = Arrays.copyOf(buffer, buffer.length * 2); // one record longer than the buffer
                continue;
            }
            writers.get(next).send(Arrays.copyOf(buffer, boundary + 1));
            next = (next + 1) % writers.size();
            int rest = filled - boundary - 1;
            byte[] fresh = new byte[Math.max(CHUNK, rest * 2)];
            System.arraycopy(buffer, boundary + 1, fresh, 0, rest);
            buffer = fresh;
            filled = rest;
            scanned = rest;
        }
        if (filled > 0) {
            writers.get(next).send(Arrays.copyOf(buffer, filled));
        }
        for (Writer writer : writers) {
            writer.send(END);
        }
    }

    /** Feeds one connection's COPY from a small queue, in its own thread. */
    private static final class Writer extends Thread {
        private final CopyIn copy;
        private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(4);
        private volatile SQLException failure;
        private long rows;

        Writer(CopyIn copy) {
            super("tributary-copy");
            setDaemon(true);
            this.copy = copy;
        }

        void send(byte[] chunk) throws SQLException, InterruptedException {
            while (!queue.offer(chunk, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                if (failure != null || !isAlive()) {
                    throw failure != null ? failure : new SQLException("a COPY stream ended early");
                }
            }
        }

        @Override
        public void run() {
            try {
                while (true) {
                    byte[] chunk = queue.take();
                    if (chunk == END) {
                        rows = copy.endCopy();
                        return;
                    }
                    copy.writeToCopy(chunk, 0, chunk.length);
                }
            } catch (SQLException e) {
                failure = e;
            } catch (InterruptedException e) {
                failure = new SQLException("interrupted", e);
            }
        }

        /** After a failure: ends the thread, then cancels its COPY (never while it is writing: a connection is not thread-safe). */
        void shutDown() {
            interrupt();
            try {
                join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                if (!isAlive() && copy.isActive()) {
                    copy.cancelCopy();
                }
            } catch (SQLException ignored) {
                // the connection is closed with the load
            }
        }
    }
}
