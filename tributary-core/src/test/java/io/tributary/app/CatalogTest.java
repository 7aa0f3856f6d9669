package io.tributary.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.project.WarehouseSpec;
import io.tributary.warehouse.Warehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse's tables with their rows, columns and sizes; a run's staging tables are never listed. */
class CatalogTest {
    @TempDir
    Path dir;

    @Test
    void noWarehouseYetListsNothingAndDoesNotCreateIt() {
        WarehouseSpec spec = Pipelines.warehouse(dir);

        assertThat(Catalog.list(spec, true)).isEmpty();
        assertThat(Files.exists(spec.path())).isFalse();
    }

    @Test
    void tablesComeWithRowsColumnsAndSizeMainFirstStagingHiddenAndTributarysOwnOnlyWhenAsked() throws SQLException {
        WarehouseSpec spec = Pipelines.warehouse(dir);
        try (Warehouse warehouse = Warehouse.open(spec); Statement s = warehouse.connection().createStatement()) {
            s.execute("CREATE TABLE orders AS SELECT range AS id, 'x' || range AS note FROM range(100000)");
            s.execute("CREATE TABLE customers (id INTEGER, name VARCHAR, city VARCHAR)");
            s.execute("INSERT INTO customers VALUES (1, 'a', 'b'), (2, 'c', 'd')");
            s.execute("CREATE SCHEMA IF NOT EXISTS _tributary");
            s.execute("CREATE TABLE _tributary.notes (n INTEGER)");
            s.execute("CREATE SCHEMA sales");
            s.execute("CREATE TABLE sales.targets (month DATE)");
            // a run in progress: its staging table is its own, not the user's
            s.execute("CREATE TABLE \"" + Warehouse.STAGE_PREFIX + "7_orders\" (id INTEGER)");
            // LIKE '_tributary_stage_%' would hide this one too ('_' matches any character); it is the user's
            s.execute("CREATE TABLE xtributary_stage_plan (id INTEGER)");
            s.execute("CHECKPOINT");
        }

        Catalog.Listing listing = Catalog.list(spec, false).orElseThrow();

        assertThat(listing.warehouse()).isEqualTo(spec.path().toAbsolutePath().normalize());
        assertThat(listing.fileBytes()).isEqualTo(fileSize(spec.path()));
        assertThat(listing.tables()).extracting(Catalog.Table::displayName)
                .containsExactly("customers", "orders", "xtributary_stage_plan", "sales.targets");
        Catalog.Table orders = listing.tables().get(1);
        assertThat(orders.rows()).isEqualTo(100_000);
        assertThat(orders.columns()).isEqualTo(2);
        assertThat(orders.bytes()).as("100,000 rows take blocks of their own").isPositive().isEqualTo(orders.bytes() / Catalog.BLOCK_BYTES * Catalog.BLOCK_BYTES);
        assertThat(listing.tables().get(0)).extracting(Catalog.Table::rows, Catalog.Table::columns).containsExactly(2L, 3L);

        assertThat(Catalog.list(spec, true).orElseThrow().tables()).extracting(Catalog.Table::displayName)
                .contains("_tributary.notes").doesNotContain(Warehouse.STAGE_PREFIX + "7_orders");
    }

    private static long fileSize(Path path) {
        try {
            return Files.size(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
