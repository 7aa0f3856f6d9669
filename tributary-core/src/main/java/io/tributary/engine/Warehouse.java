package io.tributary.engine;

import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.spec.WarehouseSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The embedded DuckDB warehouse file: the default destination and the processing engine of every
 * run. Holds one connection; DuckDB allows one writing process per file, so a second Tributary
 * process gets a clear "in use" error instead of waiting.
 */
public final class Warehouse implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Warehouse.class);
    /** Schema of Tributary's own tables: runs, state, loads, rejected_rows. */
    public static final String META = "_tributary";
    /** Prefix of staging tables; leftovers of a killed run are dropped by the next run. */
    public static final String STAGE_PREFIX = "_tributary_stage_";

    private final Path path;
    private final Connection connection;

    private Warehouse(Path path, Connection connection) {
        this.path = path;
        this.connection = connection;
    }

    public static Warehouse open(WarehouseSpec spec) {
        return open(spec, false);
    }

    public static Warehouse open(WarehouseSpec spec, boolean readOnly) {
        Path file = spec.path().toAbsolutePath().normalize();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new TributaryException(ExitCode.RUN_FAILED, "cannot create the warehouse folder " + file.getParent() + ": " + e.getMessage());
        }
        if (readOnly && !Files.exists(file)) {
            throw new TributaryException(ExitCode.RUN_FAILED, "the warehouse " + file + " does not exist yet: run a pipeline first (tributary run NAME)");
        }
        Properties properties = new Properties();
        if (spec.memoryLimit() != null) {
            properties.setProperty("memory_limit", spec.memoryLimit());
        }
        if (spec.threads() != null) {
            properties.setProperty("threads", String.valueOf(spec.threads()));
        }
        if (readOnly) {
            properties.setProperty("duckdb.read_only", "true");
        }
        long opening = System.nanoTime();
        try {
            Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file, properties);
            Warehouse warehouse = new Warehouse(file, connection);
            LOG.debug("connecting took {} ms", (System.nanoTime() - opening) / 1_000_000);
            try (Statement statement = connection.createStatement()) {
                // DuckDB only tracks a query's progress with its progress bar enabled; we poll it, never print it.
                statement.execute("SET enable_progress_bar = true");
                statement.execute("SET enable_progress_bar_print = false");
            }
            if (!readOnly) {
                warehouse.createMetadata();
            }
            LOG.debug("opening the warehouse {} took {} ms", file, (System.nanoTime() - opening) / 1_000_000);
            return warehouse;
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("Could not set lock") || message.contains("Conflicting lock")) {
                throw new TributaryException(ExitCode.RUN_FAILED, "the warehouse " + file + " is in use by another process "
                        + pidOf(message) + "; DuckDB allows one writer at a time. Wait for that run to finish (or stop it) and try again.");
            }
            throw new TributaryException(ExitCode.RUN_FAILED, "cannot open the warehouse " + file + ": " + message, e);
        }
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

    private void createMetadata() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + META);
            statement.execute("CREATE TABLE IF NOT EXISTS " + META + ".runs (run_id BIGINT, pipeline VARCHAR, "
                    + "started_at TIMESTAMP, ended_at TIMESTAMP, status VARCHAR, rows_read BIGINT, rows_loaded BIGINT, "
                    + "rows_rejected BIGINT, bytes_read BIGINT, units_loaded BIGINT, target VARCHAR, mode VARCHAR, "
                    + "full_refresh BOOLEAN, error VARCHAR)");
            // Added later, so existing warehouses keep their history: the run's process, to tell a run in
            // progress from one whose process was killed (NULL in runs recorded before).
            statement.execute("ALTER TABLE " + META + ".runs ADD COLUMN IF NOT EXISTS owner_pid BIGINT");
            statement.execute("ALTER TABLE " + META + ".runs ADD COLUMN IF NOT EXISTS owner_started_at TIMESTAMP");
            statement.execute("CREATE TABLE IF NOT EXISTS " + META + ".state (pipeline VARCHAR, unit VARCHAR, "
                    + "value VARCHAR, run_id BIGINT, updated_at TIMESTAMP)");
            statement.execute("CREATE TABLE IF NOT EXISTS " + META + ".loads (run_id BIGINT, pipeline VARCHAR, "
                    + "target VARCHAR, mode VARCHAR, units BIGINT, rows_loaded BIGINT, committed_at TIMESTAMP)");
            statement.execute("CREATE TABLE IF NOT EXISTS " + META + ".rejected_rows (run_id BIGINT, pipeline VARCHAR, "
                    + "unit VARCHAR, line BIGINT, column_name VARCHAR, raw VARCHAR, reason VARCHAR, rejected_at TIMESTAMP)");
            // Added later, so existing warehouses keep their history: blank lines of CSV files, skipped (0 in runs before).
            statement.execute("ALTER TABLE " + META + ".runs ADD COLUMN IF NOT EXISTS skipped_blank BIGINT DEFAULT 0");
        }
    }

    public Connection connection() {
        return connection;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        long closing = System.nanoTime();
        try {
            connection.close();
            LOG.debug("closing the warehouse took {} ms", (System.nanoTime() - closing) / 1_000_000);
        } catch (SQLException e) {
            throw new TributaryException(ExitCode.RUN_FAILED, "closing the warehouse " + path + " failed: " + e.getMessage(), e);
        }
    }
}
