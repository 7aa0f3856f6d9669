package io.tributary.metadata;

import io.tributary.spi.RunCounts;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A warehouse written by Tributary before versioned migrations keeps its history when opened by this one. */
class LegacyWarehouseMigrationTest {
    @TempDir
    Path dir;

    @Test
    void theRunHistoryOfAWarehouseFromBeforeMigrationsIsKeptAndRunIdsContinueAfterIt() throws Exception {
        try (Connection warehouse = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"))) {
            try (Statement statement = warehouse.createStatement()) {
                // exactly the tables and columns Tributary 0.1 created (Warehouse.createMetadata before the store)
                statement.execute("CREATE SCHEMA _tributary");
                statement.execute("CREATE TABLE _tributary.runs (run_id BIGINT, pipeline VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP, "
                        + "status VARCHAR, rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT, bytes_read BIGINT, units_loaded BIGINT, "
                        + "target VARCHAR, mode VARCHAR, full_refresh BOOLEAN, error VARCHAR)");
                statement.execute("CREATE TABLE _tributary.state (pipeline VARCHAR, unit VARCHAR, value VARCHAR, run_id BIGINT, updated_at TIMESTAMP)");
                statement.execute("INSERT INTO _tributary.runs VALUES "
                        + "(1, 'orders', TIMESTAMP '2026-11-01 10:00:00', TIMESTAMP '2026-11-01 10:00:05', 'success', 10, 9, 1, 500, 1, 'main.orders', 'append', false, NULL), "
                        + "(2, 'orders', TIMESTAMP '2026-11-02 10:00:00', TIMESTAMP '2026-11-02 10:00:03', 'failed', 4, 0, 4, 80, 0, 'main.orders', 'append', false, 'too many rejects'), "
                        + "(7, 'customers', TIMESTAMP '2026-11-03 10:00:00', NULL, 'running', 0, 0, 0, 0, 0, 'main.customers', 'merge', false, NULL)");
                statement.execute("INSERT INTO _tributary.state VALUES ('orders', 'data/a.csv', 'x', 1, TIMESTAMP '2026-11-01 10:00:05')");
            }

            try (MetadataStore store = MetadataStores.inWarehouse(warehouse, "the warehouse")) {
                List<RunRecord> runs = store.runs(null, 10);
                assertThat(runs).extracting(RunRecord::runId).containsExactly(7L, 2L, 1L);
                RunRecord first = runs.get(2);
                assertThat(first.status()).isEqualTo(RunStatus.SUCCESS);
                assertThat(first.counts()).isEqualTo(new RunCounts(10, 9, 1, 500, 1));
                assertThat(runs.get(1).error()).isEqualTo("too many rejects");
                assertThat(runs.get(0).status()).as("a run left running by a process of the old version is gone")
                        .isEqualTo(RunStatus.ABANDONED);

                long next = store.startRun(new NewRun("orders", "main.orders", "append", false, Owner.thisProcess()));
                assertThat(next).isEqualTo(8);
            }
            try (Statement statement = warehouse.createStatement();
                 var rs = statement.executeQuery("SELECT count(*) FROM _tributary.state")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the warehouse's other tables are untouched").isEqualTo(1);
            }
        }
    }

    @Test
    void openingTheStoreAgainFindsItUpToDate() throws Exception {
        try (Connection warehouse = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"))) {
            MetadataStores.inWarehouse(warehouse, "the warehouse").close();
            assertThat(Migrations.appliedVersion(warehouse, MetadataStores.SCHEMA, Migrations.METADATA_DUCKDB.historyTable()))
                    .isEqualTo(Migrations.METADATA_DUCKDB.newest());
            try (MetadataStore again = MetadataStores.inWarehouse(warehouse, "the warehouse")) {
                assertThat(again.runs(null, 1)).isEmpty();
            }
        }
    }
}
