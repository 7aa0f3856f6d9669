package io.tributary.cli.demo.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pack's four models, run as plain SQL on a small hand-made shop ({@link ShopFixture}), give the
 * numbers worked out by hand and by an independent Java computation, identically on DuckDB and on
 * PostgreSQL, whatever the session's time zone.
 */
class ShopModelsTest {
    final ShopFixture fixture = new ShopFixture();
    final ShopFixture.Expected expected = fixture.new Expected();

    @Test
    void theModelsGiveTheHandComputedNumbersOnDuckDb() throws SQLException {
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            execute(duckdb, "SET TimeZone = 'America/New_York'");
            fixture.load(duckdb);
            assertModels(duckdb);
        }
    }

    @Test
    void theModelsGiveTheSameNumbersOnPostgres() throws SQLException {
        try (TestDatabase db = TestDatabase.postgres(); Connection postgres = db.connect()) {
            execute(postgres, "SET TIME ZONE 'Asia/Tokyo'");
            fixture.load(postgres);
            assertModels(postgres);
        }
    }

    private void assertModels(Connection connection) throws SQLException {
        // By hand (see ShopFixture): the two days to look at, the segments, the products.
        List<String> daily = rows(connection, "SELECT * FROM daily_summary ORDER BY date");
        assertThat(daily).contains("2026-03-15 2 120.01 60.01 2 Mocha Beans", "2026-03-13 2 130.00 65.00 2 Kettle",
                "2026-01-20 1 10.00 10.00 1 Earl Grey").doesNotContain("2026-03-12 3");
        assertThat(rows(connection, "SELECT * FROM customer_segments ORDER BY segment_order")).containsExactly(
                "VIP 1 1 1100.00 10.00", "Loyal 2 2 350.00 3.00", "Regular 3 1 20.01 2.00", "New 4 1 45.50 1.00");
        assertThat(rows(connection, "SELECT * FROM product_performance ORDER BY rank")).containsExactly(
                "1 1 Mocha Beans 19 1045.00 10 55.00", "2 3 Kettle 5 655.00 2 131.00", "3 2 Earl Grey 11 110.01 6 10.00");
        List<String> trend = rows(connection, "SELECT * FROM revenue_trend ORDER BY date");
        assertThat(trend).hasSize(11).startsWith("2026-02-20 1 600.00 600.00 1").endsWith("2026-03-15 2 120.01 60.01 2");

        // And every row, computed again in Java from the fixture's rows.
        assertThat(daily).containsExactlyElementsOf(expected.dailySummary());
        assertThat(trend).containsExactlyElementsOf(expected.revenueTrend());
        assertThat(rows(connection, "SELECT * FROM customer_segments ORDER BY segment")).containsExactlyElementsOf(expected.customerSegments());
        assertThat(rows(connection, "SELECT * FROM product_performance ORDER BY rank")).containsExactlyElementsOf(expected.productPerformance());
        assertThat(columns(connection, "daily_summary")).containsExactly("date", "total_orders", "total_revenue", "average_order_value",
                "unique_customers", "top_product");
        assertThat(columns(connection, "revenue_trend")).containsExactly("date", "orders", "revenue", "average_order_value", "unique_customers");
        assertThat(columns(connection, "product_performance")).containsExactly("rank", "product_id", "product_title", "units_sold", "revenue",
                "orders", "average_selling_price");
    }

    static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> cells = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    cells.add(rs.getString(i));
                }
                rows.add(String.join(" ", cells));
            }
        }
        return rows;
    }

    static List<String> columns(Connection connection, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                names.add(rs.getMetaData().getColumnLabel(i));
            }
        }
        return names;
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
