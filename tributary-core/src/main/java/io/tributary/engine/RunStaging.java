package io.tributary.engine;

import io.tributary.spi.RejectSink;
import io.tributary.spi.Staging;
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
 * One run's staging area: staging tables, progress, rejects. The tables sit beside the target table
 * when the run publishes into the warehouse (publishing one is a rename), and in an in-memory DuckDB
 * database when it publishes into a destination database (see {@link #IN_MEMORY}).
 */
final class RunStaging implements Staging, AutoCloseable {
    private final Connection connection;
    private final long runId;
    private final String pipeline;
    /**
     * The catalog a run that publishes elsewhere stages in. Its rows only pass through DuckDB (read,
     * transformed, checked, exported), so writing them into the warehouse file would only cost time:
     * DuckDB compresses every block it writes to a file (a third of the read time for a 5M-row CSV).
     * It is memory, spilled to DuckDB's temporary folder past {@code memory_limit} like any query.
     */
    static final String IN_MEMORY = "_tributary_run";

    /** Quoted and qualified: {@code "schema"} or {@code "catalog"."schema"}. */
    private final String namespace;
    private final RunListener listener;
    private final WarehouseRejects rejects;
    private final List<String> created = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** Stages beside the target table, in the warehouse's schema {@code schema}. */
    static RunStaging inWarehouse(Connection connection, long runId, String pipeline, String schema, RunListener listener) {
        return new RunStaging(connection, runId, pipeline, Sql.ident(schema), listener);
    }

    /** Stages in the in-memory catalog {@link #IN_MEMORY}, attached on first use. */
    static RunStaging inMemory(Connection connection, long runId, String pipeline, RunListener listener) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ATTACH IF NOT EXISTS ':memory:' AS " + Sql.ident(IN_MEMORY));
        }
        return new RunStaging(connection, runId, pipeline, Sql.ident(IN_MEMORY) + "." + Sql.ident("main"), listener);
    }

    private RunStaging(Connection connection, long runId, String pipeline, String namespace, RunListener listener) {
        this.connection = connection;
        this.runId = runId;
        this.pipeline = pipeline;
        this.namespace = namespace;
        this.listener = listener;
        this.rejects = new WarehouseRejects(connection, runId, pipeline);
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public String newTable() {
        String name = namespace + "." + Sql.ident(Warehouse.STAGE_PREFIX + runId + "_" + created.size());
        created.add(name);
        return name;
    }

    List<String> createdTables() {
        return created;
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

    /** Drops every staging table this run created and still exists (renamed ones are gone already). */
    void dropTables() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : created) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        rejects.close();
    }
}
