package io.tributary.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.MetadataStores;
import io.tributary.metadata.Migrations;
import io.tributary.metadata.NewRun;
import io.tributary.metadata.Owner;
import io.tributary.project.WarehouseSpec;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new warehouse copied from the packaged empty one is what Flyway makes of an empty file, without running Flyway. */
class EmptyWarehouseTest {
    @TempDir
    Path dir;

    @Test
    void aNewWarehouseHoldsTheTablesAndSchemaHistoriesFlywayWouldHaveWritten() throws Exception {
        LocalDateTime before = LocalDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(1).truncatedTo(ChronoUnit.SECONDS);
        Path copied = dir.resolve("copied/warehouse.duckdb");
        try (Warehouse warehouse = Warehouse.open(new WarehouseSpec(copied, null, null), false, true)) {
            MetadataStores.inWarehouse(warehouse.connection(), "the copied warehouse").close();
        }
        Path migrated = dir.resolve("migrated.duckdb");
        try (Connection warehouse = DriverManager.getConnection("jdbc:duckdb:" + migrated)) {
            Migrations.migrate(() -> warehouse.unwrap(DuckDBConnection.class).duplicate(), Warehouse.META, Migrations.WAREHOUSE, "test");
            MetadataStores.inWarehouse(warehouse, "the migrated warehouse").close();
        }

        try (Connection copy = DriverManager.getConnection("jdbc:duckdb:" + copied, readOnly());
             Connection flyway = DriverManager.getConnection("jdbc:duckdb:" + migrated, readOnly())) {
            String columns = "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = '_tributary' ORDER BY ALL";
            assertThat(rows(copy, columns)).isNotEmpty().isEqualTo(rows(flyway, columns));
            assertThat(rows(copy, "SELECT sequence_name, start_value FROM duckdb_sequences() ORDER BY ALL"))
                    .isEqualTo(rows(flyway, "SELECT sequence_name, start_value FROM duckdb_sequences() ORDER BY ALL"));
            for (Migrations.Set set : List.of(Migrations.WAREHOUSE, Migrations.METADATA_DUCKDB)) {
                String history = "SELECT installed_rank, version, description, type, script, checksum, success FROM _tributary."
                        + set.historyTable() + " ORDER BY installed_rank";
                assertThat(rows(copy, history)).as(set.historyTable()).isNotEmpty().isEqualTo(rows(flyway, history));
                try (Statement statement = copy.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT min(installed_on) FROM _tributary." + set.historyTable())) {
                    rs.next();
                    assertThat(rs.getObject(1, LocalDateTime.class)).as("migrations count as installed when the warehouse was created")
                            .isAfterOrEqualTo(before);
                }
            }
        }
    }

    @Test
    void aWarehouseWhoseHistoryLivesElsewhereGetsNoHistoryTables() throws Exception {
        Path copied = dir.resolve("copied.duckdb");
        Warehouse.open(new WarehouseSpec(copied, null, null), false, false).close();
        Path migrated = dir.resolve("migrated.duckdb");
        try (Connection warehouse = DriverManager.getConnection("jdbc:duckdb:" + migrated)) {
            Migrations.migrate(() -> warehouse.unwrap(DuckDBConnection.class).duplicate(), Warehouse.META, Migrations.WAREHOUSE, "test");
        }
        try (Connection copy = DriverManager.getConnection("jdbc:duckdb:" + copied, readOnly());
             Connection flyway = DriverManager.getConnection("jdbc:duckdb:" + migrated, readOnly())) {
            String tables = "SELECT table_name FROM duckdb_tables() WHERE schema_name = '_tributary' ORDER BY ALL";
            assertThat(rows(copy, tables)).isEqualTo(rows(flyway, tables))
                    .doesNotContain(List.of("runs"), List.of(Migrations.METADATA_DUCKDB.historyTable()));
        }
    }

    @Test
    void runsInACopiedWarehouseGetIdsFromItsOwnSequence() {
        try (Warehouse warehouse = Warehouse.open(new WarehouseSpec(dir.resolve("warehouse.duckdb"), null, null), false, true);
             MetadataStore store = MetadataStores.inWarehouse(warehouse.connection(), "the warehouse")) {
            assertThat(store.startRun(new NewRun("orders", "main.orders", "append", false, Owner.thisProcess()))).isEqualTo(1);
            assertThat(store.startRun(new NewRun("customers", "main.customers", "append", false, Owner.thisProcess()))).isEqualTo(2);
        }
    }

    @Test
    void anExistingFileOrALeftoverWriteAheadLogIsNeverReplacedByTheCopy() throws Exception {
        Path file = dir.resolve("warehouse.duckdb");
        Files.writeString(file, "not a warehouse");
        assertThat(EmptyWarehouse.createAt(file, true)).isFalse();
        assertThat(Files.readString(file)).isEqualTo("not a warehouse");

        Path logged = dir.resolve("logged.duckdb");
        Files.writeString(Path.of(logged + ".wal"), "a write-ahead log");
        assertThat(EmptyWarehouse.createAt(logged, true)).as("DuckDB decides what a log without its file means").isFalse();
        assertThat(logged).doesNotExist();

        Path fresh = dir.resolve("fresh.duckdb");
        assertThat(EmptyWarehouse.createAt(fresh, true)).isTrue();
        assertThat(fresh).isNotEmptyFile();
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Path plain = Files.createFile(dir.resolve("plain"));
            assertThat(Files.getPosixFilePermissions(fresh)).as("the permissions of any new file, as DuckDB's own would have")
                    .isEqualTo(Files.getPosixFilePermissions(plain));
            Files.delete(plain);
        }
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no temporary copy is left beside it")
                    .containsExactlyInAnyOrder("warehouse.duckdb", "logged.duckdb.wal", "fresh.duckdb");
        }
    }

    @Test
    void aWarehouseBehindTheNewestMigrationIsBroughtUpToDateByFlyway() throws Exception {
        Path file = dir.resolve("warehouse.duckdb");
        WarehouseSpec spec = new WarehouseSpec(file, null, null);
        try (Warehouse warehouse = Warehouse.open(spec, false, true);
             Statement statement = warehouse.connection().createStatement()) {
            // as a copy packaged before the later migrations of both sets would be (V2+ and V3+)
            statement.execute("DELETE FROM _tributary.warehouse_schema_history WHERE CAST(version AS INTEGER) >= 2");
            statement.execute("ALTER TABLE _tributary.loads DROP COLUMN rows_read");
            statement.execute("DELETE FROM _tributary.metadata_schema_history WHERE CAST(version AS INTEGER) >= 3");
            for (String drop : undoOfMetadataMigrationsFrom(3)) {
                statement.execute(drop);
            }
        }
        try (Warehouse warehouse = Warehouse.open(spec);
             MetadataStore store = MetadataStores.inWarehouse(warehouse.connection(), "the warehouse");
             Statement statement = warehouse.connection().createStatement()) {
            assertThat(store.runs(null, 1)).isEmpty();
            for (Migrations.Set set : List.of(Migrations.WAREHOUSE, Migrations.METADATA_DUCKDB)) {
                try (ResultSet rs = statement.executeQuery("SELECT max(CAST(version AS INTEGER)) FROM _tributary." + set.historyTable())) {
                    rs.next();
                    assertThat(rs.getInt(1)).as(set.historyTable()).isEqualTo(set.newest());
                }
            }
            assertThat(rows(warehouse.connection(), "SELECT column_name FROM duckdb_columns() WHERE table_name = 'loads' AND column_name = 'rows_read'"))
                    .hasSize(1);
            assertThat(rows(warehouse.connection(), "SELECT table_name FROM duckdb_tables() WHERE table_name = 'run_logs'")).hasSize(1);
        }
    }

    private static java.util.Properties readOnly() {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("duckdb.read_only", "true");
        return properties;
    }

    private static List<List<Object>> rows(Connection connection, String sql) throws Exception {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * Drops what the packaged DuckDB metadata migrations from {@code version} on create (tables, then the sequences
     * their defaults use), read from the scripts themselves so that a new migration needs no change here.
     */
    private static List<String> undoOfMetadataMigrationsFrom(int version) throws Exception {
        Path folder = Path.of(EmptyWarehouseTest.class.getResource("/io/tributary/metadata/migration/duckdb").toURI());
        Pattern script = Pattern.compile("V(\\d+)__.*\\.sql");
        Pattern create = Pattern.compile("CREATE (TABLE|SEQUENCE) (?:IF NOT EXISTS )?(\\w+)", Pattern.CASE_INSENSITIVE);
        List<String> tables = new ArrayList<>();
        List<String> sequences = new ArrayList<>();
        try (var scripts = Files.list(folder)) {
            for (Path path : scripts.sorted().toList()) {
                Matcher name = script.matcher(path.getFileName().toString());
                if (name.matches() && Integer.parseInt(name.group(1)) >= version) {
                    Matcher object = create.matcher(Files.readString(path));
                    while (object.find()) {
                        String kind = object.group(1).toUpperCase(java.util.Locale.ROOT);
                        (kind.equals("TABLE") ? tables : sequences).add("DROP " + kind + " _tributary." + object.group(2));
                    }
                }
            }
        }
        assertThat(tables).as("the later migrations create tables").contains("DROP TABLE _tributary.run_logs");
        List<String> drops = new ArrayList<>(tables);
        drops.addAll(sequences);
        return drops;
    }
}
