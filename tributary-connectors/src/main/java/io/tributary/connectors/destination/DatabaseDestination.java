package io.tributary.connectors.destination;

import io.tributary.config.Secrets;
import io.tributary.jdbc.Dialect;
import io.tributary.sql.Columns;
import io.tributary.sql.ExactDecimals;
import io.tributary.sql.Sql;
import io.tributary.sql.TypeWidening;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.LoadMode;
import io.tributary.sql.SchemaPolicy;
import io.tributary.spi.TableName;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import io.tributary.spi.PublishRequest;
import io.tributary.spi.TableWrite;
import io.tributary.spi.RunCounts;
import io.tributary.spi.SourceState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;
import org.duckdb.DuckDBConnection;

/**
 * A PostgreSQL or MySQL/MariaDB database as a pipeline's destination. One publish:
 * <ol>
 *   <li>plans every table (existing columns, schema evolution) and refuses an unsafe change before
 *       anything is touched;</li>
 *   <li>bulk-loads each table's rows from DuckDB into a staging table {@code _tributary_stage_…} beside
 *       the target (autocommit: a killed run leaves it behind, the next publish drops it);</li>
 *   <li>commits data, state and load records in one transaction ({@link #commit}, per database).</li>
 * </ol>
 */
abstract class DatabaseDestination implements Destination {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatabaseDestination.class);
    static final String STAGE_PREFIX = "_tributary_stage_";
    static final String META = "_tributary";

    final ConnectionSpec spec;
    final Connection connection;
    final Dialect dialect;
    final DestinationTypes types;
    /** Pipelines {@link #recover} already ran for on this connection: the run's publish need not repeat it. */
    private final Set<String> recovered = new HashSet<>();
    private String step = "connecting";
    private TableName stepTable;
    private boolean closed;

    DatabaseDestination(ConnectionSpec spec, Connection connection, Dialect dialect, DestinationTypes types) {
        this.spec = spec;
        this.connection = connection;
        this.dialect = dialect;
        this.types = types;
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
            dropLeftoverStages(pipeline);
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
        List<TablePlan> plans = new ArrayList<>();
        try {
            for (int i = 0; i < publication.tables().size(); i++) {
                plans.add(plan(publication, i));
            }
            for (TablePlan plan : plans) {
                long began = System.nanoTime();
                stage(plan, publication.engine());
                LOG.debug("{}: {} rows staged in {} ms", display(plan.target), plan.staged, (System.nanoTime() - began) / 1_000_000);
            }
            for (TablePlan plan : plans) {
                warn(plan, publication.warnings());
            }
            long began = System.nanoTime();
            long written = commit(publication, plans);
            LOG.debug("committed in {} ms", (System.nanoTime() - began) / 1_000_000);
            return written;
        } catch (SQLException | IOException e) {
            rollbackQuietly();
            throw failure(e);
        } finally {
            dropStagesQuietly(plans);
        }
    }

    // ------------------------------------------------------------------ planning

    private TablePlan plan(PublishRequest publication, int index) throws SQLException, DestinationException {
        TableWrite table = publication.tables().get(index);
        TableName target = resolve(table.target());
        step("reading the columns", target);
        Map<String, String> existing = existingColumns(target);
        Map<String, String> incoming = new LinkedHashMap<>();
        table.columns().forEach((name, type) -> incoming.put(name, types.canonical(type)));
        boolean rebuild = existing == null || table.mode() == LoadMode.REPLACE || publication.rebuild();
        TableName stage = new TableName(target.schema(), stageName(publication.pipeline(), publication.runId(), index));
        TablePlan plan = new TablePlan(table, target, rebuild, incoming, stage);
        if (!rebuild) {
            evolve(plan, existing, table.schema(), publication.engine());
            if (table.replacesGroups() && table.groups() != null) {
                Map<String, String> duckTypes = Columns.of(publication.engine(), table.groups());
                Map<String, String> canonical = new LinkedHashMap<>();
                duckTypes.forEach((name, type) -> canonical.put(name, types.canonical(type)));
                plan.groups = new TablePlan.Load(new TableName(target.schema(), stage.name() + "_g"), table.groups(), null, duckTypes, canonical);
            }
        }
        return plan;
    }

    /** The same decisions and messages as the warehouse's {@code Publisher.evolve}, on canonical DuckDB types. */
    private void evolve(TablePlan plan, Map<String, String> existing, SchemaPolicy policy, Connection engine)
            throws DestinationException, SQLException {
        String target = display(plan.target);
        for (Map.Entry<String, String> column : plan.incoming.entrySet()) {
            String name = column.getKey();
            String type = column.getValue();
            String current = existing.get(name);
            if (current == null) {
                if (!policy.evolve()) {
                    throw refused("the data has a new column " + name + " " + type + " that table " + target
                            + " does not have, and load.schema.evolve is false. Nothing was published. Add the column to the table, "
                            + "drop it in transform (drop: [" + name + "]), or set load.schema.evolve: true.");
                }
                plan.changes.add(new TablePlan.ColumnChange(name, null, type));
                continue;
            }
            String widened = TypeWidening.widen(current, type, policy,
                    () -> ExactDecimals.ofDoubles(engine, plan.table.rows(), Sql.ident(name)).smallest());
            if (widened == null) {
                throw refused(TypeWidening.refusal(target, name, current, type));
            }
            widened = types.canonical(widened);
            if (TypeWidening.needsDecimalForm(type, widened)) {
                // DOUBLE values loaded as their shortest decimal text into a DECIMAL staging column:
                // the database parses that text exactly, where its own double-to-numeric cast rounds
                plan.stageAs(name, widened);
            }
            if (!widened.equals(current)) {
                if (!policy.evolve()) {
                    throw refused("column " + name + " of table " + target + " would need to change from " + current
                            + " to " + widened + ", and load.schema.evolve is false. Nothing was published.");
                }
                plan.changes.add(new TablePlan.ColumnChange(name, current, widened));
            }
        }
    }

    private void warn(TablePlan plan, List<String> warnings) {
        String target = display(plan.target);
        for (TablePlan.ColumnChange change : plan.changes) {
            warnings.add(change.from() == null
                    ? "table " + target + ": added column " + change.column() + " " + change.to() + " (earlier rows have NULL)"
                    : "table " + target + ": widened column " + change.column() + " from " + change.from() + " to " + change.to());
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

    /** {@code SELECT} over the run's rows in DuckDB, each column rendered for this destination's loader. */
    String exportQuery(TablePlan.Load load) {
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
    interface CsvLoader {
        long load(Path csv) throws SQLException, IOException;
    }

    /**
     * Exports the run's rows as CSV and loads them with {@code loader}, checking that every row
     * arrived. Where the system has {@code mkfifo}, DuckDB writes into a named pipe while the
     * database reads from it, so exporting and loading overlap instead of taking turns (and no copy
     * of the data lands on disk); elsewhere through a temporary file.
     */
    long exportAndLoad(Connection engine, TablePlan.Load load, Path folder, String options, CsvLoader loader)
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
    long exportAndLoad(Connection engine, TablePlan.Load load, Path folder, String options, CsvLoader loader,
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

    private void dropLeftoverStages(String pipeline) throws SQLException {
        String prefix = STAGE_PREFIX + pipelineTag(pipeline) + "_";
        List<TableName> leftovers = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT table_schema, table_name FROM information_schema.tables "
                + "WHERE table_type = 'BASE TABLE' AND left(table_name, ?) = ?")) {
            query.setInt(1, prefix.length());
            query.setString(2, prefix);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    leftovers.add(new TableName(rs.getString(1), rs.getString(2)));
                }
            }
        }
        for (TableName leftover : leftovers) {
            execute("DROP TABLE IF EXISTS " + dialect.table(leftover));
        }
    }

    private void dropStagesQuietly(List<TablePlan> plans) {
        for (TablePlan plan : plans) {
            if (plan.stageCreated) {
                try {
                    if (plan.groups != null) {
                        execute("DROP TABLE IF EXISTS " + dialect.table(plan.groups.stage()));
                    }
                    if (!plan.stageHandedOver) {
                        execute("DROP TABLE IF EXISTS " + dialect.table(plan.stage));
                    }
                } catch (SQLException ignored) {
                    // the next publish drops it (dropLeftoverStages); the run's own error matters more
                }
            }
        }
    }

    /**
     * {@code _tributary_stage_<pipeline tag>_<run>_<table>}: the tag (8 hex digits of the pipeline
     * name's SHA-256) lets a publish drop its own pipeline's leftovers without touching the staging
     * tables of another pipeline publishing at the same time, and keeps names within 64 characters.
     */
    static String stageName(String pipeline, long runId, int index) {
        return STAGE_PREFIX + pipelineTag(pipeline) + "_" + runId + "_" + index;
    }

    static String pipelineTag(String pipeline) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(pipeline.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ the transaction's parts

    /** Applies the plan's rows to an existing target (append, merge, group replacement). Returns rows written. */
    long applyRows(TablePlan plan) throws SQLException {
        String columns = plan.columns().stream().map(dialect::ident).collect(Collectors.joining(", "));
        if (plan.deletesMatchingKeys()) {
            step("deleting the rows whose key is among the new rows", plan.target);
            execute(deleteMatchingKeys(plan));
        }
        step(plan.table.mode() == LoadMode.APPEND ? "appending the new rows" : "inserting the new rows", plan.target);
        return update("INSERT INTO " + dialect.table(plan.target) + " (" + columns + ") SELECT " + columns + " FROM " + dialect.table(plan.stage));
    }

    /** Replaces the state entries of the run's units (all of the pipeline's when {@code resetState}). */
    void writeState(PublishRequest publication) throws SQLException {
        step("writing the state of pipeline " + publication.pipeline(), null);
        String table = dialect.table(metaTable("state"));
        if (publication.resetState()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE pipeline = ?")) {
                delete.setString(1, publication.pipeline());
                delete.executeUpdate();
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE pipeline = ? AND unit = ?");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                     + " (pipeline, unit, value, run_id, updated_at) VALUES (?, ?, ?, ?, " + now() + ")")) {
            for (Map.Entry<String, String> entry : publication.state().entrySet()) {
                delete.setString(1, publication.pipeline());
                delete.setString(2, entry.getKey());
                delete.addBatch();
                insert.setString(1, publication.pipeline());
                insert.setString(2, entry.getKey());
                insert.setString(3, entry.getValue());
                insert.setLong(4, publication.runId());
                insert.addBatch();
            }
            if (!publication.state().isEmpty()) {
                delete.executeBatch();
                insert.executeBatch();
            }
        }
    }

    /**
     * One load record per table, each with the run's counts: the run history is reconciled from them
     * ({@link #lastCommit}) when the process stopped between this commit and the history's.
     */
    void writeLoads(PublishRequest publication, List<TablePlan> plans, Map<TablePlan, Long> rows) throws SQLException {
        step("recording the load in " + metaTable("loads"), null);
        RunCounts counts = publication.counts();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + dialect.table(metaTable("loads"))
                + " (run_id, pipeline, target, mode, rows_loaded, loaded_at, rows_read, rows_rejected, bytes_read, units, skipped_blank)"
                + " VALUES (?, ?, ?, ?, ?, " + now() + ", ?, ?, ?, ?, ?)")) {
            for (TablePlan plan : plans) {
                insert.setLong(1, publication.runId());
                insert.setString(2, publication.pipeline());
                insert.setString(3, display(plan.target));
                insert.setString(4, plan.table.mode().yamlName());
                insert.setLong(5, rows.get(plan));
                insert.setLong(6, counts.read());
                insert.setLong(7, counts.rejected());
                insert.setLong(8, counts.bytes());
                insert.setInt(9, counts.units());
                insert.setLong(10, counts.skippedBlank());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Adds the count columns to a load-record table made before load records kept counts. */
    void addCountColumns() throws SQLException {
        Map<String, String> existing = existingColumns(metaTable("loads"));
        for (String column : List.of("rows_read", "rows_rejected", "bytes_read", "units", "skipped_blank")) {
            if (existing != null && !existing.containsKey(column)) {
                execute("ALTER TABLE " + dialect.table(metaTable("loads")) + " ADD COLUMN " + column + " BIGINT");
            }
        }
    }

    @Override
    public Optional<CommittedRun> lastCommit(String pipeline) throws DestinationException {
        try {
            step("reading the last load record of pipeline " + pipeline, null);
            prepare(pipeline);
            // A record written before load records kept counts gives its table's rows as both read and loaded.
            try (PreparedStatement query = connection.prepareStatement("SELECT run_id, coalesce(rows_read, rows_loaded), "
                    + "coalesce(rows_read - rows_rejected, rows_loaded), coalesce(rows_rejected, 0), coalesce(bytes_read, 0), "
                    + "coalesce(units, 0), coalesce(skipped_blank, 0) FROM " + dialect.table(metaTable("loads"))
                    + " WHERE pipeline = ? ORDER BY run_id DESC")) {
                query.setString(1, pipeline);
                query.setMaxRows(1);
                try (ResultSet rs = query.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new CommittedRun(rs.getLong(1), new RunCounts(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getInt(6), rs.getLong(7))));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    SourceState readStateTable(String pipeline) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT unit, value FROM "
                + dialect.table(metaTable("state")) + " WHERE pipeline = ?")) {
            query.setString(1, pipeline);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return new SourceState(values);
    }

    String keyColumnsDdl(TablePlan plan) {
        return plan.table.key().stream().map(dialect::ident).collect(Collectors.joining(", "));
    }

    // ------------------------------------------------------------------ per database

    /** Where a pipeline's table lands: {@code main} (the default schema) means the database's default. */
    abstract TableName resolve(TableName table);

    /** A query with parameters (schema, table) yielding each column's name and destination type, in order. */
    abstract String columnsQuery();

    /** The table's columns as canonical DuckDB types, or null when it does not exist. */
    final Map<String, String> existingColumns(TableName table) throws SQLException {
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

    abstract SourceState readState(String pipeline) throws SQLException;

    /** Creates Tributary's own tables if missing (and finishes interrupted work, where that exists). */
    abstract void prepare(String pipeline) throws SQLException;

    abstract void createSchema(String schema) throws SQLException;

    abstract String tableOptions();

    /** Loads a DuckDB relation into its (existing, empty) staging table; returns the rows loaded. */
    abstract long bulkLoad(TablePlan.Load load, Connection engine, Path folder) throws SQLException, IOException;

    abstract void createKeyIndex(TablePlan plan) throws SQLException;

    void afterStaging(TablePlan plan) throws SQLException {}

    /** A failed load of the plan's rows, explained where the database's own message does not name the value and the row. */
    SQLException explainRefusal(SQLException failure, Connection engine, TablePlan plan) {
        return failure;
    }

    abstract String deleteMatchingKeys(TablePlan plan);

    /** The publish transaction: schema changes, rows, state and load records. Returns the rows written. */
    abstract long commit(PublishRequest publication, List<TablePlan> plans) throws SQLException;

    /**
     * Where Tributary's own table {@code name} (state, loads, swaps) lives in this destination: in
     * the database the connection names, so two projects loading into different databases of one
     * server never share state.
     */
    abstract TableName metaTable(String name);

    abstract String now();

    // ------------------------------------------------------------------ helpers

    String display(TableName table) {
        return table.schema() + "." + table.name();
    }

    void step(String what, TableName table) {
        this.step = what;
        this.stepTable = table;
    }

    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    long update(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeLargeUpdate(sql);
        }
    }

    boolean tableExists(TableName table) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM information_schema.tables "
                + "WHERE table_schema = ? AND table_name = ?")) {
            query.setString(1, table.schema());
            query.setString(2, table.name());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    void rollbackQuietly() {
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
    DestinationException failure(Exception e) {
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
