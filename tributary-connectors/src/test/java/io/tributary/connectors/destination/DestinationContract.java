package io.tributary.connectors.destination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.sql.Columns;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.LoadMode;
import io.tributary.sql.SchemaPolicy;
import io.tributary.spi.TableName;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import io.tributary.spi.PublishRequest;
import io.tributary.spi.RunCounts;
import io.tributary.spi.TableWrite;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarantees every destination gives, run by one subclass per destination: the DuckDB warehouse,
 * and real PostgreSQL and MySQL/MariaDB servers. Rows are made in DuckDB (an in-memory one for a
 * database, the warehouse's own session for the warehouse), as the engine would stage them, and
 * handed over in a {@link PublishRequest} built by hand.
 */
public abstract class DestinationContract {
    protected Connection duck;
    /** A direct connection to the destination database, to check what landed. */
    protected Connection db;
    protected Destination destination;
    protected String pipeline;
    /** DuckDB's async_threads when the test began: a publish must leave it so. */
    protected String asyncThreadsBefore;
    protected final List<String> warnings = new ArrayList<>();
    /** The counts the load records of these publishes keep. */
    /** read 10 = loaded 5 + rejected 2 + filtered 2 + quarantined 1: every count survives the load record. */
    protected static final RunCounts COUNTS = new RunCounts(10, 5, 2, 1234, 1, 3, 2, 1);
    private int view;

    protected abstract ConnectionSpec createDatabase() throws Exception;

    protected abstract Connection connect() throws SQLException;

    protected abstract Destination open(ConnectionSpec spec) throws DestinationException;

    protected abstract void dropDatabase() throws Exception;

    /** SQL text of a column of a table in the default schema, in this database's quoting. */
    protected abstract String table(String name);

    protected abstract String ident(String name);

    /** Where the engine stages the rows this destination publishes: an in-memory DuckDB of the run's own for a database. */
    protected Connection engine() throws SQLException {
        return DriverManager.getConnection("jdbc:duckdb:");
    }

    /** How messages and load records name a table of the default schema (users write {@code orders}). */
    protected String shown(String table) {
        return defaultSchema() + "." + table;
    }

    /** A staging table a killed run of {@code pipeline} left behind: the next run drops it. */
    protected abstract String leftoverStage(String pipeline, long run);

    /** A staging table of a run that still goes on (another pipeline's, publishing at the same time): it must stay. */
    protected abstract String liveStage(String pipeline, long run);

    /** The step a failure of DuckDB producing the rows is reported as. */
    protected abstract String producingRowsStep();

    @BeforeEach
    void setUp() throws Exception {
        pipeline = "p_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        ConnectionSpec spec = createDatabase();
        destination = open(spec);
        db = connect();
        duck = engine();
        asyncThreadsBefore = io.tributary.sql.Sql.setting(duck, "async_threads");
    }

    @AfterEach
    void tearDown() throws Exception {
        destination.close();
        db.close();
        duck.close();
        dropDatabase();
    }

    // ------------------------------------------------------------------ helpers

    /** A DuckDB view over the given SELECT, the way the engine hands over a table's rows. */
    protected String rows(String select) throws SQLException {
        String name = "v" + view++;
        try (Statement statement = duck.createStatement()) {
            statement.execute("CREATE VIEW " + name + " AS " + select);
        }
        return "(SELECT * FROM " + name + ")";
    }

    protected TableWrite table(String name, LoadMode mode, List<String> key, String select) throws SQLException {
        return table(name, mode, key, false, SchemaPolicy.DEFAULT, select);
    }

    protected TableWrite table(String name, LoadMode mode, List<String> key, boolean replacesGroups, SchemaPolicy policy, String select)
            throws SQLException {
        String rows = rows(select);
        Map<String, String> columns = Columns.of(duck, rows);
        return new TableWrite(TableName.parse(name), mode, key, replacesGroups, policy, rows, rows, null, columns, null, null);
    }

    protected long publish(long runId, Map<String, String> state, TableWrite... tables) throws DestinationException {
        return destination.publish(new PublishRequest(pipeline, runId, false, false, state, List.of(tables), COUNTS, duck, warnings));
    }

    protected List<List<String>> query(String sql) throws SQLException {
        List<List<String>> result = new ArrayList<>();
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                result.add(row);
            }
        }
        return result;
    }

    protected static List<String> row(String... values) {
        return Arrays.asList(values);
    }

    protected Map<String, String> state() throws DestinationException {
        return destination.state(pipeline).values();
    }

    // ------------------------------------------------------------------ behaviour

    @Test
    void aFirstLoadCreatesTheTableAndCommitsTheStateWithIt() throws Exception {
        assertThat(state()).isEmpty();
        long rows = publish(1, Map.of("a.csv", "h1"),
                table("orders", LoadMode.APPEND, List.of(), "SELECT * FROM (VALUES (1, 'x'), (2, 'y')) t(id, name)"));

        assertThat(rows).isEqualTo(2);
        assertThat(query("SELECT id, name FROM " + table("orders") + " ORDER BY id")).containsExactly(row("1", "x"), row("2", "y"));
        assertThat(state()).containsExactly(Map.entry("a.csv", "h1"));
        assertThat(query("SELECT run_id, target, mode, rows_loaded FROM " + meta("loads") + " WHERE pipeline = '" + pipeline + "'"))
                .containsExactly(row("1", shown("orders"), "append", "2"));
    }

    @Test
    void appendAddsTheRunsRowsAndKeepsEarlierStateEntries() throws Exception {
        publish(1, Map.of("a.csv", "h1"), table("orders", LoadMode.APPEND, List.of(), "SELECT 1 AS id, 'x' AS name"));
        publish(2, Map.of("b.csv", "h2"), table("orders", LoadMode.APPEND, List.of(), "SELECT 2 AS id, 'y' AS name"));

        assertThat(query("SELECT id, name FROM " + table("orders") + " ORDER BY id")).containsExactly(row("1", "x"), row("2", "y"));
        assertThat(state()).containsOnly(Map.entry("a.csv", "h1"), Map.entry("b.csv", "h2"));
    }

    @Test
    void replaceMakesTheRunsRowsTheWholeTableWithTheirColumnsAndResetsTheState() throws Exception {
        publish(1, Map.of("old", "1"), table("orders", LoadMode.REPLACE, List.of(), "SELECT 1 AS id, 'x' AS name"));
        destination.publish(new PublishRequest(pipeline, 2, false, true, Map.of("new", "2"),
                List.of(table("orders", LoadMode.REPLACE, List.of(), "SELECT 'text now' AS id, 5 AS amount")), COUNTS, duck, warnings));

        assertThat(query("SELECT * FROM " + table("orders"))).containsExactly(row("text now", "5"));
        assertThat(state()).containsExactly(Map.entry("new", "2"));
        assertThat(stagingTables()).isEmpty();
    }

    @Test
    void mergeReplacesRowsWithMatchingKeysAndInsertsNewOnes() throws Exception {
        publish(1, Map.of(), table("customers", LoadMode.MERGE, List.of("id"),
                "SELECT * FROM (VALUES (1, 'ann'), (2, 'bob')) t(id, name)"));
        publish(2, Map.of(), table("customers", LoadMode.MERGE, List.of("id"),
                "SELECT * FROM (VALUES (2, 'bobby'), (3, 'cy')) t(id, name)"));

        assertThat(query("SELECT id, name FROM " + table("customers") + " ORDER BY id"))
                .containsExactly(row("1", "ann"), row("2", "bobby"), row("3", "cy"));
    }

    @Test
    void mergeOnACompositeTextKeyTellsUpperAndLowerCaseApart() throws Exception {
        publish(1, Map.of(), table("m", LoadMode.MERGE, List.of("k", "n"),
                "SELECT * FROM (VALUES ('a', 1, 'first'), ('A', 1, 'upper')) t(k, n, v)"));
        publish(2, Map.of(), table("m", LoadMode.MERGE, List.of("k", "n"), "SELECT 'a' AS k, 1 AS n, 'second' AS v"));

        assertThat(query("SELECT k, n, v FROM " + table("m") + " ORDER BY v"))
                .containsExactly(row("a", "1", "second"), row("A", "1", "upper"));
    }

    @Test
    void replacesGroupsSwapsAllRowsOfAKeyForTheStagedOnes() throws Exception {
        TableWrite first = table("order_lines", LoadMode.MERGE, List.of("order_id"), true, SchemaPolicy.DEFAULT,
                "SELECT * FROM (VALUES (1, 'a'), (1, 'b'), (2, 'c')) t(order_id, sku)");
        publish(1, Map.of(), first);
        TableWrite second = table("order_lines", LoadMode.MERGE, List.of("order_id"), true, SchemaPolicy.DEFAULT,
                "SELECT * FROM (VALUES (1, 'a'), (1, 'z')) t(order_id, sku)");
        publish(2, Map.of(), second);

        assertThat(query("SELECT order_id, sku FROM " + table("order_lines") + " ORDER BY order_id, sku"))
                .containsExactly(row("1", "a"), row("1", "z"), row("2", "c"));
    }

    @Test
    void aParentWhoseChildrenAllWentAwayLosesThemThroughTheGroupsQuery() throws Exception {
        publish(1, Map.of(), table("order_lines", LoadMode.MERGE, List.of("order_id"), true, SchemaPolicy.DEFAULT,
                "SELECT * FROM (VALUES (1, 'a'), (1, 'b'), (2, 'c'), (3, 'd')) t(order_id, sku)"));
        TableWrite staged = table("order_lines", LoadMode.MERGE, List.of("order_id"), true, SchemaPolicy.DEFAULT,
                "SELECT * FROM (VALUES (1, 'z')) t(order_id, sku)");
        // order 2 was staged again with an empty array: it is among the groups but has no rows
        TableWrite withGroups = new TableWrite(staged.target(), staged.mode(), staged.key(), true, staged.schema(), staged.rows(), staged.orderedRows(), staged.parts(),
                staged.columns(), rows("SELECT * FROM (VALUES (1), (2)) g(order_id)"), null);
        publish(2, Map.of(), withGroups);

        assertThat(query("SELECT order_id, sku FROM " + table("order_lines") + " ORDER BY order_id, sku"))
                .containsExactly(row("1", "z"), row("3", "d"));
        assertThat(stagingTables()).isEmpty();
    }

    @Test
    void aNewColumnIsAddedWithNullForEarlierRows() throws Exception {
        publish(1, Map.of(), table("orders", LoadMode.APPEND, List.of(), "SELECT 1 AS id"));
        publish(2, Map.of(), table("orders", LoadMode.APPEND, List.of(), "SELECT 2 AS id, 'new' AS note"));

        assertThat(query("SELECT id, note FROM " + table("orders") + " ORDER BY id")).containsExactly(row("1", null), row("2", "new"));
        assertThat(warnings).containsExactly("table " + shown("orders") + ": added column note VARCHAR (earlier rows have NULL)");
    }

    @Test
    void typesWidenSafelyAndValuesStayExact() throws Exception {
        publish(1, Map.of(), table("t", LoadMode.APPEND, List.of(),
                "SELECT 1::INTEGER AS n, 1.25::DECIMAL(5,2) AS amount, DATE '2024-01-02' AS day"));
        publish(2, Map.of(), table("t", LoadMode.APPEND, List.of(),
                "SELECT 9000000000::BIGINT AS n, 123456.125::DECIMAL(10,3) AS amount, TIMESTAMP '2024-01-03 04:05:06.000007' AS day"));

        assertThat(columnTypes("t")).containsExactly(widenedTypes());
        assertThat(query("SELECT n, amount, day FROM " + table("t") + " ORDER BY n")).containsExactly(
                row("1", "1.250", timestampText("2024-01-02 00:00:00")), row("9000000000", "123456.125", timestampText("2024-01-03 04:05:06.000007")));
        assertThat(warnings).contains("table " + shown("t") + ": widened column n from INTEGER to BIGINT",
                "table " + shown("t") + ": widened column amount from DECIMAL(5,2) to DECIMAL(10,3)");
    }

    @Test
    void anUnsafeChangeFailsBeforeAnythingChanges() throws Exception {
        publish(1, Map.of("u1", "v1"), table("a", LoadMode.APPEND, List.of(), "SELECT 1 AS id"),
                table("b", LoadMode.APPEND, List.of(), "SELECT 1 AS n"));

        assertThatThrownBy(() -> publish(2, Map.of("u2", "v2"), table("a", LoadMode.APPEND, List.of(), "SELECT 2 AS id, 'x' AS extra"),
                table("b", LoadMode.APPEND, List.of(), "SELECT 'text' AS n")))
                .isInstanceOf(DestinationException.class)
                .hasMessageContaining("column n of table " + shown("b") + " changed from INTEGER to VARCHAR")
                .hasMessageContaining("Nothing was published")
                .hasMessageContaining("--full-refresh")
                .hasMessageContaining(destination.describe());

        assertThat(query("SELECT * FROM " + table("a"))).containsExactly(row("1"));
        assertThat(columnTypes("a")).hasSize(1);
        assertThat(query("SELECT * FROM " + table("b"))).containsExactly(row("1"));
        assertThat(state()).containsExactly(Map.entry("u1", "v1"));
        assertThat(stagingTables()).isEmpty();
    }

    /** One planner (SchemaPlanner) decides for every destination: all of a table's problems are named at once, in its words. */
    @Test
    void everyUnsafeChangeOfATableIsNamedAtOnce() throws Exception {
        publish(1, Map.of(), table("c", LoadMode.APPEND, List.of(), "SELECT 1 AS n, 2 AS m"));

        assertThatThrownBy(() -> publish(2, Map.of(), table("c", LoadMode.APPEND, List.of(), false, new SchemaPolicy(false, false, false),
                "SELECT 'x' AS n, 3 AS m, 'new' AS extra")))
                .isInstanceOf(DestinationException.class)
                .hasMessageContaining("column n of table " + shown("c") + " changed from INTEGER to VARCHAR")
                .hasMessageContaining("the data has a new column extra VARCHAR that table " + shown("c")
                        + " does not have, and load.schema.evolve is false");
        assertThat(columnTypes("c")).hasSize(2);
    }

    @Test
    void anExactColumnIsNotTurnedIntoDoubleWithoutWidenToDouble() throws Exception {
        publish(1, Map.of("u1", "v1"), table("t", LoadMode.APPEND, List.of(), "SELECT 9007199254740993::BIGINT AS n"));

        assertThatThrownBy(() -> publish(2, Map.of("u2", "v2"), table("t", LoadMode.APPEND, List.of(), "SELECT 1.5e300::DOUBLE AS n")))
                .isInstanceOf(DestinationException.class)
                .hasMessageContaining("column n of table " + shown("t") + " changed from BIGINT to DOUBLE")
                .hasMessageContaining("Nothing was published")
                .hasMessageContaining("load.schema.widen_to_double: true");
        assertThat(query("SELECT n FROM " + table("t"))).containsExactly(row("9007199254740993"));
        assertThat(state()).containsExactly(Map.entry("u1", "v1"));

        publish(3, Map.of(), table("t", LoadMode.APPEND, List.of(), false, new SchemaPolicy(true, false, true), "SELECT 1.5e300::DOUBLE AS n"));
        assertThat(warnings).contains("table " + shown("t") + ": widened column n from BIGINT to DOUBLE");
    }

    @Test
    void doubleValuesWithAnExactDecimalFormWidenADecimalColumnAndLandAsThoseDigits() throws Exception {
        publish(1, Map.of(), table("t", LoadMode.APPEND, List.of(), "SELECT 1 AS id, 1234567890123456.78::DECIMAL(18,2) AS amount"));
        // 0.1 + 0.2 in DOUBLE prints as 0.30000000000000004: 17 digits, which a database's own double-to-numeric cast rounds
        publish(2, Map.of(), table("t", LoadMode.APPEND, List.of(), "SELECT 2 AS id, 0.1::DOUBLE + 0.2::DOUBLE AS amount"));

        assertThat(warnings).contains("table " + shown("t") + ": widened column amount from DECIMAL(18,2) to DECIMAL(33,17)");
        assertThat(query("SELECT amount FROM " + table("t") + " ORDER BY id")).containsExactly(
                row("1234567890123456.78000000000000000"), row("0.30000000000000004"));
    }

    @Test
    void aFailureInsideTheTransactionLeavesDataAndStateAsBefore() throws Exception {
        publish(1, Map.of("u1", "v1"), table("a", LoadMode.APPEND, List.of(), "SELECT 1 AS id"),
                table("b", LoadMode.APPEND, List.of(), "SELECT 1 AS n"));
        try (Statement statement = db.createStatement()) {
            statement.execute(notNull("b", "n"));
        }

        assertThatThrownBy(() -> publish(2, Map.of("u2", "v2"), table("a", LoadMode.APPEND, List.of(), "SELECT 2 AS id"),
                table("b", LoadMode.APPEND, List.of(), "SELECT NULL::INTEGER AS n")))
                .isInstanceOf(DestinationException.class)
                .hasMessageContaining("destination " + destination.describe())
                .hasMessageContaining("appending the new rows for table " + shown("b") + " failed");

        assertThat(query("SELECT * FROM " + table("a"))).containsExactly(row("1"));
        assertThat(query("SELECT * FROM " + table("b"))).containsExactly(row("1"));
        assertThat(state()).containsExactly(Map.entry("u1", "v1"));
        assertThat(query("SELECT count(*) FROM " + meta("loads") + " WHERE pipeline = '" + pipeline + "'")).containsExactly(row("2"));
        assertThat(stagingTables()).isEmpty();
    }

    @Test
    void rowsDuckDbFailsToProduceFailThePublishAndLeaveNothing() throws Exception {
        publish(1, Map.of("u1", "v1"), table("t", LoadMode.APPEND, List.of(), "SELECT 1 AS n"));

        assertThatThrownBy(() -> publish(2, Map.of("u2", "v2"), table("t", LoadMode.APPEND, List.of(),
                "SELECT CAST(x AS INTEGER) AS n FROM (VALUES ('2'), ('not a number')) v(x)")))
                .isInstanceOf(DestinationException.class)
                .hasMessageContaining(producingRowsStep() + " for table " + shown("t") + " failed");

        assertThat(query("SELECT * FROM " + table("t"))).containsExactly(row("1"));
        assertThat(state()).containsExactly(Map.entry("u1", "v1"));
        assertThat(stagingTables()).isEmpty();
    }

    @Test
    void theLastCommitIsTheNewestPublishedRunWithTheCountsItsLoadRecordKeeps() throws Exception {
        assertThat(destination.lastCommit(pipeline)).isEmpty();
        publish(1, Map.of("u1", "v1"), table("t", LoadMode.APPEND, List.of(), "SELECT 1 AS id"));
        publish(2, Map.of("u2", "v2"), table("t", LoadMode.APPEND, List.of(), "SELECT 2 AS id"), table("t2", LoadMode.APPEND, List.of(), "SELECT 3 AS id"));

        assertThat(destination.lastCommit(pipeline)).contains(new Destination.CommittedRun(2, COUNTS));
        assertThat(destination.lastCommit(pipeline + "_other")).isEmpty();
    }

    @Test
    void aFullRefreshRebuildsTheTableFromTheRunsRows() throws Exception {
        publish(1, Map.of("u1", "v1"), table("t", LoadMode.MERGE, List.of("id"), "SELECT 1 AS id, 5 AS v"));
        destination.publish(new PublishRequest(pipeline, 2, true, true, Map.of("u2", "v2"),
                List.of(table("t", LoadMode.MERGE, List.of("id"), "SELECT 2 AS id, 'now text' AS v")), COUNTS, duck, warnings));

        assertThat(query("SELECT id, v FROM " + table("t"))).containsExactly(row("2", "now text"));
        assertThat(state()).containsExactly(Map.entry("u2", "v2"));
    }

    @Test
    void awkwardTableAndColumnNamesAreQuotedEverywhere() throws Exception {
        String select = "SELECT 1 AS \"order\", 'a' AS \"Sales Total\", 'b' AS \"we\"\"ird\", 'c' AS \"it's\", 'd' AS \"back`tick\"";
        for (String name : List.of("order", "Sales Total", "we\"ird", "it's", "back`tick")) {
            publish(1, Map.of("it's a \"unit\"`", "v'1"), table(name, LoadMode.MERGE, List.of("order", "it's"), select));
            publish(2, Map.of(), table(name, LoadMode.MERGE, List.of("order", "it's"), select));
            assertThat(query("SELECT " + ident("order") + ", " + ident("Sales Total") + ", " + ident("we\"ird") + ", " + ident("it's")
                    + ", " + ident("back`tick") + " FROM " + table(name))).containsExactly(row("1", "a", "b", "c", "d"));
        }
        assertThat(state()).containsExactly(Map.entry("it's a \"unit\"`", "v'1"));
    }

    @Test
    void stagingTablesLeftByAKilledRunAreDroppedAtTheNextPublish() throws Exception {
        String leftover = leftoverStage(pipeline, 7);
        String other = liveStage(pipeline, 7);
        try (Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE " + table(leftover) + " (x INTEGER)");
            statement.execute("CREATE TABLE " + table(other) + " (x INTEGER)");
        }
        publish(8, Map.of(), table("t", LoadMode.APPEND, List.of(), "SELECT 1 AS x"));

        assertThat(stagingTables()).containsExactly(other);
    }

    /** The export runs on one DuckDB thread (the database reads one stream); the engine gets its threads back. */
    @Test
    void aPublishLeavesDuckDbsThreadSettingsAsItFoundThem() throws Exception {
        String before = io.tributary.sql.Sql.setting(duck, "threads");

        publish(1, Map.of(), table("t", LoadMode.APPEND, List.of(), "SELECT range AS x FROM range(1000)"));
        assertThatThrownBy(() -> publish(2, Map.of(), table("t", LoadMode.APPEND, List.of(), "SELECT CAST(v AS BIGINT) AS x FROM (VALUES ('2'), ('not a number')) t(v)")))
                .isInstanceOf(DestinationException.class);

        assertThat(io.tributary.sql.Sql.setting(duck, "threads")).isEqualTo(before);
        assertThat(io.tributary.sql.Sql.setting(duck, "async_threads")).isEqualTo(asyncThreadsBefore);
    }

    @Test
    void stagingTablesLeftByAKilledRunAreDroppedWhenTheNextRunRecovers() throws Exception {
        publish(1, Map.of(), table("t", LoadMode.APPEND, List.of(), "SELECT 1 AS x"));
        String leftover = leftoverStage(pipeline, 2);
        String other = liveStage(pipeline, 2);
        try (Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE " + table(leftover) + " (x INTEGER)");
            statement.execute("CREATE TABLE " + table(other) + " (x INTEGER)");
        }

        destination.recover(pipeline);

        assertThat(stagingTables()).containsExactly(other);
        assertThat(query("SELECT x FROM " + table("t"))).containsExactly(row("1"));
    }

    @Test
    void everyTypeRoundTripsExactly() throws Exception {
        publish(1, Map.of(), table("types", LoadMode.APPEND, List.of(), """
                SELECT 1 AS id, 42::TINYINT AS ti, 1000::SMALLINT AS si, 100000::INTEGER AS i, 9007199254740993::BIGINT AS bi,
                  12345678901234567890::UBIGINT AS ub, 170141183460469231731687303715884105727::HUGEINT AS hi,
                  123456789012.345678::DECIMAL(18,6) AS dec, 0.1::DOUBLE AS d, 1.5::FLOAT AS f,
                  'héllo ✓ 日本, "q" ''s'' \\ back
                second line' AS v, '' AS empty, 'NULL' AS nullword, true AS b, DATE '2024-02-29' AS dt,
                  TIME '23:59:59.123456' AS tm, TIMESTAMP '2024-03-01 12:34:56.123456' AS ts,
                  TIMESTAMPTZ '2024-03-01 12:34:56.654321+02' AS tz, '{"a": [1, 2]}'::JSON AS j,
                  'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::UUID AS u, '\\x00\\xFF\\x00abc'::BLOB AS bl, [1, 2, 3] AS l,
                  {'x': 1, 'y': 'z'} AS st, INTERVAL '1 year 2 months 3 days 04:05:06.789' AS iv
                UNION ALL
                SELECT 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                  NULL, NULL, NULL, NULL, NULL, NULL
                """));

        List<String> columns = List.of("ti", "si", "i", "bi", "ub", "hi", "dec", "d", "f", "v", "empty", "nullword", "b", "dt", "tm",
                "ts", "tz", "j", "u", "bl", "l", "st", "iv");
        StringBuilder select = new StringBuilder("SELECT ");
        for (String column : columns) {
            select.append(textOf(column)).append(", ");
        }
        select.append("id FROM ").append(table("types")).append(" ORDER BY id");
        List<List<String>> rows = query(select.toString());

        Map<String, String> expected = new LinkedHashMap<>(expectedTexts());
        expected.put("v", "héllo ✓ 日本, \"q\" 's' \\ back\nsecond line");
        assertThat(rows.get(0).subList(0, columns.size())).containsExactlyElementsOf(columns.stream().map(expected::get).toList());
        assertThat(rows.get(1).subList(0, columns.size())).containsOnlyNulls();
        assertThat(columnTypes("types")).containsAllEntriesOf(expectedTypes());
    }

    // ------------------------------------------------------------------ per database

    protected abstract String defaultSchema();

    protected abstract String meta(String table);

    protected abstract Map<String, String> columnTypes(String table) throws SQLException;

    protected abstract List<String> stagingTables() throws SQLException;

    protected abstract Map.Entry<String, String>[] widenedTypes();

    protected abstract String timestampText(String text);

    protected abstract String notNull(String table, String column);

    /** A SELECT expression giving the column's value as comparable text. */
    protected abstract String textOf(String column);

    protected abstract Map<String, String> expectedTexts();

    protected abstract Map<String, String> expectedTypes();

    protected static Path projectDir() {
        return Path.of(".");
    }
}
