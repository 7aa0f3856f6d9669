package io.tributary.connectors.destination;

import io.tributary.config.Secrets;
import io.tributary.jdbc.Dialect;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.LoadMode;
import io.tributary.spi.TableName;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import io.tributary.spi.PublishRequest;
import io.tributary.spi.SourceState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A PostgreSQL or MySQL/MariaDB database as a pipeline's destination. One publish:
 * <ol>
 *   <li>plans every table ({@link TablePlanner}: existing columns, schema evolution) and refuses an
 *       unsafe change before anything is touched;</li>
 *   <li>bulk-loads each table's rows from DuckDB into a staging table {@code _tributary_stage_…} beside
 *       the target (autocommit: a killed run leaves it behind, the next publish drops it);</li>
 *   <li>commits data, state and load records in one transaction ({@link #commit}, per database).</li>
 * </ol>
 * What differs per database is in a subclass, one package per database.
 */
public abstract class DatabaseDestination implements Destination {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatabaseDestination.class);
    protected static final String META = "_tributary";

    protected final ConnectionSpec spec;
    protected final Connection connection;
    protected final Dialect dialect;
    protected final DestinationTypes types;
    protected final CsvExport export;
    private final StagingTables stages;
    private final LoadRecords records;
    private final TablePlanner planner;
    /** Pipelines {@link #recover} already ran for on this connection: the run's publish need not repeat it. */
    private final Set<String> recovered = new HashSet<>();
    private String step = "connecting";
    private TableName stepTable;
    private boolean closed;

    protected DatabaseDestination(ConnectionSpec spec, Connection connection, Dialect dialect, DestinationTypes types) {
        this.spec = spec;
        this.connection = connection;
        this.dialect = dialect;
        this.types = types;
        this.export = new CsvExport(types);
        this.stages = new StagingTables(connection, dialect);
        this.records = new LoadRecords(connection, dialect, this::metaTable, this::now, this::display, this::step);
        this.planner = new TablePlanner(types, this::resolve, this::existingColumns, this::display, this::step, this::refused);
    }

    @Override
    public String describe() {
        return spec.describe();
    }

    @Override
    public void recover(String pipeline) throws DestinationException {
        try {
            step("preparing Tributary's tables (" + metaTable("state") + ")", null);
            prepare(pipeline);
            step("dropping staging tables left by an earlier run", null);
            stages.dropLeftovers(pipeline);
            recovered.add(pipeline);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public SourceState state(String pipeline) throws DestinationException {
        try {
            step("reading the state of pipeline " + pipeline, null);
            return readState(pipeline);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    @Override
    public long publish(PublishRequest publication) throws DestinationException {
        if (!recovered.contains(publication.pipeline())) {
            recover(publication.pipeline());
        }
        List<TablePlan> plans = List.of();
        try {
            plans = planner.plan(publication);
            for (TablePlan plan : plans) {
                long began = System.nanoTime();
                stage(plan, publication.engine());
                LOG.debug("{}: {} rows staged in {} ms", display(plan.target), plan.staged, (System.nanoTime() - began) / 1_000_000);
            }
            planner.warn(plans, publication.warnings());
            long began = System.nanoTime();
            long written = commit(publication, plans);
            LOG.debug("committed in {} ms", (System.nanoTime() - began) / 1_000_000);
            return written;
        } catch (SQLException | IOException e) {
            rollbackQuietly();
            throw failure(e);
        } finally {
            stages.dropQuietly(plans);
        }
    }

    // ------------------------------------------------------------------ staging

    private void stage(TablePlan plan, Connection engine) throws SQLException, IOException {
        step("creating the schema", plan.target);
        createSchema(plan.target.schema());
        plan.stageCreated = true;
        step("loading rows into the staging table", plan.target);
        try {
            plan.staged = stage(plan.rows, engine);
        } catch (SQLException e) {
            throw explainRefusal(e, engine, plan);
        }
        if (plan.groups != null) {
            step("loading the replaced groups' keys into a staging table", plan.target);
            stage(plan.groups, engine);
        }
        if (plan.rebuild && plan.deletesMatchingKeys()) {
            step("indexing the merge key", plan.target);
            createKeyIndex(plan);
        }
        afterStaging(plan);
    }

    /** Creates a staging table for a DuckDB relation and bulk-loads it; returns the rows loaded. */
    private long stage(TablePlan.Load load, Connection engine) throws SQLException, IOException {
        String columns = load.canonical().entrySet().stream()
                .map(c -> dialect.ident(c.getKey()) + " " + types.ddl(c.getValue()))
                .collect(Collectors.joining(", "));
        execute("CREATE TABLE " + dialect.table(load.stage()) + " (" + columns + ")" + tableOptions());
        Path folder = Files.createTempDirectory("tributary-dest");
        try {
            return bulkLoad(load, engine, folder);
        } finally {
            try (var files = Files.list(folder)) {
                for (Path file : files.collect(Collectors.toList())) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(folder);
        }
    }

    // ------------------------------------------------------------------ the transaction's parts

    /** Applies the plan's rows to an existing target (append, merge, group replacement). Returns rows written. */
    protected long applyRows(TablePlan plan) throws SQLException {
        String columns = plan.columns().stream().map(dialect::ident).collect(Collectors.joining(", "));
        if (plan.deletesMatchingKeys()) {
            step("deleting the rows whose key is among the new rows", plan.target);
            execute(deleteMatchingKeys(plan));
        }
        step(plan.table.mode() == LoadMode.APPEND ? "appending the new rows" : "inserting the new rows", plan.target);
        return update("INSERT INTO " + dialect.table(plan.target) + " (" + columns + ") SELECT " + columns + " FROM " + dialect.table(plan.stage));
    }

    @Override
    public Optional<CommittedRun> lastCommit(String pipeline) throws DestinationException {
        try {
            step("reading the last load record of pipeline " + pipeline, null);
            prepare(pipeline);
            return records.lastCommit(pipeline);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    protected String keyColumnsDdl(TablePlan plan) {
        return plan.table.key().stream().map(dialect::ident).collect(Collectors.joining(", "));
    }

    // ------------------------------------------------------------------ per database

    /** Where a pipeline's table lands: {@code main} (the default schema) means the database's default. */
    protected abstract TableName resolve(TableName table);

    /** A query with parameters (schema, table) yielding each column's name and destination type, in order. */
    protected abstract String columnsQuery();

    /** The table's columns as canonical DuckDB types, or null when it does not exist. */
    protected final Map<String, String> existingColumns(TableName table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement(columnsQuery())) {
            query.setString(1, table.schema());
            query.setString(2, table.name());
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    columns.put(rs.getString(1), types.fromDestination(rs.getString(2)));
                }
            }
        }
        return columns.isEmpty() ? null : columns;
    }

    protected abstract SourceState readState(String pipeline) throws SQLException;

    /** Creates Tributary's own tables if missing (and finishes interrupted work, where that exists). */
    protected abstract void prepare(String pipeline) throws SQLException;

    protected abstract void createSchema(String schema) throws SQLException;

    protected abstract String tableOptions();

    /** Loads a DuckDB relation into its (existing, empty) staging table; returns the rows loaded. */
    protected abstract long bulkLoad(TablePlan.Load load, Connection engine, Path folder) throws SQLException, IOException;

    protected abstract void createKeyIndex(TablePlan plan) throws SQLException;

    protected void afterStaging(TablePlan plan) throws SQLException {}

    /** A failed load of the plan's rows, explained where the database's own message does not name the value and the row. */
    protected SQLException explainRefusal(SQLException failure, Connection engine, TablePlan plan) {
        return failure;
    }

    protected abstract String deleteMatchingKeys(TablePlan plan);

    /** The publish transaction: schema changes, rows, state and load records. Returns the rows written. */
    protected abstract long commit(PublishRequest publication, List<TablePlan> plans) throws SQLException;

    /**
     * Where Tributary's own table {@code name} (state, loads, swaps) lives in this destination: in
     * the database the connection names, so two projects loading into different databases of one
     * server never share state.
     */
    protected abstract TableName metaTable(String name);

    protected abstract String now();

    // ------------------------------------------------------------------ Tributary's own tables

    /** The pipeline's source state as committed in this database (its state table exists). */
    protected final SourceState storedState(String pipeline) throws SQLException {
        return records.readState(pipeline);
    }

    /** Adds the count columns to a load-record table made before load records kept counts. */
    protected final void addLoadCountColumns() throws SQLException {
        records.addCountColumns(existingColumns(metaTable("loads")));
    }

    /** Inside the publish transaction: the run's state and a load record per table with the rows written to it. */
    protected final void writeRecords(PublishRequest publication, List<TablePlan> plans, Map<TablePlan, Long> rows) throws SQLException {
        records.writeState(publication);
        records.writeLoads(publication, plans, rows);
    }

    // ------------------------------------------------------------------ helpers

    protected String display(TableName table) {
        return table.schema() + "." + table.name();
    }

    protected void step(String what, TableName table) {
        this.step = what;
        this.stepTable = table;
    }

    protected void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    protected long update(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeLargeUpdate(sql);
        }
    }

    protected boolean tableExists(TableName table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM information_schema.tables "
                + "WHERE table_schema = ? AND table_name = ?")) {
            query.setString(1, table.schema());
            query.setString(2, table.name());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    private void rollbackQuietly() {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // the connection is gone: the database rolls the transaction back itself
        }
    }

    private DestinationException refused(String message) {
        return new DestinationException(Secrets.redact(describe() + ": " + message));
    }

    /** Names the destination, the table and what was being done; never holds a secret. */
    private DestinationException failure(Exception e) {
        String reason = e.getMessage() == null ? e.toString() : e.getMessage();
        int newline = reason.indexOf('\n');
        if (newline > 0) {
            reason = reason.substring(0, newline);
        }
        String where = stepTable == null ? "" : " for table " + display(stepTable);
        return new DestinationException(Secrets.redact("destination " + describe() + ": " + step + where + " failed: " + reason), e);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing is pending: every publish commits or rolls back before returning
        }
    }
}
