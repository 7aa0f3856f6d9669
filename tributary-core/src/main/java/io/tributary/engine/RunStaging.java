package io.tributary.engine;

import io.tributary.sql.Sql;
import io.tributary.warehouse.Warehouse;
import io.tributary.warehouse.WarehouseRejects;

import io.tributary.spi.RejectSink;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
import io.tributary.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;

/**
 * One run's staging area: staging tables, progress, rejects, source warnings. The tables sit beside
 * the target table when the run publishes into the warehouse (publishing one is a rename), and in the
 * run's private in-memory DuckDB when it publishes into a destination database
 * ({@link Warehouse#privateEngine()}). Its tables are named for the run, so only the run drops them.
 */
final class RunStaging implements Staging, AutoCloseable {
    private final Connection connection;
    private final long runId;
    private final String pipeline;
    /** The database the staging tables are in, or null for the connection's default. */
    private final String catalog;
    private final String schema;
    private final RunListener listener;
    private final WarehouseRejects rejects;
    private final List<TableRef> created = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /**
     * @param connection the run's own connection: a warehouse session (staging beside the target
     *                   table, in {@code schema}) or a private engine (in its {@code main} schema)
     */
    private final java.util.function.Supplier<EngineLease> engine;

    RunStaging(Connection connection, String catalog, String schema, long runId, String pipeline, RunListener listener,
               WarehouseRejects rejects, java.util.function.Supplier<EngineLease> engine) {
        this.connection = connection;
        this.engine = engine;
        this.catalog = catalog;
        this.schema = schema;
        this.runId = runId;
        this.pipeline = pipeline;
        this.listener = listener;
        this.rejects = rejects;
    }

    @Override
    public EngineLease engineToItself() {
        return engine.get();
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public TableRef newTable() {
        TableRef table = new TableRef(catalog, schema, Warehouse.STAGE_PREFIX + runId + "_" + created.size());
        created.add(table);
        return table;
    }

    @Override
    public void execute(String sql, String label) throws SQLException {
        try (DuckDBPreparedStatement statement = connection.prepareStatement(sql).unwrap(DuckDBPreparedStatement.class)) {
            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "progress");
                thread.setDaemon(true);
                return thread;
            });
            ScheduledFuture<?> polling = poller.scheduleAtFixedRate(() -> report(statement, label), 500, 500, TimeUnit.MILLISECONDS);
            try {
                statement.execute();
            } finally {
                polling.cancel(false);
                poller.shutdownNow();
            }
        }
    }

    private void report(DuckDBPreparedStatement statement, String label) {
        try {
            QueryProgress progress = statement.getQueryProgress();
            if (progress != null && progress.getPercentage() >= 0) {
                listener.progress(label, progress.getRowsProcessed(), progress.getPercentage());
            }
        } catch (SQLException | RuntimeException e) {
            // progress is best effort: the statement may have just finished
        }
    }

    @Override
    public void progress(String label, long rows) {
        listener.progress(label, rows, -1);
    }

    @Override
    public RejectSink rejects() {
        return rejects;
    }

    @Override
    public void warn(String warning) {
        warnings.add(warning);
    }

    /** The warnings sources gave since the last call, for the run's warnings. */
    List<String> takeWarnings() {
        List<String> taken = List.copyOf(warnings);
        warnings.clear();
        return taken;
    }

    WarehouseRejects warehouseRejects() {
        return rejects;
    }

    @Override
    public long runId() {
        return runId;
    }

    @Override
    public String pipeline() {
        return pipeline;
    }

    /** Drops every staging table this run created and still exists (renamed ones are gone already), on {@code on}. */
    void dropTables(Connection on) throws SQLException {
        try (Statement statement = on.createStatement()) {
            for (TableRef table : created) {
                statement.execute("DROP TABLE IF EXISTS " + table.quoted());
            }
        }
    }

    void dropTables() throws SQLException {
        dropTables(connection);
    }

    @Override
    public void close() throws SQLException {
        rejects.close();
    }
}
