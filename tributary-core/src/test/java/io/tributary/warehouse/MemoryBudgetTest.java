package io.tributary.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.project.WarehouseSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The warehouse's instance and the runs' private engines share warehouse.memory_limit instead of each having it. */
class MemoryBudgetTest {
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void privateEnginesAndTheWarehouseTogetherStayWithinTheConfiguredLimit() throws Exception {
        try (Warehouse warehouse = Warehouse.open(new WarehouseSpec(dir.resolve("warehouse.duckdb"), "3GiB", null))) {
            assertThat(limit(warehouse.connection())).isEqualTo(3 * GIB);
            try (Warehouse.PrivateEngine first = warehouse.privateEngine()) {
                assertThat(limit(first.connection()) + limit(warehouse.connection())).isEqualTo(3 * GIB);
                assertThat(limit(first.connection())).isEqualTo(limit(warehouse.connection()));
                try (Warehouse.PrivateEngine second = warehouse.privateEngine()) {
                    assertThat(limit(first.connection()) + limit(second.connection()) + limit(warehouse.connection()))
                            .as("two private engines beside the warehouse").isEqualTo(3 * GIB);
                    assertThat(limit(second.connection())).isEqualTo(GIB);
                    assertThat(limit(first.connection())).isEqualTo(GIB);
                }
                assertThat(limit(first.connection())).as("the closed engine's share went back").isEqualTo(3 * GIB / 2);
                assertThat(limit(warehouse.connection())).isEqualTo(3 * GIB / 2);
            }
            assertThat(limit(warehouse.connection())).isEqualTo(3 * GIB);
        }
    }

    @Test
    void withoutAConfiguredLimitTheyShareTheOneDuckDbChoseForTheWarehouse() throws Exception {
        try (Warehouse warehouse = Warehouse.open(new WarehouseSpec(dir.resolve("warehouse.duckdb"), null, null))) {
            long chosen = limit(warehouse.connection());
            try (Warehouse.PrivateEngine engine = warehouse.privateEngine()) {
                assertThat(limit(engine.connection()) + limit(warehouse.connection())).isBetween(chosen - 3 * tenthOf(chosen), chosen + tenthOf(chosen) / 2);
            }
        }
    }

    @Test
    void aPrivateEngineStillSpillsPastItsShareRatherThanFailing() throws Exception {
        try (Warehouse warehouse = Warehouse.open(new WarehouseSpec(dir.resolve("warehouse.duckdb"), "200MB", null));
             Warehouse.PrivateEngine engine = warehouse.privateEngine();
             Statement statement = engine.connection().createStatement()) {
            // 100 MB of distinct rows sorted within a 100 MB share: only possible by spilling to .tributary/tmp
            statement.execute("CREATE TABLE t AS SELECT i, md5(i::VARCHAR) AS h FROM range(1500000) r(i)");
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM (SELECT * FROM t ORDER BY h)")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(1_500_000);
            }
        }
    }

    @Test
    void sizesReadAsTributaryYmlAndDuckDbWriteThem() {
        assertThat(MemoryBudget.bytes("1GB")).isEqualTo(1_000_000_000L);
        assertThat(MemoryBudget.bytes("512MB")).isEqualTo(512_000_000L);
        assertThat(MemoryBudget.bytes("512 MiB")).isEqualTo(512L << 20);
        assertThat(MemoryBudget.bytes("1.5GiB")).isEqualTo(3 * GIB / 2);
        assertThat(MemoryBudget.bytes("18.8 GiB")).isEqualTo((long) (18.8 * GIB));
        assertThat(MemoryBudget.bytes("123 bytes")).isEqualTo(123);
        assertThatThrownBy(() -> MemoryBudget.bytes("lots")).isInstanceOf(IllegalArgumentException.class);
    }

    /** DuckDB shows its limit rounded to a tenth of its unit, so values read back are that far from the set ones. */
    private static long tenthOf(long size) {
        long unit = size >= GIB ? GIB : size >= 1L << 20 ? 1L << 20 : 1L << 10;
        return unit / 10;
    }

    private static long limit(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('memory_limit')")) {
            rs.next();
            return MemoryBudget.bytes(rs.getString(1));
        }
    }
}
