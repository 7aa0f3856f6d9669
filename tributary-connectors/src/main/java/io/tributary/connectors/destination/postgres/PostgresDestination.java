package io.tributary.connectors.destination.postgres;

import io.tributary.connectors.destination.CsvExport;
import io.tributary.connectors.destination.DatabaseDestination;
import io.tributary.connectors.destination.TablePlan;
import io.tributary.jdbc.Dialect;
import io.tributary.sql.Sql;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.TableName;
import io.tributary.spi.PublishRequest;
import io.tributary.spi.SourceState;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;

/**
 * PostgreSQL: rows arrive by {@code COPY … FROM STDIN} (CSV written by DuckDB) into a staging table;
 * DDL is transactional, so schema changes, the swap of a rebuilt table (drop + rename), merges, state
 * and load records all commit in one transaction.
 */
public final class PostgresDestination extends DatabaseDestination {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PostgresDestination.class);
    private static final int BUFFER = 1 << 16;
    /** From this many rows on, a table loads over {@value #STREAMS} sessions at once. */
    static final long PARALLEL_FROM_ROWS = 500_000;
    static final int STREAMS = 2;
    /** Benchmarks set this to compare (a huge value means one session always). */
    public static final String PARALLEL_PROPERTY = "tributary.destination.postgres.parallel_from_rows";

    /** Opens another session to the same database (one per extra part of a parallel load). */
    @FunctionalInterface
    interface Sessions {
        Connection open() throws SQLException;
    }

    private final Sessions sessions;
    /** Tests lower it, so that a small table takes the parallel path. */
    long parallelFromRows = Long.getLong(PARALLEL_PROPERTY, PARALLEL_FROM_ROWS);
    /** How many sessions the last bulk load used (for tests). */
    int lastStreams;

    PostgresDestination(ConnectionSpec spec, Connection connection, Sessions sessions) throws SQLException {
        super(spec, connection, Dialect.POSTGRES, new PostgresTypes());
        this.sessions = sessions;
        setUp(connection);
    }

    /** timestamp → timestamptz conversions (widening) and now() read the session zone: make it UTC. */
    private static void setUp(Connection session) throws SQLException {
        try (Statement statement = session.createStatement()) {
            statement.execute("SET TIME ZONE 'UTC'");
        }
    }

    @Override
    protected TableName resolve(TableName table) {
        return "main".equals(table.schema()) ? new TableName("public", table.name()) : table;
    }

    @Override
    protected String columnsQuery() {
        return "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                + "WHERE a.attrelid = to_regclass(format('%I.%I', ?::text, ?::text)) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";
    }

    @Override
    protected SourceState readState(String pipeline) throws SQLException {
        return tableExists(metaTable("state")) ? storedState(pipeline) : SourceState.EMPTY;
    }

    @Override
    protected void prepare(String pipeline) throws SQLException {
        String schema = dialect.ident(META);
        execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        execute("CREATE TABLE IF NOT EXISTS " + schema + ".state (pipeline text NOT NULL, unit text NOT NULL, value text, "
                + "run_id bigint, updated_at timestamptz, PRIMARY KEY (pipeline, unit))");
        execute("CREATE TABLE IF NOT EXISTS " + schema + ".loads (run_id bigint, pipeline text, target text, mode text, "
                + "rows_loaded bigint, loaded_at timestamptz)");
        addLoadCountColumns();
    }

    @Override
    protected void createSchema(String schema) throws SQLException {
        execute("CREATE SCHEMA IF NOT EXISTS " + dialect.ident(schema));
    }

    @Override
    protected String tableOptions() {
        return "";
    }

    @Override
    protected long bulkLoad(TablePlan.Load load, Connection engine, Path folder) throws SQLException, IOException {
        List<Connection> others = streams(load, engine) > 1 ? openSessions(STREAMS - 1) : List.of();
        lastStreams = 1 + others.size();
        try {
            if (others.isEmpty()) {
                return export.exportAndLoad(engine, load, folder, "", csv -> copyIn(connection, load, csv));
            }
            LOG.debug("{}: loading over {} sessions at once", display(load.stage()), lastStreams);
            List<CsvExport.CsvLoader> loaders = others.stream().<CsvExport.CsvLoader>map(session -> csv -> copyIn(session, load, csv)).toList();
            return export.exportAndLoad(engine, load, folder, "", csv -> copyIn(connection, load, csv), loaders);
        } finally {
            others.forEach(PostgresDestination::closeQuietly);
        }
    }

    /**
     * Up to {@code count} more sessions, set up like the first. A server that refuses one (its
     * {@code max_connections}, a pooler's limit) costs speed, not the load: it goes on with fewer.
     */
    private List<Connection> openSessions(int count) {
        List<Connection> sessions = new ArrayList<>();
        try {
            while (sessions.size() < count) {
                Connection session = this.sessions.open();
                sessions.add(session);
                setUp(session);
            }
        } catch (SQLException e) {
            LOG.warn("destination {}: loading over one session, as another could not be opened: {}", describe(), e.getMessage());
            sessions.forEach(PostgresDestination::closeQuietly);
            return List.of();
        }
        return sessions;
    }

    private static void closeQuietly(Connection session) {
        try {
            session.close();
        } catch (SQLException ignored) {
            // the load's outcome is decided; a session that fails to close is gone anyway
        }
    }

    /**
     * {@value #STREAMS} sessions for a table of {@link #parallelFromRows} rows or more. PostgreSQL runs
     * one {@code COPY} on one core, and inserting the rows, not reading the CSV, is what it spends its
     * time on; two sessions insert into the one staging table at once (measured on 2 cores, 5M rows: the
     * load took 14.6–15.7 s instead of 17–19 s).
     */
    private int streams(TablePlan.Load load, Connection engine) throws SQLException {
        if (load.parts() == null) {
            return 1;
        }
        long rows = Sql.count(engine, "(SELECT 1 FROM " + load.relation() + " LIMIT " + parallelFromRows + ")");
        return rows >= parallelFromRows ? STREAMS : 1;
    }

    /** {@code COPY … FROM STDIN} of a CSV file (or named pipe) into the staging table over {@code session}. */
    private static long copyIn(Connection session, TablePlan.Load load, Path csv) throws SQLException, IOException {
        String copy = "COPY " + Dialect.POSTGRES.table(load.stage()) + " (" + load.columns().stream().map(Dialect.POSTGRES::ident)
                .collect(Collectors.joining(", ")) + ") FROM STDIN WITH (FORMAT csv)";
        // FileInputStream, not Files.newInputStream: the latter seeks, which a named pipe refuses
        try (InputStream in = new FileInputStream(csv.toFile())) {
            return session.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, in, BUFFER);
        }
    }

    @Override
    protected void createKeyIndex(TablePlan plan) throws SQLException {
        execute("CREATE INDEX ON " + dialect.table(plan.stage()) + " (" + keyColumnsDdl(plan) + ")");
    }

    @Override
    protected void afterStaging(TablePlan plan) throws SQLException {
        if (!plan.rebuild()) {
            step("analyzing the staging table", plan.target());
            execute("ANALYZE " + dialect.table(plan.keysStage())); // a good join plan for the merge's DELETE
        }
    }

    @Override
    protected String deleteMatchingKeys(TablePlan plan) {
        String match = plan.table().key().stream().map(k -> "t." + dialect.ident(k) + " = s." + dialect.ident(k))
                .collect(Collectors.joining(" AND "));
        return "DELETE FROM " + dialect.table(plan.target()) + " AS t USING " + dialect.table(plan.keysStage()) + " AS s WHERE " + match;
    }

    @Override
    protected long commit(PublishRequest publication, List<TablePlan> plans) throws SQLException {
        connection.setAutoCommit(false);
        long total = 0;
        Map<TablePlan, Long> rows = new HashMap<>();
        for (TablePlan plan : plans) {
            long written;
            if (plan.rebuild()) {
                step("swapping in the new table", plan.target());
                execute("DROP TABLE IF EXISTS " + dialect.table(plan.target()));
                execute("ALTER TABLE " + dialect.table(plan.stage()) + " RENAME TO " + dialect.ident(plan.target().name()));
                written = plan.staged();
            } else {
                evolve(plan);
                written = applyRows(plan);
            }
            rows.put(plan, written);
            total += written;
        }
        writeRecords(publication, plans, rows);
        step("committing", null);
        connection.commit();
        connection.setAutoCommit(true);
        return total;
    }

    private void evolve(TablePlan plan) throws SQLException {
        if (plan.changes().isEmpty()) {
            return;
        }
        step("changing the columns", plan.target());
        String actions = plan.changes().stream().map(change -> {
            String column = dialect.ident(change.column());
            String type = types.ddl(change.to());
            return change.from() == null ? "ADD COLUMN " + column + " " + type
                    : "ALTER COLUMN " + column + " TYPE " + type + " USING " + column + "::" + type;
        }).collect(Collectors.joining(", "));
        execute("ALTER TABLE " + dialect.table(plan.target()) + " " + actions);
    }

    @Override
    protected TableName metaTable(String name) {
        return new TableName(META, name);
    }

    @Override
    protected String now() {
        return "now()";
    }
}
