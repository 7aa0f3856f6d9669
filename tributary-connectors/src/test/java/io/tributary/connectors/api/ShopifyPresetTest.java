package io.tributary.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code preset: shopify} against a local server that pages, filters and limits like Shopify's Admin REST API. */
class ShopifyPresetTest {
    @TempDir
    Path dir;
    FakeApi api;
    RecordingPacer pacer;
    TestProject project;

    @BeforeEach
    void start() {
        api = FakeApi.start();
        pacer = RecordingPacer.install();
        project = TestProject.in(dir).env("SHOPIFY_TOKEN", FakeApi.SHOPIFY_TOKEN);
    }

    @AfterEach
    void stop() {
        RecordingPacer.uninstall();
        api.close();
    }

    private void ordersPipeline(String extra) {
        project.pipeline("shop_orders", FakeApi.shopifyOrders(api.url() + "/admin/api/2025-01", "  params: {limit: 2}\n" + extra));
    }

    @Test
    void ordersArePagedThroughTheLinkHeaderWithLineItemsInAChildTableAndTheCustomerFlattened() {
        for (long id = 1; id <= 5; id++) {
            api.put("orders", FakeApi.order(id, "2024-03-0" + id + "T10:00:00Z", id == 3 ? 1 : 2));
        }
        ordersPipeline("");

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).isNull();
        List<FakeApi.Request> requests = api.requests("/orders.json");
        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).query()).containsEntry("status", "any").containsEntry("limit", "2").doesNotContainKey("updated_at_min");
        assertThat(requests.get(1).query()).containsOnlyKeys("limit", "page_info");
        assertThat(requests.get(0).headers()).containsEntry("x-shopify-access-token", FakeApi.SHOPIFY_TOKEN);
        assertThat(project.rows("SELECT id, name, customer__id, customer__email, tags FROM orders ORDER BY id"))
                .extracting(r -> r.get("id") + " " + r.get("name") + " " + r.get("customer__id") + " " + r.get("customer__email"))
                .containsExactly("1 #1001 501 buyer1@example.com", "2 #1002 502 buyer2@example.com", "3 #1003 503 buyer3@example.com",
                        "4 #1004 504 buyer4@example.com", "5 #1005 505 buyer5@example.com");
        assertThat(project.columns("orders")).doesNotContainKey("line_items").containsKey("tags");
        assertThat(project.rows("SELECT order_id, id, sku, quantity FROM orders__line_items ORDER BY id"))
                .extracting(r -> r.get("order_id") + "/" + r.get("id") + "/" + r.get("sku") + "/" + r.get("quantity"))
                .containsExactly("1/101/SKU-1/1", "1/102/SKU-2/2", "2/201/SKU-1/1", "2/202/SKU-2/2", "3/301/SKU-1/1",
                        "4/401/SKU-1/1", "4/402/SKU-2/2", "5/501/SKU-1/1", "5/502/SKU-2/2");
        assertThat(result.rowsLoaded()).isEqualTo(5 + 9);
        assertThat(project.value("SELECT value FROM _tributary.state WHERE pipeline = 'shop_orders'")).isEqualTo("2024-03-05T10:00:00Z");
    }

    @Test
    void moneyLandsAsAnExactDecimalAndTimesAsTimestampsWithTimeZoneInOrdersAndLineItems() {
        for (long id = 1; id <= 3; id++) {
            api.put("orders", FakeApi.order(id, "2024-03-0" + id + "T10:00:00-05:00", 2));
        }
        ordersPipeline("");

        assertThat(project.run("shop_orders").error()).isNull();

        assertThat(project.columns("orders")).containsEntry("total_price", "DECIMAL(18,2)")
                .containsEntry("updated_at", "TIMESTAMP WITH TIME ZONE")
                .as("declared columns no order of the run held").containsEntry("cancelled_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("subtotal_price", "DECIMAL(18,2)");
        assertThat(project.columns("orders__line_items")).containsEntry("price", "DECIMAL(18,2)");
        assertThat(project.value("SELECT sum(total_price) FROM orders")).isEqualTo(new java.math.BigDecimal("61.50"));
        assertThat(project.value("SELECT sum(price) FROM orders__line_items")).isEqualTo(new java.math.BigDecimal("10.50"));
        assertThat(project.value("SELECT CAST(timezone('UTC', min(updated_at)) AS VARCHAR) FROM orders")).isEqualTo("2024-03-01 15:00:00");
    }

    @Test
    void anAmountWithMoreDecimalsThanThePresetsDecimalRejectsItsOrderWithItsLineItemsInsteadOfRoundingIt() {
        api.put("orders", FakeApi.order(1, "2024-03-01T10:00:00Z", 2));
        var kuwaiti = FakeApi.order(2, "2024-03-02T10:00:00Z", 2);
        kuwaiti.put("total_price", "12.345");
        api.put("orders", kuwaiti);
        ordersPipeline("");

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).contains("1 of 4 rows were rejected");
        assertThat(project.rows("SELECT unit, line, column_name, raw, reason FROM _tributary.rejected_rows")).singleElement().satisfies(reject -> {
            assertThat(reject.get("line")).isEqualTo(2L);
            assertThat(reject.get("column_name")).isEqualTo("total_price");
            assertThat((String) reject.get("raw")).contains("\"total_price\":\"12.345\"").contains("\"line_items\"");
            assertThat((String) reject.get("reason")).contains("record 2 of the run")
                    .contains("value '12.345' in column total_price does not fit DECIMAL(18,2) without rounding");
        });
        assertThat(result.rowsRead()).as("order 1 and its 2 line items loaded, order 2 rejected whole").isEqualTo(3 + 1);
        assertThat(result.rowsRejected()).isEqualTo(1);

        ordersPipeline("  columns: {total_price: \"DECIMAL(18,3)\"}\n");
        assertThat(project.run("shop_orders").error()).as("overriding the preset's type").isNull();
        assertThat(project.rows("SELECT id, total_price FROM orders ORDER BY id")).extracting(r -> r.get("id") + " " + r.get("total_price"))
                .containsExactly("1 10.500", "2 12.345");
        assertThat(project.count("orders__line_items")).isEqualTo(4);
    }

    @Test
    void aSecondRunAsksForChangesSinceTheLastCursorMinusTheLookbackAndReplacesAnUpdatedOrdersLineItems() {
        for (long id = 1; id <= 4; id++) {
            api.put("orders", FakeApi.order(id, "2024-03-0" + id + "T10:00:00Z", 2));
        }
        ordersPipeline("");
        assertThat(project.run("shop_orders").error()).isNull();
        api.requests.clear();

        // Order 2 changes: one line item removed, quantity changed; order 6 is new. Order 4 is within the lookback.
        var changed = FakeApi.order(2, "2024-03-06T09:00:00Z", 1);
        changed.put("total_price", "99.00");
        api.put("orders", changed);
        api.put("orders", FakeApi.order(6, "2024-03-06T09:30:00Z", 2));
        api.put("orders", FakeApi.order(7, "2024-03-04T09:55:00Z", 1));   // older than the last cursor minus 10m: not asked for

        RunResult second = project.run("shop_orders");

        assertThat(second.error()).isNull();
        assertThat(api.requests("/orders.json").get(0).query()).containsEntry("updated_at_min", "2024-03-04T09:50:00Z");
        assertThat(second.rowsRead()).as("orders 2, 4 (lookback), 6, 7 and their line items").isEqualTo(4 + 1 + 2 + 2 + 1);
        assertThat(project.rows("SELECT id, total_price FROM orders ORDER BY id"))
                .extracting(r -> r.get("id") + " " + r.get("total_price"))
                .containsExactly("1 10.50", "2 99.00", "3 30.50", "4 40.50", "6 60.50", "7 70.50");
        assertThat(project.rows("SELECT order_id, id FROM orders__line_items WHERE order_id = 2 ORDER BY id"))
                .extracting(r -> r.get("id")).containsExactly(201L);
        assertThat(project.count("orders__line_items")).isEqualTo(2 + 1 + 2 + 2 + 2 + 1);
        assertThat(project.value("SELECT value FROM _tributary.state WHERE pipeline = 'shop_orders'")).isEqualTo("2024-03-06T09:30:00Z");
    }

    @Test
    void anOrderWhoseLineItemsAllWentAwayLosesThemInTheWarehouse() {
        for (long id = 1; id <= 4; id++) {
            api.put("orders", FakeApi.order(id, "2024-03-0" + id + "T10:00:00Z", 2));
        }
        ordersPipeline("");
        assertThat(project.run("shop_orders").error()).isNull();

        api.put("orders", FakeApi.order(2, "2024-03-06T09:00:00Z", 0));
        RunResult second = project.run("shop_orders");

        assertThat(second.error()).isNull();
        assertThat(project.count("orders__line_items WHERE order_id = 2")).as("the emptied order keeps no line item").isZero();
        assertThat(project.count("orders__line_items")).as("the other orders keep theirs").isEqualTo(6);
    }

    @Test
    void aNearlyFullCallLimitBucketMakesTheSourceWaitForItToDrain() {
        for (long id = 1; id <= 4; id++) {
            api.put("orders", FakeApi.order(id, "2024-03-01T10:00:00Z", 1));
        }
        api.callLimit = "38/40";
        ordersPipeline("");

        assertThat(project.run("shop_orders").error()).isNull();

        // 38 used of 40 at 2 a second: wait until below 32 (80 %): 7 calls = 3.5 s, after each of the 2 pages.
        List<RecordingPacer.Pause> pauses = pacer.pausesFor("X-Shopify-Shop-Api-Call-Limit");
        assertThat(pauses).hasSize(2);
        assertThat(pauses.get(0).duration()).isEqualTo(Duration.ofMillis(3500));
        assertThat(project.count("orders")).isEqualTo(4);
    }

    @Test
    void aBucketWithRoomLeftDoesNotSlowTheSourceDown() {
        api.put("orders", FakeApi.order(1, "2024-03-01T10:00:00Z", 1));
        api.callLimit = "10/40";
        ordersPipeline("");

        assertThat(project.run("shop_orders").error()).isNull();

        assertThat(pacer.pauses).isEmpty();
    }

    @Test
    void aWrongTokenFailsAtOnceNamingTheAddressButNotTheToken() {
        api.put("orders", FakeApi.order(1, "2024-03-01T10:00:00Z", 1));
        project.env("SHOPIFY_TOKEN", "shpat_wrong_token_555");
        ordersPipeline("");

        RunResult result = project.run("shop_orders");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).contains("GET " + api.url() + "/admin/api/2025-01/orders.json?status=any&limit=2")
                .contains("HTTP 401").contains("Invalid API key").doesNotContain("shpat_wrong_token_555");
        assertThat(result.error()).as("the key the user wrote, not the preset's auth block").contains("Check source.access_token")
                .doesNotContain("source.auth");
        assertThat(api.requests("/orders.json")).hasSize(1);
    }

    @Test
    void theFirstRunStartsFromIncrementalStartWhenGiven() {
        api.put("orders", FakeApi.order(1, "2024-02-01T10:00:00Z", 1));
        api.put("orders", FakeApi.order(2, "2024-03-02T10:00:00Z", 1));
        ordersPipeline("  incremental: {start: \"2024-03-01T00:00:00Z\"}\n");

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).isNull();
        assertThat(api.requests("/orders.json").get(0).query()).containsEntry("updated_at_min", "2024-03-01T00:00:00Z");
        assertThat(project.rows("SELECT id FROM orders")).extracting(r -> r.get("id")).containsExactly(2L);
    }
}
