package io.tributary.cli.demo.shop;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's closing report reads the models and shows the 30-day KPIs, their change, the segments and the top products. */
class DemoReportTest {
    final ShopFixture fixture = new ShopFixture();

    @Test
    void theReportsNumbersAreTheFixturesComputedIndependently() throws SQLException {
        DemoReport report;
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            fixture.load(duckdb);
            report = DemoReport.read(duckdb);
        }

        assertThat(report.newestDay()).isEqualTo(ShopFixture.NEWEST);
        assertThat(report.current()).isEqualTo(kpis(ShopFixture.NEWEST.minusDays(30), ShopFixture.NEWEST));
        assertThat(report.previous()).isEqualTo(kpis(ShopFixture.NEWEST.minusDays(60), ShopFixture.NEWEST.minusDays(30)));
        // By hand: 10 x 110.00 + 5 x 20.00 + 600.00 + 10.01 in 17 orders from 4 customers; before: 10.00 + 45.50 from 2.
        assertThat(report.current()).isEqualTo(new DemoReport.Kpis(new BigDecimal("1810.01"), 17, 4));
        assertThat(report.current().averageOrderValue()).isEqualByComparingTo("106.47");
        assertThat(report.previous()).isEqualTo(new DemoReport.Kpis(new BigDecimal("55.50"), 2, 2));
        assertThat(report.segments()).extracting(DemoReport.Segment::name).containsExactly("VIP", "Loyal", "Regular", "New");
        assertThat(report.segments().get(1)).isEqualTo(new DemoReport.Segment("Loyal", 2, new BigDecimal("350.00"), new BigDecimal("3.00")));
        assertThat(report.topProducts()).extracting(p -> p.rank() + " " + p.title() + " " + p.revenue())
                .containsExactly("1 Mocha Beans 1045.00", "2 Kettle 655.00", "3 Earl Grey 110.01");

        StringWriter text = new StringWriter();
        report.print(new PrintWriter(text, true));
        String out = text.toString();
        assertThat(out).contains("the last 30 days (2026-02-14 to 2026-03-15)");
        assertThat(out).containsPattern("Revenue \\(\\$\\)\\s+1,810\\.01\\s+\\+3161\\.3%")       // (1810.01 - 55.50) / 55.50
                .containsPattern("Orders\\s+17\\s+\\+750\\.0%")
                .containsPattern("Average order \\(\\$\\)\\s+106\\.47\\s+\\+283\\.7%")           // (106.47 - 27.75) / 27.75
                .containsPattern("Customers\\s+4\\s+\\+100\\.0%");
        assertThat(out).containsPattern("VIP\\s+1\\s+1,100\\.00\\s+10\\.00").containsPattern("New\\s+1\\s+45\\.50\\s+1\\.00");
        assertThat(out).containsPattern("1\\s+Mocha Beans\\s+19\\s+1,045\\.00\\s+10\\s+55\\.00");
    }

    @Test
    void aChangeAgainstNothingIsNewAndAFallIsNegative() {
        assertThat(DemoReport.change(BigDecimal.TEN, BigDecimal.ZERO)).isEqualTo("new");
        assertThat(DemoReport.change(new BigDecimal("90"), new BigDecimal("100"))).isEqualTo("-10.0%");
    }

    /** The window's sales in plain Java: not refunded, UTC day after {@code after} up to {@code last}. */
    private DemoReport.Kpis kpis(LocalDate after, LocalDate last) {
        List<ShopFixture.Order> sales = fixture.orders.stream().filter(o -> !o.status().equals("refunded"))
                .filter(o -> o.day().isAfter(after) && !o.day().isAfter(last)).toList();
        return new DemoReport.Kpis(ShopFixture.sum(sales.stream().map(ShopFixture.Order::total).toList()), sales.size(),
                sales.stream().map(ShopFixture.Order::customer).distinct().count());
    }
}
