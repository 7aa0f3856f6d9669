package io.tributary.connectors.destination.mysql;

import io.tributary.connectors.destination.CsvExport;
import io.tributary.connectors.destination.DatabaseDestination;
import io.tributary.connectors.destination.TablePlan;
import io.tributary.jdbc.Dialect;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.TableName;
import io.tributary.spi.PublishRequest;
import io.tributary.spi.SourceState;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * MySQL and MariaDB. DDL commits implicitly there, so nothing but DML runs inside the publish
 * transaction:
 * <ul>
 *   <li>schema changes are additive (new columns, widened types) and run just before it: a run killed
 *       after them leaves a table that still holds exactly its old rows;</li>
 *   <li>a rebuilt table (first load, replace, full refresh) is fully loaded under its staging name; the
 *       transaction records the swap in {@code _tributary_swaps} together with the state, and the swap
 *       itself (one atomic {@code RENAME TABLE}) follows the commit. If the process dies in between, the
 *       next {@link #state} or publish of the pipeline performs the recorded swap first, so a reader of
 *       the state never sees it ahead of the data.</li>
 * </ul>
 * Rows arrive by {@code LOAD DATA LOCAL INFILE}, or by multi-row INSERTs when the server refuses it.
 */
final class MysqlDestination extends DatabaseDestination {
    /** Bytes of a text key column that its index covers (767-byte limit of older row formats / 4-byte utf8mb4). */
    private static final int KEY_PREFIX = 191;
    private static final int INSERT_ROWS = 1000;
    private static final int MAX_PLACEHOLDERS = 60_000;

    private final boolean forceInserts;

    MysqlDestination(ConnectionSpec spec, Connection connection, boolean forceInserts) throws SQLException {
        super(spec, connection, Dialect.MYSQL, new MysqlTypes());
        this.forceInserts = forceInserts;
        // strict: a value that does not fit fails instead of being truncated; UTC for TIMESTAMP columns
        execute("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION', time_zone = '+00:00'");
    }

    @Override
    protected TableName resolve(TableName table) {
        return "main".equals(table.schema()) ? new TableName(spec.database(), table.name()) : table;
    }

    @Override
    protected String columnsQuery() {
        return "SELECT column_name, column_type FROM information_schema.columns WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position";
    }

    @Override
    protected SourceState readState(String pipeline) throws SQLException {
        if (!tableExists(metaTable("state"))) {
            return SourceState.EMPTY;
        }
        completeSwaps(pipeline);
        return storedState(pipeline);
    }

    @Override
    protected void prepare(String pipeline) throws SQLException {
        String options = tableOptions();
        execute("CREATE TABLE IF NOT EXISTS " + meta("state") + " (pipeline VARCHAR(255) NOT NULL, unit LONGTEXT NOT NULL, "
                + "value LONGTEXT, run_id BIGINT, updated_at DATETIME(6), INDEX (pipeline, unit(" + KEY_PREFIX + ")))" + options);
        execute("CREATE TABLE IF NOT EXISTS " + meta("loads") + " (run_id BIGINT, pipeline VARCHAR(255), target VARCHAR(200), "
                + "mode VARCHAR(16), rows_loaded BIGINT, loaded_at DATETIME(6))" + options);
        addLoadCountColumns();
        execute("CREATE TABLE IF NOT EXISTS " + meta("swaps") + " (pipeline VARCHAR(255) NOT NULL, run_id BIGINT, "
                + "target_schema VARCHAR(64) NOT NULL, target_table VARCHAR(64) NOT NULL, stage_table VARCHAR(64) NOT NULL)" + options);
        completeSwaps(pipeline);
    }

    @Override
    protected void createSchema(String schema) throws SQLException {
        execute("CREATE DATABASE IF NOT EXISTS " + dialect.ident(schema));
    }

    @Override
    protected String tableOptions() {
        // binary collation: keys 'a' and 'A' are different keys, as in DuckDB
        return " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
    }

    @Override
    protected long bulkLoad(TablePlan.Load load, Connection engine, Path folder) throws SQLException, IOException {
        if (forceInserts || !localInfileAllowed()) {
            return insertRows(load, engine);
        }
        List<String> targets = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        int variable = 0;
        for (Map.Entry<String, String> column : load.canonical().entrySet()) {
            if (column.getValue().equals("BLOB")) {
                String name = "@v" + variable++;
                targets.add(name);
                sets.add(dialect.ident(column.getKey()) + " = UNHEX(" + name + ")");
            } else {
                targets.add(dialect.ident(column.getKey()));
            }
        }
        // NULL unquoted, every value quoted: the string 'NULL' stays a string
        return export.exportAndLoad(engine, load, folder, ", NULLSTR 'NULL', FORCE_QUOTE *", csv -> {
            String sql = "LOAD DATA LOCAL INFILE " + dialect.literal(csv.toString()) + " INTO TABLE " + dialect.table(load.stage())
                    + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' ESCAPED BY '' LINES TERMINATED BY '\\n' ("
                    + String.join(", ", targets) + ")" + (sets.isEmpty() ? "" : " SET " + String.join(", ", sets));
            long loaded;
            try (Statement statement = connection.createStatement()) {
                loaded = statement.executeLargeUpdate(sql);
            }
            // LOCAL turns data errors into warnings (the server cannot stop the client's stream): treat them as errors
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SHOW WARNINGS LIMIT 3")) {
                List<String> warnings = new ArrayList<>();
                while (rs.next()) {
                    warnings.add(rs.getString("Message"));
                }
                if (!warnings.isEmpty()) {
                    throw new SQLException("the database changed values while loading: " + String.join("; ", warnings));
                }
            }
            return loaded;
        });
    }

    @Override
    protected SQLException explainRefusal(SQLException failure, Connection engine, TablePlan plan) {
        return MysqlRefusal.explain(failure, engine, plan.rows(), plan.table().key(), types);
    }

    private boolean localInfileAllowed() throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT @@GLOBAL.local_infile")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    /** The fallback when the server refuses LOAD DATA LOCAL: multi-row INSERTs of up to 1,000 rows. */
    private long insertRows(TablePlan.Load load, Connection engine) throws SQLException {
        List<String> columns = load.columns();
        String placeholders = "(" + load.canonical().values().stream().map(type -> type.equals("BLOB") ? "UNHEX(?)" : "?")
                .collect(Collectors.joining(", ")) + ")";
        int perStatement = Math.max(1, Math.min(INSERT_ROWS, MAX_PLACEHOLDERS / Math.max(1, columns.size())));
        String head = "INSERT INTO " + dialect.table(load.stage()) + " (" + columns.stream().map(dialect::ident).collect(Collectors.joining(", "))
                + ") VALUES ";
        String select = "SELECT " + columns.stream().map(c -> "CAST(" + io.tributary.sql.Sql.ident(c) + " AS VARCHAR)")
                .collect(Collectors.joining(", ")) + " FROM (" + export.exportQuery(load) + ")";
        long total = 0;
        try (Statement query = engine.createStatement(); ResultSet rs = query.executeQuery(select)) {
            List<String[]> batch = new ArrayList<>(perStatement);
            while (rs.next()) {
                String[] row = new String[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = rs.getString(i + 1);
                }
                batch.add(row);
                if (batch.size() == perStatement) {
                    total += insertBatch(head, placeholders, batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                total += insertBatch(head, placeholders, batch);
            }
        }
        return total;
    }

    private long insertBatch(String head, String placeholders, List<String[]> rows) throws SQLException {
        String sql = head + String.join(", ", java.util.Collections.nCopies(rows.size(), placeholders));
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int index = 1;
            for (String[] row : rows) {
                for (String value : row) {
                    if (value == null) {
                        insert.setNull(index++, Types.VARCHAR);
                    } else {
                        insert.setString(index++, value);
                    }
                }
            }
            return insert.executeLargeUpdate();
        }
    }

    @Override
    protected void createKeyIndex(TablePlan plan) throws SQLException {
        List<String> parts = new ArrayList<>();
        for (String key : plan.table().key()) {
            String type = plan.incomingType(key);
            if (type == null || type.equals("JSON")) {
                return; // JSON cannot be indexed; the merge still works, by a scan
            }
            String ddl = types.ddl(type);
            parts.add(dialect.ident(key) + (ddl.equals("LONGTEXT") || ddl.equals("LONGBLOB") ? "(" + KEY_PREFIX + ")" : ""));
        }
        execute("CREATE INDEX " + dialect.ident("tributary_key") + " ON " + dialect.table(plan.stage()) + " (" + String.join(", ", parts) + ")");
    }

    @Override
    protected String deleteMatchingKeys(TablePlan plan) {
        String match = plan.table().key().stream().map(k -> "t." + dialect.ident(k) + " = s." + dialect.ident(k))
                .collect(Collectors.joining(" AND "));
        return "DELETE t FROM " + dialect.table(plan.target()) + " AS t INNER JOIN " + dialect.table(plan.keysStage()) + " AS s ON " + match;
    }

    @Override
    protected long commit(PublishRequest publication, List<TablePlan> plans) throws SQLException {
        for (TablePlan plan : plans) {
            evolve(plan); // additive, before the transaction: see the class comment
        }
        connection.setAutoCommit(false);
        long total = 0;
        Map<TablePlan, Long> rows = new HashMap<>();
        try (PreparedStatement swap = connection.prepareStatement("INSERT INTO " + meta("swaps")
                + " (pipeline, run_id, target_schema, target_table, stage_table) VALUES (?, ?, ?, ?, ?)")) {
            for (TablePlan plan : plans) {
                long written;
                if (plan.rebuild()) {
                    step("recording the swap of the new table", plan.target());
                    swap.setString(1, publication.pipeline());
                    swap.setLong(2, publication.runId());
                    swap.setString(3, plan.target().schema());
                    swap.setString(4, plan.target().name());
                    swap.setString(5, plan.stage().name());
                    swap.executeUpdate();
                    written = plan.staged();
                } else {
                    written = applyRows(plan);
                }
                rows.put(plan, written);
                total += written;
            }
        }
        writeRecords(publication, plans, rows);
        step("committing", null);
        connection.commit();
        connection.setAutoCommit(true);
        for (TablePlan plan : plans) {
            if (plan.rebuild()) {
                plan.handOverStage();
            }
        }
        try {
            completeSwaps(publication.pipeline());
        } catch (SQLException e) {
            // committed: the recorded swap is performed by the pipeline's next run before it reads its state
            publication.warnings().add("destination " + describe() + ": the new tables are committed but could not be swapped in yet ("
                    + e.getMessage() + "); the pipeline's next run completes the swap");
        }
        return total;
    }

    private void evolve(TablePlan plan) throws SQLException {
        if (plan.changes().isEmpty()) {
            return;
        }
        step("changing the columns", plan.target());
        String actions = plan.changes().stream().map(change -> (change.from() == null ? "ADD COLUMN " : "MODIFY COLUMN ")
                + dialect.ident(change.column()) + " " + types.ddl(change.to())).collect(Collectors.joining(", "));
        execute("ALTER TABLE " + dialect.table(plan.target()) + " " + actions);
    }

    /** Performs the committed swaps of a pipeline: one atomic RENAME TABLE, then drops the old tables. */
    void completeSwaps(String pipeline) throws SQLException {
        if (!tableExists(metaTable("swaps"))) {
            return;
        }
        step("swapping in the new tables of pipeline " + pipeline, null);
        List<String> renames = new ArrayList<>();
        List<TableName> old = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT target_schema, target_table, stage_table FROM "
                + meta("swaps") + " WHERE pipeline = ? ORDER BY run_id")) {
            query.setString(1, pipeline);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    TableName target = new TableName(rs.getString(1), rs.getString(2));
                    TableName stage = new TableName(rs.getString(1), rs.getString(3));
                    if (!tableExists(stage)) {
                        continue; // swapped already; the process died before the journal entry was deleted
                    }
                    if (tableExists(target)) {
                        TableName displaced = new TableName(stage.schema(), stage.name() + "_old");
                        renames.add(dialect.table(target) + " TO " + dialect.table(displaced));
                        old.add(displaced);
                    }
                    renames.add(dialect.table(stage) + " TO " + dialect.table(target));
                }
            }
        }
        if (!renames.isEmpty()) {
            execute("RENAME TABLE " + String.join(", ", renames));
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + meta("swaps") + " WHERE pipeline = ?")) {
            delete.setString(1, pipeline);
            delete.executeUpdate();
        }
        for (TableName table : old) {
            execute("DROP TABLE IF EXISTS " + dialect.table(table));
        }
    }

    private String meta(String table) {
        return dialect.table(metaTable(table));
    }

    /** MySQL has no schemas within a database: Tributary's tables are {@code _tributary_state} etc. in the connection's database. */
    @Override
    protected TableName metaTable(String name) {
        return new TableName(spec.database(), META + "_" + name);
    }

    @Override
    protected String now() {
        return "UTC_TIMESTAMP(6)";
    }
}
