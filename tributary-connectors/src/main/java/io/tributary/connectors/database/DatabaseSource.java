package io.tributary.connectors.database;

import io.tributary.config.DidYouMean;
import io.tributary.config.Secrets;
import io.tributary.jdbc.ConnectionFailure;
import io.tributary.jdbc.Connections;
import io.tributary.jdbc.Dialect;
import io.tributary.sql.Sql;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.Source;
import io.tributary.spi.SourceException;
import io.tributary.spi.SourceState;
import io.tributary.spi.SourceUnit;
import io.tributary.spi.StagedStream;
import io.tributary.spi.StagedUnit;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
import io.tributary.spi.StreamTarget;
import io.tributary.spi.TimeWindow;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads tables or a query of a named connection. One unit per table (its key is the table's name,
 * its state the cursor position); each unit is read in one streaming query: PostgreSQL through
 * {@code COPY ... TO STDOUT} ({@link PostgresCopy}), other databases through a forward-only result
 * set with a bounded fetch size into DuckDB's Appender ({@link RowAppender}).
 */
final class DatabaseSource implements Source {
    static final String QUERY_UNIT = "query";
    /** Tests and benchmarks set this to false to measure the plain result-set path on PostgreSQL. */
    static final String COPY_PROPERTY = "tributary.database.copy";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DatabaseSource.class);

    private final Path projectDir;
    private final ConnectionSpec connection;
    private final Dialect dialect;
    private final List<SourceTable> tables;
    private final String query;
    private final boolean streams;
    private final Incremental incremental;
    private final int fetchSize;
    private final boolean merge;
    /** The backfill window this copy reads, or null for the pipeline's ordinary incremental runs. */
    private final TimeWindow window;

    @Override
    public boolean keysItsTables() {
        return streams;
    }

    /** @param merge the pipeline loads in merge mode: each of several tables then merges on its primary key */
    DatabaseSource(Path projectDir, ConnectionSpec connection, List<SourceTable> tables, String query, boolean streams,
                   Incremental incremental, int fetchSize, boolean merge) {
        this(projectDir, connection, tables, query, streams, incremental, fetchSize, merge, null);
    }

    private DatabaseSource(Path projectDir, ConnectionSpec connection, List<SourceTable> tables, String query, boolean streams,
                           Incremental incremental, int fetchSize, boolean merge, TimeWindow window) {
        this.window = window;
        this.projectDir = projectDir;
        this.connection = connection;
        this.dialect = Dialect.forKind(connection.kind());
        this.tables = tables;
        this.query = query;
        this.streams = streams;
        this.incremental = incremental;
        this.fetchSize = fetchSize;
        this.merge = merge;
    }

    @Override
    public String describe() {
        String what = query != null ? "a query" : tables.stream().map(SourceTable::toString).collect(Collectors.joining(", "));
        return "database " + connection.name() + " (" + connection.describe() + "): " + what
                + (incremental == null ? "" : ", incremental on " + incremental.cursor())
                + (window == null ? "" : ", backfill window " + window.describe());
    }

    @Override
    public String cannotBackfill() {
        return incremental != null ? null : "its database source reads without incremental:, so it has no cursor column to select a "
                + "window's rows by. Add incremental: {cursor: <a timestamp or date column>} to the source";
    }

    @Override
    public Source within(TimeWindow window) {
        if (incremental == null) {
            throw new UnsupportedOperationException(cannotBackfill());
        }
        return new DatabaseSource(projectDir, connection, tables, query, streams, incremental, fetchSize, merge, window);
    }

    @Override
    public String unitNoun() {
        return query != null ? "query" : "table";
    }

    /** One unit per table (or the query), each carrying its saved cursor position. */
    @Override
    public List<SourceUnit> plan(SourceState state) {
        List<SourceUnit> units = new ArrayList<>();
        if (query != null) {
            units.add(new SourceUnit(QUERY_UNIT, "query on " + connection.name(), 0, state.get(QUERY_UNIT).orElse(null), false));
        }
        for (SourceTable table : tables) {
            String key = table.toString();
            units.add(new SourceUnit(key, "table " + key, 0, state.get(key).orElse(null), false));
        }
        return units;
    }

    @Override
    public SourceRead read(List<SourceUnit> units, SourceState state, Staging staging) {
        return unit -> stage(unit, staging);
    }

    private StagedUnit stage(SourceUnit unit, Staging staging) throws SourceException {
        SourceTable table = QUERY_UNIT.equals(unit.key()) && query != null ? null
                : tables.stream().filter(t -> t.toString().equals(unit.key())).findFirst().orElseThrow();
        String what = table == null ? "the query" : "table " + table;
        try (Connection source = open()) {
            String from = SourceQuery.from(dialect, table, query);
            List<SourceColumn> columns = columns(source, from, table);
            List<SourceColumn> primaryKey = table == null ? List.of() : primaryKey(source, table, columns);
            if (streams && merge && primaryKey.isEmpty()) {
                throw new SourceException(what + " of connection '" + connection.name() + "' has no primary key, so its rows cannot be merged "
                        + "(with tables:, each table merges on its primary key). Give the table a primary key, read it in its own pipeline "
                        + "with table: and load.key, or use mode: replace");
            }
            SourceColumn cursor = null;
            List<SourceColumn> key = List.of();
            CursorState saved = null;
            if (incremental != null) {
                cursor = cursorColumn(columns, what);
                key = incremental.key().isEmpty() ? primaryKey : named(columns, incremental.key(), "incremental.key", what);
                if (key.isEmpty() && !incremental.hasLookback()) {
                    throw new SourceException(what + " of connection '" + connection.name() + "' has no primary key to break ties between rows "
                            + "with the same " + cursor.name() + ". Name the column(s) that identify a row with incremental.key, e.g. key: [id]");
                }
                saved = window != null ? null : CursorState.parse(unit.knownState());
            }
            String filter = window != null ? BackfillFilter.of(dialect, cursor, window, what)
                    : saved == null ? null : SourceQuery.filter(dialect, cursor, key, saved, incremental);
            List<String> order = cursor == null ? List.of() : SourceQuery.order(cursor, key);
            boolean copy = dialect == Dialect.POSTGRES && !"false".equals(System.getProperty(COPY_PROPERTY));
            TableRef stageTable = staging.newTable();
            String stage = stageTable.quoted();
            ResultSetCopy.Copied copied = null;
            if (copy) {
                try {
                    String select = SourceQuery.select(dialect, from, columns, PostgresCopy::expression, filter, order);
                    long bytes = PostgresCopy.copy(source, select, columns, staging, stage, unit.label(), cursor != null);
                    copied = new ResultSetCopy.Copied(Sql.count(staging.connection(), stage), 0, bytes);
                } catch (PostgresCopy.Unreadable e) {
                    LOG.warn("{}: DuckDB's CSV reader refused a value of PostgreSQL's COPY output ({}); reading the rows one by one "
                            + "instead, which keeps or rejects each value exactly", unit.label(), firstLine(e));
                    source.rollback();
                    try (Statement drop = staging.connection().createStatement()) {
                        drop.execute("DROP TABLE IF EXISTS " + stage);
                    }
                }
            }
            if (copied == null) {
                String select = SourceQuery.select(dialect, from, columns, this::expression, filter, order);
                copied = ResultSetCopy.copy(source, dialect, select, columns, key.isEmpty() ? primaryKey : key, fetchSize, staging, stageTable, unit);
            }
            long loaded = copied.loaded();
            long rejected = copied.rejected();
            long bytes = copied.bytes();
            String state = null;
            if (window != null) {
                state = unit.knownState(); // a backfill window leaves the incremental position where it was
            } else if (cursor != null) {
                List<List<String>> atInfinity = StagedCursor.atInfinity(staging, stage, cursor, key);
                if (atInfinity == null && !incremental.hasLookback() && !merge) {
                    throw new SourceException(what + " of connection '" + connection.name() + "' has more than " + CursorState.MAX_WINDOW
                            + " rows whose cursor " + cursor.name() + " is infinity. Every run reads them again, and Tributary remembers at most "
                            + CursorState.MAX_WINDOW + " of them to load each once, so this mode would load the others twice. Use load: {mode: merge, key: ...} (re-read rows then update themselves), "
                            + "or a cursor column without infinity");
                }
                loaded -= StagedCursor.skipUnchanged(staging, stage, cursor, key, saved);
                state = incremental.hasLookback() ? StagedCursor.afterLookback(staging, stage, cursor, key, saved, incremental, atInfinity)
                        : StagedCursor.afterLastRow(staging, stage, cursor, key, saved, atInfinity);
            }
            if (!streams) {
                return new StagedUnit(stageTable, loaded, rejected, bytes, state);
            }
            List<String> target = primaryKey.stream().map(SourceColumn::name).toList();
            return new StagedUnit(null, loaded, rejected, bytes, state,
                    List.of(new StagedStream(stageTable, new StreamTarget(table.name(), target, false), loaded)));
        } catch (SQLException e) {
            throw new SourceException("reading " + what + " of connection '" + connection.name() + "' (" + connection.describe() + ") failed: "
                    + Secrets.redact(firstLine(e)), e);
        } catch (IOException e) {
            throw new SourceException("reading " + what + " of connection '" + connection.name() + "' failed: cannot write its rows to a "
                    + "temporary file (" + e.getMessage() + "). Is the temporary folder (" + System.getProperty("java.io.tmpdir") + ") full?", e);
        }
    }

    private Connection open() throws SourceException, SQLException {
        Connection source;
        try {
            source = Connections.open(connection, projectDir);
        } catch (ConnectionFailure e) {
            throw new SourceException(e.getMessage(), e);
        }
        try (Statement statement = source.createStatement()) {
            if (dialect == Dialect.POSTGRES) {
                // Rows stream only inside a transaction; UTC, ISO dates and exact floats make the text forms exact.
                source.setAutoCommit(false);
                source.setReadOnly(true);
                statement.execute("SET TimeZone = 'UTC'");
                statement.execute("SET DateStyle = 'ISO, YMD'");
                statement.execute("SET extra_float_digits = 3");
            } else if (dialect == Dialect.MYSQL) {
                // TIMESTAMP columns are instants: in a UTC session the server writes them in UTC.
                statement.execute("SET time_zone = '+00:00'");
            }
        } catch (SQLException e) {
            source.close();
            throw e;
        }
        return source;
    }

    /** The columns of the table (or the query, when {@code table} is null), from a statement that returns no rows. */
    private List<SourceColumn> columns(Connection source, String from, SourceTable table) throws SQLException, SourceException {
        try (Statement statement = source.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM " + from + " WHERE 1 = 0")) {
            return TypeMap.columns(dialect, rs.getMetaData());
        } catch (SQLException e) {
            if (dialect == Dialect.POSTGRES) {
                source.rollback();
            }
            if (table != null && ("42P01".equals(e.getSQLState()) || e.getErrorCode() == 1146)) {
                throw new SourceException("table " + table + " does not exist in connection '" + connection.name() + "' (" + connection.describe()
                        + ")" + tableHint(source, table) + ". Check table/tables in the pipeline (names are exact, " + qualifiedExample() + ")");
            }
            throw e;
        }
    }

    /** How a table of another schema is written, in the source's own terms. */
    private String qualifiedExample() {
        return switch (dialect) {
            case POSTGRES -> "schema-qualified: public.orders";
            case MYSQL -> "database-qualified: " + (connection.database() == null ? "shop" : connection.database()) + ".orders";
            default -> "optionally schema-qualified: sales.orders";
        };
    }

    /**
     * {@code " (did you mean orders?)"}: the nearest existing table, written the way the pipeline
     * wrote this one: unqualified names are compared with the tables of the connection's default
     * schema (in MySQL/MariaDB its database), qualified ones with every schema's.
     */
    private String tableHint(Connection source, SourceTable table) {
        try {
            String home = dialect == Dialect.MYSQL ? source.getCatalog() : source.getSchema();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = source.getMetaData().getTables(dialect == Dialect.MYSQL ? null : source.getCatalog(), null, "%",
                    new String[] {"TABLE", "VIEW"})) {
                while (rs.next()) {
                    String schema = dialect == Dialect.MYSQL ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM");
                    String name = rs.getString("TABLE_NAME");
                    if (table.schema() != null) {
                        names.add(schema == null ? name : schema + "." + name);
                    } else if (schema == null || schema.equals(home)) {
                        names.add(name);
                    }
                }
            }
            String closest = DidYouMean.closest(table.toString(), names);
            return closest == null ? "" : " (did you mean " + closest + "?)";
        } catch (SQLException | RuntimeException e) {
            return "";
        }
    }

    private List<SourceColumn> primaryKey(Connection source, SourceTable table, List<SourceColumn> columns) throws SQLException {
        DatabaseMetaData meta = source.getMetaData();
        String catalog = null;
        String schema = table.schema();
        if (dialect == Dialect.MYSQL) {
            catalog = table.schema() != null ? table.schema() : source.getCatalog();
            schema = null;
        } else if (schema == null) {
            schema = source.getSchema();
        }
        Map<Short, String> byPosition = new TreeMap<>();
        try (ResultSet rs = meta.getPrimaryKeys(catalog, schema, table.name())) {
            while (rs.next()) {
                byPosition.put(rs.getShort("KEY_SEQ"), rs.getString("COLUMN_NAME"));
            }
        }
        List<SourceColumn> key = new ArrayList<>();
        for (String name : byPosition.values()) {
            columns.stream().filter(c -> c.name().equals(name)).findFirst().ifPresent(key::add);
        }
        return key;
    }

    private SourceColumn cursorColumn(List<SourceColumn> columns, String what) throws SourceException {
        SourceColumn cursor = named(columns, List.of(incremental.cursor()), "incremental.cursor", what).get(0);
        if (!cursor.kind().isCursor()) {
            throw new SourceException("incremental.cursor " + cursor.name() + " of " + what + " is " + cursor.sourceType()
                    + "; a cursor must be a timestamp, date or integer column that grows when a row is added or changed");
        }
        if (incremental.lookbackTime() != null && cursor.kind().isWholeNumber()) {
            throw new SourceException("incremental.lookback is a duration (" + incremental.describeLookback() + ") but the cursor "
                    + cursor.name() + " of " + what + " is a number (" + cursor.sourceType() + "); write lookback as a number, e.g. lookback: 1000");
        }
        if (incremental.lookbackNumber() != null && !cursor.kind().isWholeNumber()) {
            throw new SourceException("incremental.lookback is a number (" + incremental.lookbackNumber() + ") but the cursor "
                    + cursor.name() + " of " + what + " is " + cursor.sourceType() + "; write lookback as a duration, e.g. lookback: 10m");
        }
        return cursor;
    }

    private List<SourceColumn> named(List<SourceColumn> columns, List<String> names, String key, String what) throws SourceException {
        List<SourceColumn> found = new ArrayList<>();
        List<String> all = columns.stream().map(SourceColumn::name).toList();
        for (String name : names) {
            SourceColumn column = columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
            if (column == null) {
                String closest = DidYouMean.closest(name, all);
                throw new SourceException(key + " names " + name + ", which is not a column of " + what + " in connection '"
                        + connection.name() + "'. Its columns are " + String.join(", ", all) + "." + (closest != null ? " Did you mean " + closest + "?" : ""));
            }
            found.add(column);
        }
        return found;
    }

    /**
     * How a column is selected on the result-set path: arrays of kinds DuckDB has no list for travel
     * as JSON; a MySQL FLOAT as a DOUBLE, since its own text form keeps only 6 significant digits.
     */
    private String expression(SourceColumn column) {
        String ident = dialect.ident(column.name());
        if (dialect == Dialect.POSTGRES && column.kind() == ValueKind.LIST && column.element() == ValueKind.JSON) {
            return "array_to_json(" + ident + ")";
        }
        if (dialect == Dialect.MYSQL && column.sourceType().startsWith("FLOAT")) {
            return "CAST(" + ident + " AS DOUBLE)";
        }
        return ident;
    }

    private static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
