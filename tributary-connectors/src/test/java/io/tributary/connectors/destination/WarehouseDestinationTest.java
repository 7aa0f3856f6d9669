package io.tributary.connectors.destination;

import io.tributary.project.WarehouseSpec;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.Destination;
import io.tributary.spi.TableName;
import io.tributary.warehouse.Warehouse;
import io.tributary.warehouse.WarehouseDestination;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The destination contract against the embedded DuckDB warehouse, opened as a run opens it: the rows
 * are staged on a session of the warehouse itself, which the publish then commits on.
 */
class WarehouseDestinationTest extends DestinationContract {
    /** Runs from this id on are "still going on in this process": recovery must leave their staging tables alone. */
    private static final long LIVE_RUNS = 1_000_000;
    private Path folder;
    private Warehouse warehouse;

    @Override
    protected ConnectionSpec createDatabase() throws Exception {
        folder = Files.createTempDirectory("tributary-warehouse-dest");
        warehouse = Warehouse.open(new WarehouseSpec(folder.resolve("warehouse.duckdb"), null, null));
        return null;
    }

    @Override
    protected Destination open(ConnectionSpec spec) {
        return new WarehouseDestination(warehouse, run -> run >= LIVE_RUNS);
    }

    @Override
    protected Connection connect() throws SQLException {
        return warehouse.session();
    }

    @Override
    protected Connection engine() throws SQLException {
        return warehouse.session();
    }

    @Override
    protected void dropDatabase() throws Exception {
        warehouse.close();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @Override
    protected String shown(String table) {
        return TableName.parse(table).toString();
    }

    @Override
    protected String leftoverStage(String pipeline, long run) {
        return Warehouse.STAGE_PREFIX + run + "_0";
    }

    @Override
    protected String liveStage(String pipeline, long run) {
        return Warehouse.STAGE_PREFIX + (LIVE_RUNS + run) + "_0";
    }

    @Override
    protected String producingRowsStep() {
        return "appending the new rows";
    }

    @Override
    protected String table(String name) {
        return "main." + ident(name);
    }

    @Override
    protected String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    @Override
    protected String defaultSchema() {
        return "main";
    }

    @Override
    protected String meta(String table) {
        return Warehouse.META + "." + table;
    }

    @Override
    protected Map<String, String> columnTypes(String table) throws SQLException {
        Map<String, String> types = new LinkedHashMap<>();
        for (List<String> row : query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' "
                + "AND table_name = '" + table.replace("'", "''") + "' ORDER BY ordinal_position")) {
            types.put(row.get(0), row.get(1));
        }
        return types;
    }

    @Override
    protected List<String> stagingTables() throws SQLException {
        List<String> names = new ArrayList<>();
        for (List<String> row : query("SELECT table_name FROM duckdb_tables() WHERE starts_with(table_name, '" + Warehouse.STAGE_PREFIX
                + "') ORDER BY 1")) {
            names.add(row.get(0));
        }
        return names;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Map.Entry<String, String>[] widenedTypes() {
        return new Map.Entry[] {Map.entry("n", "BIGINT"), Map.entry("amount", "DECIMAL(10,3)"), Map.entry("day", "TIMESTAMP")};
    }

    /** DuckDB's JDBC driver gives a TIMESTAMP as {@link java.sql.Timestamp#toString}: a whole second ends in {@code .0}. */
    @Override
    protected String timestampText(String text) {
        return text.contains(".") ? text : text + ".0";
    }

    @Override
    protected String notNull(String table, String column) {
        return "ALTER TABLE " + table(table) + " ALTER COLUMN " + ident(column) + " SET NOT NULL";
    }

    @Override
    protected String textOf(String column) {
        return "CAST(" + ident(column) + " AS VARCHAR)";
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
        texts.put("bl", "\\x00\\xFF\\x00abc");
        texts.put("l", "[1, 2, 3]");
        texts.put("st", "{'x': 1, 'y': z}");
        texts.put("iv", "1 year 2 months 3 days 04:05:06.789");
        return texts;
    }

    @Override
    protected Map<String, String> expectedTypes() {
        return Map.ofEntries(Map.entry("ti", "TINYINT"), Map.entry("si", "SMALLINT"), Map.entry("i", "INTEGER"), Map.entry("bi", "BIGINT"),
                Map.entry("ub", "UBIGINT"), Map.entry("hi", "HUGEINT"), Map.entry("dec", "DECIMAL(18,6)"), Map.entry("d", "DOUBLE"),
                Map.entry("f", "FLOAT"), Map.entry("v", "VARCHAR"), Map.entry("b", "BOOLEAN"), Map.entry("dt", "DATE"), Map.entry("tm", "TIME"),
                Map.entry("ts", "TIMESTAMP"), Map.entry("tz", "TIMESTAMP WITH TIME ZONE"), Map.entry("j", "JSON"), Map.entry("u", "UUID"),
                Map.entry("iv", "INTERVAL"), Map.entry("bl", "BLOB"), Map.entry("l", "INTEGER[]"), Map.entry("st", "STRUCT(x INTEGER, y VARCHAR)"));
    }
}
