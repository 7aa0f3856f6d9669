package io.tributary.connectors.database;

import io.tributary.jdbc.Dialect;
import io.tributary.sql.Sql;
import io.tributary.spi.Staging;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * PostgreSQL's fast path: the server writes the rows as CSV ({@code COPY (SELECT ...) TO STDOUT}),
 * and DuckDB's CSV reader loads them with every column's type given (no sniffing), converting the
 * few kinds CSV cannot carry directly: arrays travel as JSON ({@code array_to_json}), bytea as hex.
 *
 * <p>The rows are cut into chunk files of about {@value #CHUNK_BYTES} bytes (PostgreSQL sends one
 * message per row, so a cut never splits a row, even one with a quoted line break). A second thread
 * loads finished chunks into DuckDB while the next ones are received, so the server's work and
 * DuckDB's overlap; the receiver never waits for DuckDB unless {@value #MAX_PENDING_BYTES} bytes of
 * chunks are already waiting on disk. Java memory holds one row.
 *
 * <p>When the caller does not need the rows in the query's order (a full read: nothing is taken
 * from the last row), DuckDB may insert them in any order ({@code preserve_insertion_order = false}
 * for the duration of the copy, while the engine is the run's alone: {@link Staging#engineToItself()}), which
 * lets its parallel CSV reader skip re-ordering.
 */
final class PostgresCopy {
    static final int CHUNK_BYTES = 64 << 20;
    /** How far receiving may run ahead of loading, in bytes of chunk files waiting on disk. */
    static final long MAX_PENDING_BYTES = 1L << 30;
    /** Benchmarks set this to compare chunk sizes (a huge value means one file, loaded after the copy). */
    static final String CHUNK_PROPERTY = "tributary.database.copy.chunk_bytes";
    private static final int PROGRESS_EVERY = 100_000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostgresCopy.class);

    private PostgresCopy() {}

    /**
     * DuckDB could not load PostgreSQL's CSV, typically a value its reader does not take (a BC date,
     * a timestamp beyond 294247 AD). The staging table is left empty; the caller reads the rows
     * again on the result-set path, which keeps or rejects each value exactly.
     */
    static final class Unreadable extends SQLException {
        Unreadable(SQLException cause) {
            super(cause.getMessage(), cause.getSQLState(), cause);
        }
    }

    /** How a column is selected in PostgreSQL for the CSV. */
    static String expression(SourceColumn column) {
        String ident = Dialect.POSTGRES.ident(column.name());
        return switch (column.kind()) {
            // elements kept as text (numeric[] → VARCHAR[]) travel as JSON strings, so 1.50 stays 1.50
            case LIST -> column.element() == ValueKind.TEXT ? "array_to_json(CAST(" + ident + " AS text[]))" : "array_to_json(" + ident + ")";
            case BLOB -> "encode(" + ident + ", 'hex')";
            default -> ident;
        };
    }

    /**
     * Copies the rows of {@code select} into a new DuckDB table {@code table}. Returns the bytes of CSV
     * transferred.
     *
     * @param ordered whether the table must keep the rows in the order the query returns them (an
     *                incremental read takes its cursor from the last row); without that, DuckDB's
     *                parallel CSV reader may insert them in any order, which costs less CPU
     */
    static long copy(Connection source, String select, List<SourceColumn> columns, Staging staging, String table, String label,
                     boolean ordered) throws SQLException, IOException {
        Connection engine = staging.connection();
        try (Statement statement = engine.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (" + columns.stream().map(c -> Sql.ident(c.name()) + " " + c.duckdb())
                    .collect(Collectors.joining(", ")) + ")");
        }
        // One transaction for all chunks: committing each large INSERT on its own would make DuckDB
        // checkpoint the database after every chunk.
        // The setting is put back after the transaction has ended: a SET inside a failed transaction
        // would be rolled back with it.
        // Only while the engine is this run's alone: other runs would see the setting.
        try (Staging.EngineLease alone = ordered ? null : staging.engineToItself();
             Sql.Setting unordered = alone == null ? null : Sql.temporarily(engine, "preserve_insertion_order", "false")) {
            engine.setAutoCommit(false);
            try {
                long bytes = new Transfer(source, staging, table, columns, label).run(select);
                engine.commit();
                return bytes;
            } finally {
                if (!engine.getAutoCommit()) {
                    engine.rollback();
                    engine.setAutoCommit(true);
                }
            }
        }
    }

    /**
     * One COPY: this thread receives the rows and cuts them into chunk files; a loader thread loads
     * them into DuckDB in order, each time taking every chunk that is ready in one {@code INSERT}
     * (DuckDB's reader is parallel over several files, and every statement has a fixed cost). The
     * receiver runs ahead of the loader by up to {@value #MAX_PENDING_BYTES} bytes of chunk files, so
     * the server streams at its own pace while DuckDB catches up, and the disk never holds more.
     */
    private static final class Transfer {
        private final Connection source;
        private final Staging staging;
        private final String table;
        private final List<SourceColumn> columns;
        private final String label;
        private final long chunkBytes = Long.getLong(CHUNK_PROPERTY, CHUNK_BYTES);
        /** Chunks received and not yet loaded, oldest first. Guarded by this. */
        private final Deque<Chunk> ready = new ArrayDeque<>();
        private long readyBytes;
        private boolean ended;
        private Exception loadFailure;

        Transfer(Connection source, Staging staging, String table, List<SourceColumn> columns, String label) {
            this.source = source;
            this.staging = staging;
            this.table = table;
            this.columns = columns;
            this.label = label;
        }

        long run(String select) throws SQLException, IOException {
            CopyOut copy = source.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select + ") TO STDOUT (FORMAT csv)");
            Thread loader = new Thread(this::loadUntilEnd, "duckdb-load");
            loader.setDaemon(true);
            loader.start();
            Chunk chunk = null;
            long bytes = 0;
            long rows = 0;
            long waited = 0;
            long began = System.nanoTime();
            try {
                chunk = new Chunk();
                byte[] row;
                while ((row = copy.readFromCopy()) != null) {
                    chunk.out.write(row);
                    chunk.bytes += row.length;
                    bytes += row.length;
                    if (++rows % PROGRESS_EVERY == 0) {
                        staging.progress(label, rows);
                    }
                    if (chunk.bytes >= chunkBytes) {
                        waited += hand(chunk);
                        chunk = new Chunk();
                    }
                }
                LOG.debug("copy done after {} ms, {} ms of it waiting for DuckDB", (System.nanoTime() - began) / 1_000_000, waited / 1_000_000);
                Chunk last = chunk;
                chunk = null;
                if (last.bytes > 0) {
                    hand(last);
                } else {
                    last.discard();
                }
                end(loader);
                LOG.debug("loaded after {} ms", (System.nanoTime() - began) / 1_000_000);
                staging.progress(label, rows);
                return bytes;
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
                if (chunk != null) {
                    chunk.discard();
                }
                abandon(loader);
            }
        }

        /** Queues a full chunk for the loader, first waiting while too many bytes are queued. Returns the nanoseconds waited. */
        private long hand(Chunk chunk) throws SQLException, IOException {
            chunk.close();
            long began = System.nanoTime();
            synchronized (this) {
                while (loadFailure == null && !ready.isEmpty() && readyBytes + chunk.bytes > MAX_PENDING_BYTES) {
                    waitForLoader();
                }
                rethrowLoadFailure();
                ready.addLast(chunk);
                readyBytes += chunk.bytes;
                notifyAll();
            }
            return System.nanoTime() - began;
        }

        /** Tells the loader that no more chunks come, and waits until it has loaded every one. */
        private void end(Thread loader) throws SQLException, IOException {
            synchronized (this) {
                ended = true;
                notifyAll();
                while (loadFailure == null && loader.isAlive()) {
                    waitForLoader();
                }
                rethrowLoadFailure();
            }
        }

        private void waitForLoader() throws SQLException {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while DuckDB loaded the rows", e);
            }
        }

        private void rethrowLoadFailure() throws SQLException, IOException {
            if (loadFailure instanceof SQLException sql) {
                throw new Unreadable(sql);
            }
            if (loadFailure instanceof IOException io) {
                throw io;
            }
            if (loadFailure != null) {
                throw new IllegalStateException(loadFailure);
            }
        }

        /** The loader thread: loads what is ready, in order, until the receiver ends or a load fails. */
        private void loadUntilEnd() {
            try {
                while (true) {
                    List<Chunk> batch;
                    synchronized (this) {
                        while (ready.isEmpty() && !ended) {
                            wait();
                        }
                        if (ready.isEmpty()) {
                            return;
                        }
                        batch = new ArrayList<>(ready);
                    }
                    load(batch);
                    synchronized (this) {
                        for (Chunk loaded : batch) {
                            ready.removeFirst();
                            readyBytes -= loaded.bytes;
                        }
                        notifyAll();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (SQLException | RuntimeException e) {
                synchronized (this) {
                    loadFailure = e;
                    notifyAll();
                }
            }
        }

        private void load(List<Chunk> batch) throws SQLException {
            long began = System.nanoTime();
            long size = batch.stream().mapToLong(c -> c.bytes).sum();
            try (Statement statement = staging.connection().createStatement()) {
                statement.execute("INSERT INTO " + table + " SELECT " + conversions(columns) + " FROM "
                        + reader(batch.stream().map(c -> c.file).toList(), columns));
            } finally {
                batch.forEach(Chunk::discard);
            }
            LOG.debug("{} chunk(s) of {} bytes loaded in {} ms", batch.size(), size, (System.nanoTime() - began) / 1_000_000);
        }

        /** On every way out: stops the loader and removes the chunk files it did not load. */
        private void abandon(Thread loader) {
            synchronized (this) {
                if (!ended || loader.isAlive()) {
                    ended = true;
                    loader.interrupt();
                }
                notifyAll();
            }
            try {
                loader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                ready.forEach(Chunk::discard);
                ready.clear();
            }
        }
    }

    /** One temporary CSV file of whole rows. */
    private static final class Chunk {
        final Path file;
        final OutputStream out;
        long bytes;
        private boolean closed;

        Chunk() throws IOException {
            file = Files.createTempFile("tributary-pg-", ".csv");
            out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        }

        void close() throws IOException {
            if (!closed) {
                closed = true;
                out.close();
            }
        }

        /** Closes and removes the file; never fails (a leftover temporary file is only a nuisance). */
        void discard() {
            try {
                close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("could not remove {}: {}", file, e.toString());
            }
        }
    }

    /** DuckDB's CSV reader over files of PostgreSQL's CSV: no header, NULL unquoted-empty, "" an empty text. */
    private static String reader(List<Path> files, List<SourceColumn> columns) {
        String types = IntStream.range(0, columns.size())
                .mapToObj(i -> Sql.literal("c" + i) + ": " + Sql.literal(carrier(columns.get(i))))
                .collect(Collectors.joining(", "));
        String list = files.stream().map(f -> Sql.literal(f.toString())).collect(Collectors.joining(", ", "[", "]"));
        return "read_csv(" + list + ", columns = {" + types + "}, header = false, auto_detect = false, "
                + "delim = ',', quote = '\"', escape = '\"', nullstr = '', allow_quoted_nulls = false)";
    }

    private static String conversions(List<SourceColumn> columns) {
        return IntStream.range(0, columns.size()).mapToObj(i -> convert(columns.get(i), Sql.ident("c" + i))).collect(Collectors.joining(", "));
    }

    /** The type DuckDB reads the CSV field as. */
    private static String carrier(SourceColumn column) {
        return switch (column.kind()) {
            case LIST, BLOB, JSON -> "VARCHAR";
            default -> column.duckdb();
        };
    }

    private static String convert(SourceColumn column, String field) {
        return switch (column.kind()) {
            case LIST -> column.element() == ValueKind.JSON ? "CAST(" + field + " AS JSON)"
                    : "CAST(CAST(" + field + " AS JSON) AS " + column.duckdb() + ")";
            case BLOB -> "unhex(" + field + ")";
            case JSON -> "CAST(" + field + " AS JSON)";
            default -> field;
        };
    }
}
