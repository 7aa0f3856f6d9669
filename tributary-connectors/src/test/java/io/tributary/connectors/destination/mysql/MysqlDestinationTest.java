package io.tributary.connectors.destination.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.connectors.destination.DatabaseDestinationContract;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.LoadMode;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import io.tributary.spi.TableWrite;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The destination contract against a real MariaDB (127.0.0.1:3306, root), one fresh database per
 * test; Tributary's own tables live in the shared database {@code _tributary}, keyed by the test's
 * unique pipeline name.
 */
public class MysqlDestinationTest extends DatabaseDestinationContract {
    public static final String SERVER = "jdbc:mariadb://127.0.0.1:3306/";
    protected String database;

    public static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(SERVER, "root", "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    protected ConnectionSpec createDatabase() throws SQLException {
        database = "tributary_dest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        admin("CREATE DATABASE " + database);
        return new ConnectionSpec("warehouse_my", "mariadb", "127.0.0.1", 3306, database, "root", null, Map.of(), null, null, null);
    }

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(SERVER + database, "root", "");
    }

    @Override
    protected Destination open(ConnectionSpec spec) throws DestinationException {
        return new MysqlDestinationFactory().open(spec, projectDir());
    }

    @Override
    protected void dropDatabase() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + database);
        for (String table : List.of("state", "loads", "swaps")) {
            try (Connection connection = DriverManager.getConnection(SERVER, "root", "");
                 var delete = connection.prepareStatement("DELETE FROM _tributary." + table + " WHERE pipeline = ?")) {
                delete.setString(1, pipeline);
                delete.executeUpdate();
            } catch (SQLException ignored) {
                // the test never got as far as creating Tributary's tables
            }
        }
    }

    @Override
    protected String table(String name) {
        return ident(database) + "." + ident(name);
    }

    @Override
    protected String ident(String name) {
        return '`' + name.replace("`", "``") + '`';
    }

    @Override
    protected String defaultSchema() {
        return database;
    }

    @Override
    protected String meta(String table) {
        return "`" + database + "`._tributary_" + table;
    }

    @Override
    protected Map<String, String> columnTypes(String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (List<String> row : query("SELECT column_name, column_type FROM information_schema.columns WHERE table_schema = '" + database
                + "' AND table_name = '" + table.replace("'", "''") + "' ORDER BY ordinal_position")) {
            types.put(row.get(0), row.get(1));
        }
        return types;
    }

    @Override
    protected List<String> stagingTables() throws SQLException {
        List<String> names = new ArrayList<>();
        for (List<String> row : query("SELECT table_name FROM information_schema.tables WHERE table_schema = '" + database
                + "' AND table_name LIKE '\\_tributary\\_stage\\_%' ORDER BY 1")) {
            names.add(row.get(0));
        }
        return names;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Map.Entry<String, String>[] widenedTypes() {
        return new Map.Entry[] {Map.entry("n", "bigint(20)"), Map.entry("amount", "decimal(10,3)"), Map.entry("day", "datetime(6)")};
    }

    @Override
    protected String timestampText(String text) {
        return text.contains(".") ? text : text + ".000000";
    }

    @Override
    protected String notNull(String table, String column) {
        return "ALTER TABLE " + table(table) + " MODIFY COLUMN " + ident(column) + " INT NOT NULL";
    }

    @Override
    protected String textOf(String column) {
        return column.equals("bl") ? "hex(" + ident(column) + ")" : "CAST(" + ident(column) + " AS CHAR)";
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
        texts.put("b", "1");
        texts.put("dt", "2024-02-29");
        texts.put("tm", "23:59:59.123456");
        texts.put("ts", "2024-03-01 12:34:56.123456");
        texts.put("tz", "2024-03-01 10:34:56.654321");
        texts.put("j", "{\"a\": [1, 2]}");
        texts.put("u", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");
        texts.put("bl", "00FF00616263");
        texts.put("l", "[1,2,3]");
        texts.put("st", "{\"x\":1,\"y\":\"z\"}");
        texts.put("iv", "1 year 2 months 3 days 04:05:06.789");
        return texts;
    }

    @Override
    protected Map<String, String> expectedTypes() {
        return Map.ofEntries(Map.entry("ti", "tinyint(4)"), Map.entry("si", "smallint(6)"), Map.entry("i", "int(11)"),
                Map.entry("bi", "bigint(20)"), Map.entry("ub", "decimal(20,0)"), Map.entry("hi", "decimal(39,0)"),
                Map.entry("dec", "decimal(18,6)"), Map.entry("d", "double"), Map.entry("f", "float"), Map.entry("v", "longtext"),
                Map.entry("b", "tinyint(1)"), Map.entry("dt", "date"), Map.entry("tm", "time(6)"), Map.entry("ts", "datetime(6)"),
                Map.entry("tz", "datetime(6)"), Map.entry("j", "longtext"), Map.entry("u", "char(36)"), Map.entry("iv", "longtext"), Map.entry("bl", "longblob"));
    }

    @Test
    void aSwapCommittedButNotPerformedIsCompletedBeforeTheStateIsRead() throws Exception {
        publish(1, Map.of("u1", "v1"), table("t", LoadMode.REPLACE, List.of(), "SELECT 1 AS id"));
        // what a process killed right after the publish transaction leaves: the new table under its
        // staging name, the swap recorded, the state already committed
        String stage = leftoverStage(pipeline, 2);
        try (Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE " + table(stage) + " (id INT)");
            statement.execute("INSERT INTO " + table(stage) + " VALUES (2)");
            statement.execute("INSERT INTO _tributary_swaps VALUES ('" + pipeline + "', 2, '" + database + "', 't', '" + stage + "')");
            statement.execute("UPDATE _tributary_state SET value = 'v2' WHERE pipeline = '" + pipeline + "'");
        }

        assertThat(state()).containsExactly(Map.entry("u1", "v2"));
        assertThat(query("SELECT id FROM " + table("t"))).containsExactly(row("2"));
        assertThat(stagingTables()).isEmpty();
        assertThat(query("SELECT count(*) FROM _tributary_swaps WHERE pipeline = '" + pipeline + "'")).containsExactly(row("0"));
    }

    @Test
    void aValueMysqlCannotHoldFailsThePublishNamingTheValueTheColumnAndTheKey() throws Exception {
        TableWrite events = table("events", LoadMode.MERGE, List.of("id"), "SELECT * FROM (VALUES (1, 'a', TIMESTAMP '2024-01-01 10:00'), "
                + "(2, 'b', TIMESTAMP 'infinity'), (3, 'c', TIMESTAMP '2024-01-02 10:00')) t(id, code, ts)");

        assertThatThrownBy(() -> publish(1, Map.of("u", "v"), events)).isInstanceOf(DestinationException.class)
                .hasMessageContaining("for table " + database + ".events")
                .hasMessageContaining("value infinity of column ts (id 2) has no MySQL/MariaDB DATETIME equivalent")
                .hasMessageContaining("CASE WHEN")
                .hasMessageNotContaining("Data truncated");
        assertThat(state()).isEmpty();
        assertThat(stagingTables()).isEmpty();
        assertThat(query("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + database + "' AND table_name = 'events'"))
                .containsExactly(row("0"));
    }

    @Test
    void aFarYearOrANotANumberIsNamedWithTheRowsValuesWhenTheTableHasNoKey() throws Exception {
        TableWrite far = table("far", LoadMode.APPEND, List.of(), "SELECT * FROM (VALUES ('x', DATE '2024-01-01'), ('y', DATE '12024-01-01')) t(code, d)");
        TableWrite nan = table("nan", LoadMode.APPEND, List.of(), "SELECT * FROM (VALUES (1, 1.5::DOUBLE), (2, 'nan'::DOUBLE)) t(n, x)");

        assertThatThrownBy(() -> publish(1, Map.of(), far)).isInstanceOf(DestinationException.class)
                .hasMessageContaining("value 12024-01-01 of column d (the row with code y) has no MySQL/MariaDB DATE equivalent");
        assertThatThrownBy(() -> publish(2, Map.of(), nan)).isInstanceOf(DestinationException.class)
                .hasMessageContaining("value nan of column x (the row with n 2) has no MySQL/MariaDB DOUBLE equivalent");
    }

    @Test
    void mergeTablesGetAnIndexOnTheirKey() throws Exception {
        publish(1, Map.of(), table("m", LoadMode.MERGE, List.of("code"), "SELECT 'a' AS code, 1 AS v"));

        assertThat(query("SELECT column_name, sub_part FROM information_schema.statistics WHERE table_schema = '" + database
                + "' AND table_name = 'm'")).containsExactly(row("code", "191"));
    }
}
