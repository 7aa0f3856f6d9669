package io.tributary.connectors.database;

import io.tributary.connectors.jdbc.Dialect;
import io.tributary.engine.Sql;
import io.tributary.spi.Staging;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * message per row, so a cut never splits a row, even one with a quoted line break). While DuckDB
 * loads one chunk in a second thread, the next is being received, so the server's work and DuckDB's
 * overlap; at most two chunks exist on disk at a time and Java memory holds one row.
 */
final class PostgresCopy {
    static final int CHUNK_BYTES = 256 << 20;
    /** Benchmarks set this to compare chunk sizes (a huge value means one file, loaded after the copy). */
    static final String CHUNK_PROPERTY = "tributary.database.copy.chunk_bytes";
    private static final int PROGRESS_EVERY = 100_000;
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostgresCopy.class);

    private PostgresCopy() {}

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
     */
    static long copy(Connection source, String select, List<SourceColumn> columns, Staging staging, String table, String label)
            throws SQLException, IOException {
        Connection engine = staging.connection();
        // One transaction for all chunks: committing each large INSERT on its own would make DuckDB
        // checkpoint the database after every chunk.
        engine.setAutoCommit(false);
        try {
            long bytes = copyChunks(source, select, columns, staging, table, label);
            engine.commit();
            return bytes;
        } finally {
            if (!engine.getAutoCommit()) {
                engine.rollback();
                engine.setAutoCommit(true);
            }
        }
    }

    private static long copyChunks(Connection source, String select, List<SourceColumn> columns, Staging staging, String table,
                                   String label) throws SQLException, IOException {
        try (Statement statement = staging.connection().createStatement()) {
            statement.execute("CREATE TABLE " + table + " (" + columns.stream().map(c -> Sql.ident(c.name()) + " " + c.duckdb())
                    .collect(Collectors.joining(", ")) + ")");
        }
        ExecutorService loader = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "duckdb-load");
            thread.setDaemon(true);
            return thread;
        });
        CopyOut copy = source.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + select + ") TO STDOUT (FORMAT csv)");
        Chunk chunk = null;
        Future<?> loading = null;
        long bytes = 0;
        long rows = 0;
        long chunkBytes = Long.getLong(CHUNK_PROPERTY, CHUNK_BYTES);
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
                    chunk.out.close();
                    long w = System.nanoTime();
                    await(loading);
                    waited += System.nanoTime() - w;
                    Chunk full = chunk;
                    loading = loader.submit(() -> full.loadInto(staging, table, columns));
                    chunk = new Chunk();
                }
            }
            chunk.out.close();
            LOG.debug("copy done after {} ms, {} ms of it waiting for DuckDB", (System.nanoTime() - began) / 1_000_000, waited / 1_000_000);
            await(loading);
            loading = null;
            if (chunk.bytes > 0) {
                chunk.loadInto(staging, table, columns);
            } else {
                chunk.delete();
            }
            LOG.debug("loaded after {} ms", (System.nanoTime() - began) / 1_000_000);
            staging.progress(label, rows);
            return bytes;
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
            if (loading != null) {
                loading.cancel(false);
                try {
                    await(loading);
                } catch (SQLException | IOException | RuntimeException e) {
                    // the copy already failed; its error is the one to report
                }
            }
            loader.shutdownNow();
            if (chunk != null) {
                chunk.out.close();
                chunk.delete();
            }
        }
    }

    private static void await(Future<?> loading) throws SQLException, IOException {
        if (loading == null) {
            return;
        }
        try {
            loading.get();
        } catch (java.util.concurrent.CancellationException e) {
            // cancelled before it started: its chunk file is removed by its own finally
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while DuckDB loaded the rows", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One temporary CSV file of whole rows. */
    private static final class Chunk {
        final Path file;
        final OutputStream out;
        long bytes;

        Chunk() throws IOException {
            file = Files.createTempFile("tributary-pg-", ".csv");
            out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        }

        Void loadInto(Staging staging, String table, List<SourceColumn> columns) throws SQLException, IOException {
            long t = System.nanoTime();
            try (Statement statement = staging.connection().createStatement()) {
                statement.execute("INSERT INTO " + table + " SELECT " + conversions(columns) + " FROM " + reader(file, columns));
            } finally {
                delete();
                LOG.debug("chunk of {} bytes loaded in {} ms", bytes, (System.nanoTime() - t) / 1_000_000);
            }
            return null;
        }

        void delete() throws IOException {
            Files.deleteIfExists(file);
        }
    }

    /** DuckDB's CSV reader over a file of PostgreSQL's CSV: no header, NULL unquoted-empty, "" an empty text. */
    private static String reader(Path file, List<SourceColumn> columns) {
        String types = IntStream.range(0, columns.size())
                .mapToObj(i -> Sql.literal("c" + i) + ": " + Sql.literal(carrier(columns.get(i))))
                .collect(Collectors.joining(", "));
        return "read_csv(" + Sql.literal(file.toString()) + ", columns = {" + types + "}, header = false, auto_detect = false, "
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
