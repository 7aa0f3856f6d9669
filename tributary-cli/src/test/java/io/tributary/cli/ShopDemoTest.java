package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.demo.shop.ShopData;
import io.tributary.cli.demo.shop.ShopGenerator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tributary demo}, end to end: the demo shop served, the pack's pipelines run, its models built
 * after them, and the shop's last 30 days printed with the numbers computed again here from the
 * generated orders (the same shop for the same {@code --now}), and what the checks caught.
 */
class ShopDemoTest {
    static final Instant NOW = Instant.parse("2026-03-15T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void theDemoRunsThePackBuildsTheModelsAndPrintsTheShopsNumbersAndWhatTheChecksCaught() {
        Path project = dir.resolve("shop");
        CliTest.Result result = CliTest.cli("demo", "--dir", project.toString(), "--now", NOW.toString());
        String out = result.out();
        assertThat(result.code()).as("%s", result).isZero();

        assertThat(out).contains("OK  orders -> orders:", "OK  charges -> charges:", "filtered 1, quarantined 2");
        for (String model : List.of("daily_summary", "customer_segments", "product_performance")) {
            assertThat(out).contains("OK  model " + model + " (table) in the warehouse");
        }
        assertThat(out).contains("OK  model revenue_trend (view) in the warehouse").doesNotContain("FAILED");

        // The KPIs, from the generated orders that reach the orders table (not the test order, not the two quarantined)
        ShopData data = ShopGenerator.generate(ShopGenerator.DEFAULT_SEED, Clock.fixed(NOW, ZoneOffset.UTC));
        List<ShopData.Order> sales = data.orders().stream().filter(o -> !o.test() && o.id() != data.flaws().negativeTotalOrderId()
                && o.id() != data.flaws().invalidEmailOrderId() && !o.financialStatus().equals("refunded")).toList();
        LocalDate newest = sales.stream().map(ShopDemoTest::day).max(LocalDate::compareTo).orElseThrow();
        List<ShopData.Order> recent = sales.stream().filter(o -> day(o).isAfter(newest.minusDays(30))).toList();
        BigDecimal revenue = recent.stream().map(ShopData.Order::totalPrice).reduce(BigDecimal.ZERO, BigDecimal::add);
        String kpis = section(out, "Your shop, the last 30 days");
        assertThat(kpis).contains("(" + newest.minusDays(29) + " to " + newest + ")");
        assertThat(kpis).containsPattern("Revenue \\(\\$\\)\\s+" + money(revenue).replace(".", "\\.") + "\\s")
                .containsPattern("Orders\\s+" + String.format(Locale.ROOT, "%,d", recent.size()) + "\\s")
                .containsPattern("Average order \\(\\$\\)\\s+" + money(revenue.divide(BigDecimal.valueOf(recent.size()), 2, RoundingMode.HALF_UP))
                        .replace(".", "\\.") + "\\s")
                .containsPattern("Customers\\s+" + recent.stream().map(o -> o.customer().id()).distinct().count() + "\\s");
        assertThat(section(out, "Customer segments")).contains("VIP", "Loyal", "Regular", "New");
        assertThat(section(out, "Top 5 products").lines().filter(l -> l.matches("^[1-5]  .*"))).hasSize(5);

        // every problem the shop holds, caught and where it went
        String caught = section(out, "What the checks caught");
        assertThat(caught).containsPattern("orders\\s+unique\\(id\\)\\s+warn\\s+1\\s+published, reported as a warning")
                .containsPattern("orders\\s+range\\(total_price\\)\\s+warn\\s+1\\s+quarantined in orders__quarantine")
                .containsPattern("orders\\s+pattern\\(customer_email: email\\)\\s+warn\\s+1\\s+quarantined in orders__quarantine")
                .containsPattern("orders\\s+not_null\\(customer_email\\)\\s+pass\\s+1\\s+within its tolerance")
                .containsPattern("order_line_items\\s+relationships\\(order_id → orders.id\\)\\s+warn\\s+\\d+")
                .contains("1 of " + (data.orders().size() + 1) + " rows filtered");
        assertThat(out).contains("tributary -p " + project + " quarantine orders");

        // and the project it leaves is one to explore
        assertThat(CliTest.cli("-p", project.toString(), "models", "--list").out()).contains("revenue_trend", "daily_summary");
        assertThat(CliTest.cli("-p", project.toString(), "quarantine", "orders").out()).contains(String.valueOf(data.flaws().negativeTotalOrderId()));
    }

    private static LocalDate day(ShopData.Order order) {
        return LocalDate.ofInstant(order.createdAt(), ZoneOffset.UTC);
    }

    private static String money(BigDecimal amount) {
        return new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(amount);
    }

    private static String section(String out, String title) {
        int start = out.indexOf("== " + title);
        assertThat(start).as("section %s in:\n%s", title, out).isGreaterThanOrEqualTo(0);
        int end = out.indexOf("\n== ", start + 3);
        return out.substring(start, end < 0 ? out.length() : end);
    }
}
