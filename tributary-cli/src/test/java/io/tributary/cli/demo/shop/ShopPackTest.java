package io.tributary.cli.demo.shop;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import io.tributary.warehouse.Warehouse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pack's pipelines, as {@link ShopDemo} writes them, read the demo shop through the api
 * connector's {@code shopify} and {@code stripe} presets: every order once, with its line items, every
 * charge, and nothing twice on a re-run.
 */
class ShopPackTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-15T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    ShopDemo demo;
    TestProject project;

    @BeforeEach
    void start() {
        demo = ShopDemo.start(CLOCK);
        project = TestProject.in(dir);
        demo.writeProject(dir);
    }

    @AfterEach
    void stop() {
        demo.close();
    }

    @Test
    void theShopifyPresetLoadsEveryOrderOnceWithItsLineItemsAndARerunDuplicatesNothing() {
        ShopData data = demo.data();
        int lineItems = data.orders().stream().mapToInt(o -> o.lineItems().size()).sum();

        RunResult first = project.run("orders");

        assertThat(first.error()).isNull();
        assertThat(first.rowsRead()).as("every order listed (one twice) and the line items, the twice-listed order's from its last copy")
                .isEqualTo(data.orders().size() + 1 + lineItems);
        // the test order is filtered; the negative total and the hand-typed e-mail are quarantined
        assertThat(project.count("orders")).isEqualTo(published(data).size());
        assertThat(first.rowsFiltered()).isEqualTo(1);
        assertThat(first.rowsQuarantined()).isEqualTo(2);
        assertThat(project.rows("SELECT id, _tributary_check FROM orders__quarantine ORDER BY id")).containsExactly(
                java.util.Map.of("id", data.flaws().invalidEmailOrderId(), "_tributary_check", "pattern(customer_email: email)"),
                java.util.Map.of("id", data.flaws().negativeTotalOrderId(), "_tributary_check", "range(total_price)"));
        assertThat(project.count("order_line_items")).isEqualTo(lineItems);
        assertThat(project.columns("orders")).containsEntry("id", "BIGINT").containsEntry("created_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("total_price", "DECIMAL(18,2)").containsEntry("customer_id", "BIGINT").containsEntry("customer_email", "VARCHAR")
                .containsEntry("status", "VARCHAR").doesNotContainKeys("email", "customer__email", "customer__first_name", "admin_graphql_api_id");
        assertThat(project.columns("order_line_items")).containsKeys("order_id", "product_id", "variant_id", "quantity", "price", "title")
                .containsEntry("price", "DECIMAL(18,2)");
        BigDecimal revenue = published(data).stream().map(ShopData.Order::totalPrice).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(project.value("SELECT sum(total_price) FROM orders")).isEqualTo(revenue);
        assertThat(demo.server().requests().get(0)).startsWith("GET /admin/api/2025-01/orders.json?").contains("status=any", "limit=250")
                .doesNotContain("updated_at_min");

        // What the checks catch: the duplicate, the order without an e-mail (within 1%), the negative total, the e-mail typed
        // by hand, and the line items whose orders did not reach the orders table (the test order's, the quarantined ones')
        long orphans = data.orders().stream().filter(o -> !published(data).contains(o)).mapToLong(o -> o.lineItems().size()).sum();
        assertThat(first.checks()).extracting(c -> c.check() + " " + c.status().word() + " " + c.failing())
                .contains("unique(id) warn 1", "range(total_price) warn 1", "pattern(customer_email: email) warn 1",
                        "not_null(customer_email) pass 1", "not_null(total_price) pass 0",
                        "relationships(order_id → orders.id) warn " + orphans);
        assertThat(first.checks()).filteredOn(c -> c.check().startsWith("relationships")).extracting(c -> c.table())
                .containsExactly("order_line_items");

        RunResult again = project.run("orders");

        assertThat(again.error()).isNull();
        assertThat(demo.server().requests()).filteredOn(r -> r.contains("updated_at_min")).first().asString()
                .as("the re-run asks for what changed since the newest order, less the preset's 10-minute lookback")
                .contains("updated_at_min=" + newestUpdate(data).minusSeconds(600).toString().replace(":", "%3A"));
        assertThat(again.rowsRead()).isPositive();
        assertThat(project.count("orders")).isEqualTo(published(data).size());
        assertThat(project.count("order_line_items")).isEqualTo(lineItems);
    }

    /** The orders that reach the orders table: not the test order, not the two the pack's checks quarantine. */
    static List<ShopData.Order> published(ShopData data) {
        return data.orders().stream().filter(o -> !o.test() && o.id() != data.flaws().negativeTotalOrderId()
                && o.id() != data.flaws().invalidEmailOrderId()).toList();
    }

    @Test
    void theStripePresetLoadsEveryChargeAndARerunAsksOnlyForTheNewestOnes() {
        ShopData data = demo.data();

        RunResult first = project.run("charges");

        assertThat(first.error()).isNull();
        assertThat(first.rowsRead()).isEqualTo(data.charges().size());
        assertThat(project.count("charges")).isEqualTo(data.charges().size());
        assertThat(project.count("charges WHERE refunded")).isEqualTo(data.charges().stream().filter(ShopData.Charge::refunded).count());
        assertThat(project.value("SELECT sum(amount) FROM charges")).isEqualTo(
                java.math.BigInteger.valueOf(data.charges().stream().mapToLong(ShopData.Charge::amount).sum()));
        assertThat(project.columns("charges")).containsEntry("created", "TIMESTAMP WITH TIME ZONE").containsEntry("metadata__order_id", "VARCHAR");

        RunResult again = project.run("charges");

        long newest = data.charges().stream().mapToLong(ShopData.Charge::created).max().orElseThrow();
        assertThat(again.error()).isNull();
        assertThat(demo.server().requests().get(demo.server().requests().size() - 1)).contains("created%5Bgte%5D=" + newest);
        assertThat(again.rowsRead()).isEqualTo(data.charges().stream().filter(c -> c.created() == newest).count());
        assertThat(project.count("charges")).isEqualTo(data.charges().size());
    }

    @Test
    void theModelsOverTheLoadedShopFillAllFourSegmentsAndTheReportMatchesTheGeneratedOrders() throws SQLException {
        assertThat(project.runAll(2, "orders", "charges")).allSatisfy(r -> assertThat(r.error()).isNull());
        assertThat(project.models(false)).allSatisfy(m -> assertThat(m.error()).isNull());
        DemoReport report;
        try (Warehouse warehouse = Warehouse.open(project.load().warehouse())) {
            report = DemoReport.read(warehouse.connection());
        }

        // Recomputed from the generated orders that were published.
        ShopData data = demo.data();
        List<ShopData.Order> sales = published(data).stream().filter(o -> !o.financialStatus().equals("refunded")).toList();
        LocalDate newest = sales.stream().map(ShopPackTest::day).max(LocalDate::compareTo).orElseThrow();
        List<ShopData.Order> recent = sales.stream().filter(o -> day(o).isAfter(newest.minusDays(30))).toList();
        assertThat(report.newestDay()).isEqualTo(newest).isEqualTo(data.newestDay());
        assertThat(report.current()).isEqualTo(new DemoReport.Kpis(recent.stream().map(ShopData.Order::totalPrice).reduce(BigDecimal.ZERO, BigDecimal::add),
                recent.size(), recent.stream().map(o -> o.customer().id()).distinct().count()));
        assertThat(report.segments()).extracting(DemoReport.Segment::name).containsExactly("VIP", "Loyal", "Regular", "New");
        assertThat(report.segments()).extracting(DemoReport.Segment::customers).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(10));
        assertThat(report.topProducts()).hasSize(5);
    }

    private static LocalDate day(ShopData.Order order) {
        return LocalDate.ofInstant(order.createdAt(), ZoneOffset.UTC);
    }

    @Test
    void theJarHoldsThePacksFilesFromExamplesShopAndTheProjectKeepsTheWarehouseAndKeysOutOfGit() throws IOException {
        Path pack = Path.of("..", "examples", "shop");
        List<String> files;
        try (Stream<Path> walk = Files.walk(pack)) {
            // What running the pack in place leaves (the build leaves it out of the jar too) is not the pack.
            files = walk.filter(Files::isRegularFile).map(p -> pack.relativize(p).toString().replace('\\', '/'))
                    .filter(f -> !f.startsWith(".tributary/") && !f.equals(".env") && !f.equals(".gitignore")).sorted().toList();
        }
        assertThat(files).containsExactlyInAnyOrderElementsOf(ShopDemo.PACK_FILES);
        assertThat(dir.resolve(".gitignore")).as("written by ShopDemo, since the jar cannot hold it").content().contains(".tributary/", ".env");
        for (String file : files) {
            assertThat(ShopDemo.pack(file)).as(file).isEqualTo(Files.readString(pack.resolve(file)));
        }
    }

    private static Instant newestUpdate(ShopData data) {
        return data.orders().stream().map(ShopData.Order::updatedAt).max(Instant::compareTo).orElseThrow();
    }

    private String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
