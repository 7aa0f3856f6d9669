package io.tributary.connectors.destination;

import io.tributary.sql.Sql;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * The bulk-load half of staging: the run's rows exported from DuckDB as CSV, each column rendered for
 * the destination's loader ({@link DestinationTypes#export}), into a named pipe the database reads
 * from at the same time (or a temporary file), optionally in parts loaded over several sessions.
 */
public final class CsvExport {
    private final DestinationTypes types;

    CsvExport(DestinationTypes types) {
        this.types = types;
    }

    /** {@code SELECT} over the run's rows in DuckDB, each column rendered for this destination's loader. */
    public String exportQuery(TablePlan.Load load) {
        String select = load.duckTypes().entrySet().stream()
                .map(c -> types.export("r." + Sql.ident(c.getKey()), c.getValue()) + " AS " + Sql.ident(c.getKey()))
                .collect(Collectors.joining(", "));
        return "SELECT " + select + " FROM " + load.relation() + " AS r";
    }

    /** Writes the run's rows as CSV with DuckDB's own (parallel) writer; returns the rows written. */
    long exportCsv(Connection engine, TablePlan.Load load, Path file, String options) throws SQLException {
        try (Statement statement = engine.createStatement()) {
            return statement.executeLargeUpdate("COPY (" + exportQuery(load) + ") TO " + Sql.literal(file.toString())
                    + " (FORMAT csv, HEADER false" + options + ")");
        }
    }

    /** Reads a CSV file (or named pipe) into the staging table; returns the rows loaded. */
    public interface CsvLoader {
        long load(Path csv) throws SQLException, IOException;
    }

    /**
     * Exports the run's rows as CSV and loads them with {@code loader}, checking that every row
     * arrived. Where the system has {@code mkfifo}, DuckDB writes into a named pipe while the
     * database reads from it, so exporting and loading overlap instead of taking turns (and no copy
     * of the data lands on disk); elsewhere through a temporary file.
     */
    public long exportAndLoad(Connection engine, TablePlan.Load load, Path folder, String options, CsvLoader loader)
            throws SQLException, IOException {
        return exportAndLoad(engine, load, folder, options, loader, List.of());
    }

    /**
     * As {@link #exportAndLoad(Connection, TablePlan.Load, Path, String, CsvLoader)}, with the rows split
     * into parts that load at once when {@code others} is not empty: part 0 exported by
     * {@code engine} and read by {@code loader}, part i by a DuckDB connection of its own and
     * {@code others[i - 1]} (another session of the destination), all into the same staging table. A
     * failed part does not stop the others (their rows only reach the staging table, which the failed
     * publish drops); the first failure is thrown once all have ended. Without named pipes, one part
     * after the other would gain nothing: the rows then load in one part.
     */
    public long exportAndLoad(Connection engine, TablePlan.Load load, Path folder, String options, CsvLoader loader,
                       List<? extends CsvLoader> others) throws SQLException, IOException {
        int count = others.size() + 1;
        Path first = folder.resolve("rows.csv");
        if (!NamedPipe.create(first)) {
            long exported = exportCsv(engine, load, first, options);
            return checked(exported, loader.load(first));
        }
        // DuckDB tuned for writing into pipes that a database reads; both are settings of the whole
        // DuckDB instance, so they are taken once for all parts and put back afterwards.
        // - One thread: the database reads one stream on one server process, and DuckDB writing it with
        //   one thread keeps ahead of it and leaves the other cores to that server (measured on 2 cores,
        //   5M rows into PostgreSQL: 7% faster, and 860 MB peak memory instead of 1.3 GB, as the parallel
        //   writer buffers batches to keep them in order).
        // - Blocking writes (async_threads = 0): DuckDB's asynchronous writer spins (sched_yield) while
        //   the pipe is full, that is whenever the database reads slower than DuckDB writes, the usual
        //   case (measured: 5M rows into PostgreSQL, the export used 13 CPU-s instead of 5.7, in the same time).
        try (Sql.Setting oneThread = Sql.temporarily(engine, "threads", "1");
             Sql.Setting blockingWrites = Sql.temporarily(engine, "async_threads", "0")) {
            List<FutureTask<Long>> parts = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                TablePlan.Load part = load.part(i, count);
                Path csv = folder.resolve("rows-" + i + ".csv");
                CsvLoader session = others.get(i - 1);
                FutureTask<Long> task = new FutureTask<>(() -> {
                    if (!NamedPipe.create(csv)) {
                        throw new IOException("cannot create the named pipe " + csv);
                    }
                    try (Connection duck = engine.unwrap(DuckDBConnection.class).duplicate()) {
                        return throughPipe(duck, part, csv, options, session);
                    }
                });
                Thread thread = new Thread(task, "tributary-part-" + i + "-" + load.stage().name());
                thread.setDaemon(true);
                thread.start();
                parts.add(task);
            }
            long loaded = 0;
            Exception failure = null;
            try {
                loaded += throughPipe(engine, count == 1 ? load : load.part(0, count), first, options, loader);
            } catch (SQLException | IOException | RuntimeException e) {
                failure = e;
            }
            for (FutureTask<Long> other : parts) {
                try {
                    loaded += other.get();
                } catch (ExecutionException e) {
                    failure = failure != null ? failure : e.getCause() instanceof Exception cause ? cause : e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while loading the rows", e);
                }
            }
            if (failure instanceof SQLException sql) {
                throw sql;
            }
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure != null) {
                throw new IOException("loading the rows in parts: " + failure, failure);
            }
            return loaded;
        }
    }

    /** DuckDB writes the rows into the named pipe {@code csv} in a thread of its own while {@code loader} reads them. */
    private long throughPipe(Connection engine, TablePlan.Load load, Path csv, String options, CsvLoader loader)
            throws SQLException, IOException {
        FutureTask<Long> export = new FutureTask<>(() -> {
            try {
                return exportCsv(engine, load, csv, options + ", USE_TMP_FILE false");
            } catch (SQLException | RuntimeException e) {
                NamedPipe.release(csv); // a reader still waiting for the pipe to open must not wait forever
                throw e;
            }
        });
        Thread writer = new Thread(export, "tributary-export-" + load.stage().name());
        writer.setDaemon(true);
        writer.start();
        long loaded;
        try {
            loaded = loader.load(csv);
        } catch (SQLException | IOException | RuntimeException e) {
            NamedPipe.drain(csv, writer); // let DuckDB finish writing into the pipe nobody reads any more
            throw e;
        }
        try {
            return checked(export.get(), loaded);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while exporting rows", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw new SQLException("exporting the rows from DuckDB: " + sql.getMessage(), sql);
            }
            throw new IOException("exporting the rows from DuckDB: " + cause, cause);
        }
    }

    private static long checked(long exported, long loaded) throws SQLException {
        if (loaded != exported) {
            throw new SQLException("the database loaded " + loaded + " of the " + exported + " rows exported");
        }
        return loaded;
    }
}
