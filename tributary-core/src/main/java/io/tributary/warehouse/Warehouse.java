package io.tributary.warehouse;

import io.tributary.error.ErrorKind;
import io.tributary.error.TributaryException;
import io.tributary.metadata.Migrations;
import io.tributary.project.WarehouseSpec;
import io.tributary.sql.Sql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.duckdb.DuckDBConnection;

/**
 * The embedded DuckDB warehouse file: the default destination and the processing engine of every
 * run. DuckDB allows one writing process per file, so a second Tributary process is told the
 * warehouse is busy ({@link ErrorKind#BUSY}) instead of waiting; within this process any number of
 * runs share it, each on a connection of its own ({@link #session()}).
 */
public final class Warehouse implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Warehouse.class);
    /** Schema of Tributary's own tables: runs, state, loads, rejected_rows. */
    public static final String META = "_tributary";
    /** Prefix of staging tables; a run's are {@code _tributary_stage_<run>_<n>}, and only its run drops them. */
    public static final String STAGE_PREFIX = "_tributary_stage_";

    private final WarehouseSpec spec;
    private final Path path;
    private final Connection connection;
    private final boolean readOnly;
    private final EngineSharing sharing = new EngineSharing();
    private MemoryBudget budget;

    private Warehouse(WarehouseSpec spec, Path path, Connection connection, boolean readOnly) {
        this.spec = spec;
        this.path = path;
        this.connection = connection;
        this.readOnly = readOnly;
    }

    public static Warehouse open(WarehouseSpec spec) {
        return open(spec, false);
    }

    public static Warehouse open(WarehouseSpec spec, boolean readOnly) {
        return open(spec, readOnly, false);
    }

    /**
     * @param withHistory whether the run history will live in it: a new warehouse then starts with the
     *                    history's tables already made ({@link EmptyWarehouse}); without, they are never made
     */
    public static Warehouse open(WarehouseSpec spec, boolean readOnly, boolean withHistory) {
        Path file = spec.path().toAbsolutePath().normalize();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw TributaryException.failed("cannot create the warehouse folder " + file.getParent() + ": " + e.getMessage());
        }
        if (readOnly && !Files.exists(file)) {
            throw TributaryException.failed("the warehouse " + file + " does not exist yet: run a pipeline first (tributary run NAME)");
        }
        Properties properties = settings(spec);
        if (readOnly) {
            properties.setProperty("duckdb.read_only", "true");
        }
        long opening = System.nanoTime();
        boolean created = !readOnly && EmptyWarehouse.createAt(file, withHistory);
        Connection connection;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:" + file, properties);
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Could not set lock") || message.contains("Conflicting lock")) {
                throw TributaryException.busy("the warehouse " + file + " is in use by another process " + pidOf(message)
                        + "; DuckDB allows one writer at a time. Wait for that run to finish (or stop it) and try again.");
            }
            throw TributaryException.failed("cannot open the warehouse " + file + ": " + message);
        }
        Warehouse warehouse = new Warehouse(spec, file, connection, readOnly);
        try {
            try (Statement statement = connection.createStatement()) {
                // DuckDB only tracks a query's progress with its progress bar enabled; we poll it, never print it.
                statement.execute("SET enable_progress_bar = true");
                statement.execute("SET enable_progress_bar_print = false");
            }
            if (created) {
                EmptyWarehouse.stamp(connection, withHistory);
            }
            if (!readOnly) {
                Migrations.migrate(warehouse::session, META, Migrations.WAREHOUSE, "the warehouse " + file);
            }
        } catch (SQLException | RuntimeException e) {
            warehouse.close();
            if (e instanceof TributaryException t) {
                throw t;
            }
            throw TributaryException.failed("cannot open the warehouse " + file + ": " + e.getMessage());
        }
        LOG.debug("opening the warehouse {} took {} ms", file, (System.nanoTime() - opening) / 1_000_000);
        return warehouse;
    }

    private static Properties settings(WarehouseSpec spec) {
        Properties properties = new Properties();
        if (spec.memoryLimit() != null) {
            properties.setProperty("memory_limit", spec.memoryLimit());
        }
        if (spec.threads() != null) {
            properties.setProperty("threads", String.valueOf(spec.threads()));
        }
        return properties;
    }

    private static String pidOf(String message) {
        int at = message.indexOf("PID ");
        if (at < 0) {
            return "";
        }
        int end = at + 4;
        while (end < message.length() && Character.isDigit(message.charAt(end))) {
            end++;
        }
        return "(" + message.substring(at, end) + ")";
    }

    /** How the runs of this process share this DuckDB instance. */
    public EngineSharing sharing() {
        return sharing;
    }

    /**
     * A new connection to the warehouse for one run or one reader, with its own transactions and
     * session settings; the caller closes it. Connections of one process share the open database.
     */
    public Connection session() throws SQLException {
        return connection.unwrap(DuckDBConnection.class).duplicate();
    }

    /**
     * A DuckDB database of its own, in memory, for a run whose rows only pass through DuckDB on their
     * way to a destination database: what that run tunes (one thread for the export into a pipe,
     * blocking writes) is seen by nothing else, and its rows never cost the warehouse file's
     * compression. It shares the warehouse's memory limit with the warehouse's instance and the other
     * private engines ({@link MemoryBudget}) and spills to {@code .tributary/tmp} past its share.
     */
    public PrivateEngine privateEngine() throws SQLException {
        Path spill = path.getParent().resolve("tmp");
        try {
            Files.createDirectories(spill);
        } catch (IOException e) {
            throw new SQLException("cannot create " + spill + ": " + e.getMessage(), e);
        }
        MemoryBudget.Member member = budget().join(limit -> {
            Properties properties = settings(spec);
            properties.setProperty("memory_limit", limit + "B");
            properties.setProperty("temp_directory", spill.toString());
            Connection engine = DriverManager.getConnection("jdbc:duckdb:", properties);
            try (Statement statement = engine.createStatement()) {
                statement.execute("SET enable_progress_bar = true");
                statement.execute("SET enable_progress_bar_print = false");
                // the staging schema, named as in the warehouse so messages read the same
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident("main"));
            } catch (SQLException e) {
                engine.close();
                throw e;
            }
            return engine;
        });
        return new PrivateEngine(member);
    }

    /** The budget, made when the first private engine opens: runs into the warehouse alone never need it. */
    private synchronized MemoryBudget budget() throws SQLException {
        if (budget == null) {
            Connection control = session();
            try {
                budget = new MemoryBudget(control, MemoryBudget.configured(spec.memoryLimit(), control));
            } catch (SQLException | RuntimeException e) {
                control.close();
                throw e;
            }
        }
        return budget;
    }

    /** A run's private DuckDB instance ({@link #privateEngine()}); closing it gives its memory back. */
    public final class PrivateEngine implements AutoCloseable {
        private final MemoryBudget.Member member;

        private PrivateEngine(MemoryBudget.Member member) {
            this.member = member;
        }

        /** The instance's connection: the run's to use, and to close only by closing this. */
        public Connection connection() {
            return member.engine();
        }

        @Override
        public void close() throws SQLException {
            try {
                member.engine().close();
            } finally {
                budget.leave(member);
            }
        }
    }

    /** The connection that opened the warehouse; prefer a {@link #session()} for work of one's own. */
    public Connection connection() {
        return connection;
    }

    public Path path() {
        return path;
    }

    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public void close() {
        long closing = System.nanoTime();
        try {
            synchronized (this) {
                if (budget != null) {
                    budget.close();
                }
            }
            connection.close();
            LOG.debug("closing the warehouse took {} ms", (System.nanoTime() - closing) / 1_000_000);
        } catch (SQLException e) {
            throw TributaryException.failed("closing the warehouse " + path + " failed: " + e.getMessage());
        }
    }
}
