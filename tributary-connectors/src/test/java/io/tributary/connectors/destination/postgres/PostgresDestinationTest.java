package io.tributary.connectors.destination.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.connectors.destination.DatabaseDestinationContract;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.LoadMode;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import io.tributary.spi.TableWrite;
import io.tributary.spi.RowParts;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The destination contract against a real PostgreSQL (127.0.0.1:5432, user postgres), one fresh database per test. */
public class PostgresDestinationTest extends DatabaseDestinationContract {
    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    private String database;

    protected static ConnectionSpec spec(String database) {
        return new ConnectionSpec("warehouse_pg", "postgres", "127.0.0.1", 5432, database, "postgres", null, Map.of(), null, null, null);
    }

    public static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    protected ConnectionSpec createDatabase() throws SQLException {
        database = "tributary_dest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        admin("CREATE DATABASE " + database);
        return spec(database);
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(SERVER + database, "postgres", "");
    }

    @Override
    protected Destination open(ConnectionSpec spec) throws DestinationException {
        return new PostgresDestinationFactory().open(spec, projectDir());
    }

    @Override
    protected void dropDatabase() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Override
    protected String table(String name) {
        return "public." + ident(name);
    }

    @Override
    protected String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    protected String defaultSchema() {
        return "public";
    }

    @Override
    protected String meta(String table) {
        return "_tributary." + table;
    }

    @Override
    protected Map<String, String> columnTypes(String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (List<String> row : query("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a WHERE a.attrelid = "
                + "to_regclass('" + table(table).replace("'", "''") + "') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            types.put(row.get(0), row.get(1));
        }
        return types;
    }

    @Override
    protected List<String> stagingTables() throws SQLException {
        List<String> names = new ArrayList<>();
        for (List<String> row : query("SELECT table_name FROM information_schema.tables WHERE table_name LIKE '\\_tributary\\_stage\\_%' ORDER BY 1")) {
            names.add(row.get(0));
        }
        return names;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Map.Entry<String, String>[] widenedTypes() {
        return new Map.Entry[] {Map.entry("n", "bigint"), Map.entry("amount", "numeric(10,3)"), Map.entry("day", "timestamp without time zone")};
    }

    @Override
    protected String timestampText(String text) {
        return text;
    }

    @Override
    protected String notNull(String table, String column) {
        return "ALTER TABLE " + table(table) + " ALTER COLUMN " + ident(column) + " SET NOT NULL";
    }

    @Override
    protected String textOf(String column) {
        return ident(column) + "::text";
    }

    @Override
    protected Map<String, String> expectedTexts() {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("ti", "42");
        texts.put("si", "1000");
        texts.put("i", "100000");
        texts.put("bi", "9007199254740993");
        texts.put("ub", "12345678901234567890");
        texts.put("hi", "170141183460469231731687303715884105727");
        texts.put("dec", "123456789012.345678");
        texts.put("d", "0.1");
        texts.put("f", "1.5");
        texts.put("empty", "");
        texts.put("nullword", "NULL");
        texts.put("b", "true");
        texts.put("dt", "2024-02-29");
        texts.put("tm", "23:59:59.123456");
        texts.put("ts", "2024-03-01 12:34:56.123456");
        texts.put("tz", "2024-03-01 10:34:56.654321+00");
        texts.put("j", "{\"a\": [1, 2]}");
        texts.put("u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        texts.put("bl", "\\x00ff00616263");
        texts.put("l", "[1, 2, 3]");
        texts.put("st", "{\"x\": 1, \"y\": \"z\"}");
        texts.put("iv", "1 year 2 mons 3 days 04:05:06.789");
        return texts;
    }

    @Override
    protected Map<String, String> expectedTypes() {
        return Map.ofEntries(Map.entry("ti", "smallint"), Map.entry("si", "smallint"), Map.entry("i", "integer"), Map.entry("bi", "bigint"),
                Map.entry("ub", "numeric(20,0)"), Map.entry("hi", "numeric(39,0)"), Map.entry("dec", "numeric(18,6)"),
                Map.entry("d", "double precision"), Map.entry("f", "real"), Map.entry("v", "text"), Map.entry("b", "boolean"),
                Map.entry("dt", "date"), Map.entry("tm", "time without time zone"), Map.entry("ts", "timestamp without time zone"),
                Map.entry("tz", "timestamp with time zone"), Map.entry("j", "jsonb"), Map.entry("u", "uuid"), Map.entry("iv", "interval"), Map.entry("bl", "bytea"),
                Map.entry("l", "jsonb"), Map.entry("st", "jsonb"));
    }

    @Test
    void tablesInANamedSchemaGoThereAndMainMeansPublic() throws Exception {
        publish(1, Map.of(), table("raw.orders", io.tributary.spi.LoadMode.APPEND, List.of(), "SELECT 1 AS id"),
                table("main.other", io.tributary.spi.LoadMode.APPEND, List.of(), "SELECT 2 AS id"));

        assertThat(query("SELECT id FROM raw.orders")).containsExactly(row("1"));
        assertThat(query("SELECT id FROM public.other")).containsExactly(row("2"));
    }

    @Test
    void manyRowsWithQuotedNewlinesAndUnicodeArriveWhole() throws Exception {
        String select = "SELECT i AS id, 'line ' || i || chr(10) || '\"quoted\", ' || repeat('é', (i % 50)::INTEGER) AS t FROM range(300000) r(i)";
        long rows = publish(1, Map.of(), table("big", io.tributary.spi.LoadMode.APPEND, List.of(), select));

        assertThat(rows).isEqualTo(300_000);
        List<String> expected;
        try (Statement statement = duck.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*), sum(length(t)), sum(id), md5(string_agg(t, '|' ORDER BY id)) FROM (" + select + ")")) {
            rs.next();
            expected = List.of(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
        }
        assertThat(query("SELECT count(*), sum(length(t)), sum(id), md5(string_agg(t, '|' ORDER BY id)) FROM public.big").get(0))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void aValueThePostgresRefusesEarlyInABigLoadFailsThePublishWithoutWaitingForTheRest() throws Exception {
        publish(1, Map.of("u1", "v1"), table("t", io.tributary.spi.LoadMode.APPEND, List.of(), "SELECT 0::BIGINT AS id, 'ok' AS v"));
        // PostgreSQL text cannot hold a NUL character: COPY fails on the first row while DuckDB still exports the others
        String select = "SELECT i AS id, CASE WHEN i = 0 THEN 'a' || chr(0) || 'b' ELSE repeat('x', 100) END AS v FROM range(500000) r(i)";

        assertThatThrownBy(() -> publish(2, Map.of("u2", "v2"), table("t", io.tributary.spi.LoadMode.APPEND, List.of(), select)))
                .isInstanceOf(DestinationException.class)
                .hasMessageContaining("loading rows into the staging table for table public.t failed");

        assertThat(query("SELECT id, v FROM public.t")).containsExactly(row("0", "ok"));
        assertThat(state()).containsExactly(Map.entry("u1", "v1"));
        assertThat(stagingTables()).isEmpty();
    }

    /** A table of {@code select}'s rows that a destination may load in parts: part i of n holds the ids with id % n = i. */
    private TableWrite splittable(String name, String select) throws SQLException {
        TableWrite whole = table(name, LoadMode.APPEND, List.of(), select);
        RowParts byId = (index, count) -> "(SELECT * FROM " + whole.rows() + " WHERE id % " + count + " = " + index + ")";
        return new TableWrite(whole.target(), whole.mode(), whole.key(), false, whole.schema(), whole.rows(), whole.orderedRows(), byId, whole.columns(), null, null);
    }

    @Test
    void aBigTableLoadsOverTwoSessionsAtOnceWithEveryRowOnce() throws Exception {
        PostgresDestination postgres = (PostgresDestination) destination;
        postgres.parallelFromRows = 10_000;
        String select = "SELECT i AS id, 'row ' || i || chr(10) || '\"q\"' AS t FROM range(50000) r(i)";

        long rows = publish(1, Map.of("u", "1"), splittable("big", select));

        assertThat(postgres.lastStreams).isEqualTo(2);
        assertThat(rows).isEqualTo(50_000);
        assertThat(query("SELECT count(*), count(DISTINCT id), sum(id), min(t), max(t) FROM public.big").get(0))
                .containsExactly("50000", "50000", String.valueOf(49_999L * 50_000 / 2), "row 0\n\"q\"", "row 9999\n\"q\"");
        assertThat(state()).containsExactly(Map.entry("u", "1"));
        assertThat(stagingTables()).isEmpty();
    }

    @Test
    void aSmallTableLoadsOverOneSession() throws Exception {
        PostgresDestination postgres = (PostgresDestination) destination;
        postgres.parallelFromRows = 10_000;

        publish(1, Map.of(), splittable("small", "SELECT i AS id FROM range(9999) r(i)"));

        assertThat(postgres.lastStreams).isEqualTo(1);
        assertThat(query("SELECT count(DISTINCT id) FROM public.small")).containsExactly(row("9999"));
    }

    @Test
    void aServerRefusingAnotherSessionGetsTheRowsOverOne() throws Exception {
        PostgresDestination refused = new PostgresDestination(spec(database), connect(), () -> {
            throw new SQLException("FATAL: sorry, too many clients already");
        });
        refused.parallelFromRows = 10_000;
        try {
            refused.publish(new io.tributary.spi.PublishRequest(pipeline, 1, false, false, Map.of(), List.of(
                    splittable("big", "SELECT i AS id FROM range(50000) r(i)")), COUNTS, duck, warnings));
        } finally {
            refused.close();
        }

        assertThat(refused.lastStreams).isEqualTo(1);
        assertThat(query("SELECT count(*), count(DISTINCT id) FROM public.big")).containsExactly(row("50000", "50000"));
    }

    @Test
    void aPartThatFailsInItsOwnSessionFailsThePublishAndPublishesNothing() throws Exception {
        PostgresDestination postgres = (PostgresDestination) destination;
        postgres.parallelFromRows = 10_000;
        publish(1, Map.of("u", "1"), table("t", LoadMode.APPEND, List.of(), "SELECT -1::BIGINT AS id, 'ok' AS v"));
        // row 7 (part 1 of 2, the extra session's) holds a NUL character, which PostgreSQL text refuses
        String select = "SELECT i AS id, CASE WHEN i = 7 THEN 'a' || chr(0) || 'b' ELSE 'v' || i END AS v FROM range(50000) r(i)";
        String threads = io.tributary.sql.Sql.setting(duck, "threads");

        assertThatThrownBy(() -> publish(2, Map.of("u", "2"), splittable("t", select)))
                .isInstanceOf(DestinationException.class)
                .hasMessageContaining("loading rows into the staging table for table public.t failed");

        assertThat(postgres.lastStreams).isEqualTo(2);
        assertThat(query("SELECT id, v FROM public.t")).containsExactly(row("-1", "ok"));
        assertThat(state()).containsExactly(Map.entry("u", "1"));
        assertThat(stagingTables()).isEmpty();
        assertThat(io.tributary.sql.Sql.setting(duck, "threads")).isEqualTo(threads);
        assertThat(io.tributary.sql.Sql.setting(duck, "async_threads")).isEqualTo(asyncThreadsBefore);
    }

    @Test
    void anUnreachableServerIsAConnectionFailureNamingTheConnectionWithoutThePassword() {
        ConnectionSpec spec = new ConnectionSpec("warehouse_pg", "postgres", "127.0.0.1", 1, "x", "etl", "s3cret-pw", Map.of(), null, null, null);
        io.tributary.config.Secrets.remember("s3cret-pw");

        assertThatThrownBy(() -> new PostgresDestinationFactory().open(spec, projectDir()))
                .isInstanceOf(DestinationException.class)
                .hasMessageContaining("connection 'warehouse_pg' (postgres://etl@127.0.0.1:1/x)")
                .hasMessageContaining("cannot reach")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void theStateOfADatabaseNeverPublishedToIsEmpty() throws Exception {
        assertThat(query("SELECT count(*) FROM information_schema.schemata WHERE schema_name = '_tributary'")).containsExactly(row("0"));
        assertThat(state()).isEmpty();
    }
}
