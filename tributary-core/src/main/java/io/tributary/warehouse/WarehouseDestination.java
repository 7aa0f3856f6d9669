package io.tributary.warehouse;

import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import io.tributary.spi.LoadMode;
import io.tributary.spi.PublishRequest;
import io.tributary.spi.SourceState;
import io.tributary.spi.TableName;
import io.tributary.spi.TableWrite;
import io.tributary.sql.Columns;
import io.tributary.sql.ExactDecimals;
import io.tributary.sql.SchemaPlanner;
import io.tributary.sql.EngineMessages;
import io.tributary.sql.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;
import java.util.stream.Collectors;

/**
 * The embedded DuckDB warehouse as a {@link Destination}: the default one. A publish creates, swaps,
 * appends or merges each table, evolves its columns ({@link SchemaPlanner}), replaces the pipeline's
 * state entries and writes the load record, all in ONE transaction on the run's own connection to
 * the warehouse ({@link PublishRequest#engine()}), where the rows were staged.
 *
 * <p>Runs of different pipelines publish at the same moment on their own connections; DuckDB checks
 * their transactions optimistically. Two that touch the same catalog entry conflict at commit, and
 * the later one is rolled back whole; it is then published again (a few times, with a short pause),
 * which is safe because nothing of it was visible.
 */
public final class WarehouseDestination implements Destination {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WarehouseDestination.class);
    private static final int ATTEMPTS = 5;

    private final Warehouse warehouse;
    private final LongPredicate runningHere;
    /** Pipelines {@link #recover} ran for: a publish without it (a caller that skipped it) recovers first, as a database destination does. */
    private final java.util.Set<String> recovered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** What a publish is doing, for its failure's message: the step and the table. */
    private static final class Step {
        String what = "starting the transaction";
        TableName table;

        void set(String what, TableName table) {
            this.what = what;
            this.table = table;
        }
    }

    /** Work that commits in the publish transaction besides the data (the run's end in the history, dropping staging tables). */
    @FunctionalInterface
    public interface SameTransaction {
        SameTransaction NONE = (connection, warnings) -> { };

        /** @param warnings what this publish adds to the run's warnings (schema changes), not yet in the request's */
        void run(Connection transaction, List<String> warnings) throws SQLException;
    }

    /**
     * @param runningHere whether a run id belongs to a run still going on in this process: its staging
     *                    tables are its own, and recovery leaves them alone
     */
    public WarehouseDestination(Warehouse warehouse, LongPredicate runningHere) {
        this.warehouse = warehouse;
        this.runningHere = runningHere;
    }

    @Override
    public String describe() {
        return "the warehouse " + warehouse.path();
    }

    /**
     * Drops the staging tables of runs that no longer run: a killed run's leftovers. A staging table is
     * named for its run ({@code _tributary_stage_<run>_<n>}), and a run still going on in this process
     * keeps its own. (No other process writes to the warehouse while this one holds it.)
     */
    @Override
    public void recover(String pipeline) throws DestinationException {
        try (Connection connection = warehouse.session()) {
            List<String> leftovers = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name = current_database() "
                         + "AND table_name LIKE '" + Warehouse.STAGE_PREFIX + "%'")) {
                while (rs.next()) {
                    if (!runningHere.test(runOf(rs.getString(2)))) {
                        leftovers.add(Sql.ident(rs.getString(1)) + "." + Sql.ident(rs.getString(2)));
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                for (String table : leftovers) {
                    statement.execute("DROP TABLE IF EXISTS " + table);
                }
            }
            recovered.add(pipeline);
        } catch (SQLException e) {
            throw new DestinationException("cannot drop the staging tables killed runs left in " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** The run a staging table belongs to, from its name; -1 when the name does not say. */
    static long runOf(String stagingTable) {
        String rest = stagingTable.substring(Warehouse.STAGE_PREFIX.length());
        int end = rest.indexOf('_');
        try {
            return Long.parseLong(end < 0 ? rest : rest.substring(0, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public SourceState state(String pipeline) throws DestinationException {
        try (Connection connection = warehouse.session()) {
            return WarehouseTables.state(connection, pipeline);
        } catch (SQLException e) {
            throw new DestinationException("cannot read the state of pipeline " + pipeline + " in " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<CommittedRun> lastCommit(String pipeline) throws DestinationException {
        try (Connection connection = warehouse.session()) {
            return WarehouseTables.lastCommit(connection, pipeline);
        } catch (SQLException e) {
            throw new DestinationException("cannot read the load records of pipeline " + pipeline + " in " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long publish(PublishRequest request) throws DestinationException {
        return publish(request, SameTransaction.NONE);
    }

    /** As {@link #publish(PublishRequest)}, with {@code alsoCommit} in the same transaction. */
    public long publish(PublishRequest request, SameTransaction alsoCommit) throws DestinationException {
        if (!recovered.contains(request.pipeline())) {
            recover(request.pipeline());
        }
        Connection connection = request.engine();
        for (int attempt = 1; ; attempt++) {
            List<String> warnings = new ArrayList<>();
            Step step = new Step();
            try {
                connection.setAutoCommit(false);
                long written = 0;
                try {
                    for (TableWrite table : request.tables()) {
                        long rows = publishTable(connection, table, request.rebuild(), warnings, step);
                        step.set("recording the load in " + Warehouse.META + ".loads", table.target());
                        WarehouseTables.recordLoad(connection, request.runId(), request.pipeline(), table.target().toString(),
                                table.mode().yamlName(), request.counts(), rows);
                        written += rows;
                    }
                    if (request.tables().isEmpty()) {
                        step.set("recording the load in " + Warehouse.META + ".loads", null);
                        WarehouseTables.recordLoad(connection, request.runId(), request.pipeline(), "", "", request.counts(), 0);
                    }
                    step.set("writing the state of pipeline " + request.pipeline(), null);
                    WarehouseTables.saveState(connection, request.pipeline(), request.runId(), request.state(), request.resetState());
                    step.set("committing", null);
                    alsoCommit.run(connection, List.copyOf(warnings));
                    connection.commit();
                } catch (SQLException | DestinationException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
                request.warnings().addAll(warnings);
                return written;
            } catch (SQLException e) {
                if (attempt < ATTEMPTS && conflicts(e)) {
                    LOG.debug("run {}: publish attempt {} conflicted with another run's ({}); publishing again", request.runId(), attempt,
                            e.getMessage());
                    pause(attempt);
                    continue;
                }
                throw failure(step, e);
            }
        }
    }

    /** Names the destination, the step and the table, as a database destination's failure does. */
    private DestinationException failure(Step step, SQLException e) {
        String reason = EngineMessages.explain(e, "the pipeline's file");
        return new DestinationException("destination " + describe() + ": " + step.what + (step.table == null ? "" : " for table " + step.table)
                + " failed, nothing was published: " + reason, e);
    }

    /** DuckDB's optimistic concurrency control refused the commit: another transaction changed the same entry first. */
    private static boolean conflicts(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return message.contains("conflict");
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(20L * attempt + (long) (Math.random() * 20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Creates, swaps, appends or merges one table; returns the rows written. */
    private long publishTable(Connection connection, TableWrite table, boolean rebuild, List<String> warnings, Step step)
            throws SQLException, DestinationException {
        TableName target = table.target();
        step.set("creating the schema", target);
        execute(connection, "CREATE SCHEMA IF NOT EXISTS " + Sql.ident(target.schema()));
        step.set("reading the columns", target);
        Map<String, String> existing = Columns.ofTable(connection, target.schema(), target.name());
        if (existing == null || table.mode() == LoadMode.REPLACE || rebuild) {
            if (existing != null) {
                step.set("dropping the table to replace it", target);
                execute(connection, "DROP TABLE " + target.quoted());
            }
            step.set("creating the table", target);
            return create(connection, table);
        }
        SchemaPlanner.Plan plan = SchemaPlanner.plan(target.toString(), existing, table.columns(), table.schema(),
                column -> () -> ExactDecimals.ofDoubles(connection, table.rows(), Sql.ident(column)).smallest(), type -> type);
        if (plan.refused()) {
            throw new DestinationException(describe() + ": " + String.join("\n", plan.problems()));
        }
        for (SchemaPlanner.Change change : plan.alterations()) {
            step.set((change.adds() ? "adding column " : "widening column ") + change.column(), target);
            execute(connection, change.adds()
                    ? "ALTER TABLE " + target.quoted() + " ADD COLUMN " + Sql.ident(change.column()) + " " + change.to()
                    : "ALTER TABLE " + target.quoted() + " ALTER COLUMN " + Sql.ident(change.column()) + " SET DATA TYPE " + change.to());
            warnings.add(change.warning(target.toString()));
        }
        String columns = Sql.idents(new ArrayList<>(table.columns().keySet()));
        String values = table.columns().keySet().stream()
                .map(c -> plan.decimalForm(c) ? ExactDecimals.fromDouble(Sql.ident(c), typeAfter(plan, c)) : Sql.ident(c))
                .collect(Collectors.joining(", "));
        if (table.mode() == LoadMode.APPEND) {
            step.set("appending the new rows", target);
            return update(connection, "INSERT INTO " + target.quoted() + " (" + columns + ") SELECT " + values + " FROM " + table.orderedRows());
        }
        step.set("deleting the rows whose key is among the new rows", target);
        String keyMatch = table.key().stream().map(k -> "t." + Sql.ident(k) + " = s." + Sql.ident(k)).collect(Collectors.joining(" AND "));
        execute(connection, "DELETE FROM " + target.quoted() + " t WHERE EXISTS (SELECT 1 FROM "
                + (table.groups() != null ? table.groups() : table.rows()) + " s WHERE " + keyMatch + ")");
        step.set("inserting the new rows", target);
        return update(connection, "INSERT INTO " + target.quoted() + " (" + columns + ") SELECT " + values + " FROM " + table.orderedRows());
    }

    private static String typeAfter(SchemaPlanner.Plan plan, String column) {
        return plan.changes().stream().filter(c -> c.column().equals(column)).findFirst().orElseThrow().to();
    }

    private long create(Connection connection, TableWrite table) throws SQLException {
        // A plain merge keeps the last row of each key; when every key is staged once, that is every
        // row in staged order, so the staged table itself can become the table (no copy, no sort).
        if (table.wholeStage() != null && (!table.keyed() || table.replacesGroups()
                || keyIsUnique(connection, table.wholeStage().quoted(), table.key()))) {
            long rows = Sql.count(connection, table.wholeStage().quoted());
            if (table.wholeStage().schema().equals(table.target().schema())) {
                execute(connection, "ALTER TABLE " + table.wholeStage().quoted() + " RENAME TO " + Sql.ident(table.target().name()));
                return rows;
            }
        }
        execute(connection, "CREATE TABLE " + table.target().quoted() + " AS SELECT * FROM " + table.orderedRows());
        return Sql.count(connection, table.target().quoted());
    }

    /** True when no two rows of {@code table} share a value of {@code key} (its columns are NOT NULL: checked before publishing). */
    static boolean keyIsUnique(Connection connection, String table, List<String> key) throws SQLException {
        return Sql.queryLong(connection, "SELECT count(*) FROM (SELECT 1 FROM " + table + " GROUP BY " + Sql.idents(key)
                + " HAVING count(*) > 1 LIMIT 1)") == 0;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeLargeUpdate(sql);
        }
    }

    /** The warehouse stays open: its owner closes it. */
    @Override
    public void close() {}
}
