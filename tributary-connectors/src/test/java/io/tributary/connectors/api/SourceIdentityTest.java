package io.tributary.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state of an API pipeline belongs to the data it read (host, shop, resource): pointed at another
 * shop, a pipeline reads everything from it and says so, instead of carrying the old shop's cursor over
 * and skipping the new shop's older orders.
 */
class SourceIdentityTest {
    @TempDir
    Path dir;
    FakeApi shop;
    FakeApi otherShop;
    TestProject project;

    @BeforeEach
    void start() {
        shop = FakeApi.start();
        otherShop = FakeApi.start();
        RecordingPacer.install();
        project = TestProject.in(dir).env("SHOPIFY_TOKEN", FakeApi.SHOPIFY_TOKEN);
        for (long id = 1; id <= 3; id++) {
            shop.put("orders", FakeApi.order(id, "2024-03-0" + id + "T10:00:00Z", 1));
        }
        // The other shop's orders are all older than the first shop's last one.
        for (long id = 11; id <= 14; id++) {
            otherShop.put("orders", FakeApi.order(id, "2024-01-0" + (id - 10) + "T10:00:00Z", 1));
        }
    }

    @AfterEach
    void stop() {
        RecordingPacer.uninstall();
        shop.close();
        otherShop.close();
    }

    private void pipeline(String baseUrl) {
        project.pipeline("shop_orders", FakeApi.shopifyOrders(baseUrl, ""));
    }

    private List<Map<String, Object>> state() {
        return project.rows("SELECT unit, value FROM _tributary.state WHERE pipeline = 'shop_orders'");
    }

    @Test
    void theIdentityIsTheHostAndPathWithoutVersionSegmentsOrTheScheme() {
        java.util.function.BiFunction<String, String, String> key = (base, endpoint) -> SourceIdentity.of("GET", base, endpoint).key();

        assertThat(key.apply("https://My-Shop.myshopify.com/admin/api/2025-01", "/orders.json")).isEqualTo("GET my-shop.myshopify.com/admin/api/orders.json");
        assertThat(key.apply("http://my-shop.myshopify.com:80/admin/api/2025-04", "/orders.json")).isEqualTo("GET my-shop.myshopify.com/admin/api/orders.json");
        assertThat(key.apply("https://api.stripe.com/v1", "/charges")).isEqualTo("GET api.stripe.com/charges");
        assertThat(key.apply("http://127.0.0.1:8080/tenants/acme/v2", "/contacts")).isEqualTo("GET 127.0.0.1:8080/tenants/acme/contacts");
        assertThat(key.apply("https://api.example.com", "")).isEqualTo("GET api.example.com/");
        assertThat(key.apply("http://erp_host:8080/api", "/items")).isEqualTo("GET erp_host:8080/api/items");
    }

    @Test
    void pointedAtAnotherShopThePipelineReadsAllOfItsOrdersAndWarnsThatTheSourceChanged() {
        pipeline(shop.url() + "/admin/api/2025-01");
        assertThat(project.run("shop_orders").error()).isNull();

        pipeline(otherShop.url() + "/admin/api/2025-01");
        RunResult second = project.run("shop_orders");

        assertThat(second.error()).isNull();
        assertThat(otherShop.requests("/orders.json").get(0).query()).as("no cursor from the other shop").doesNotContainKey("updated_at_min");
        assertThat(project.rows("SELECT id FROM orders ORDER BY id")).extracting(r -> r.get("id"))
                .containsExactly(1L, 2L, 3L, 11L, 12L, 13L, 14L);
        String port = ":" + java.net.URI.create(shop.url()).getPort() + "/";
        String otherPort = ":" + java.net.URI.create(otherShop.url()).getPort() + "/";
        assertThat(second.warnings()).singleElement().asString().contains("the source changed since the last run")
                .contains("127.0.0.1" + port + "admin/api/orders.json").contains("127.0.0.1" + otherPort + "admin/api/orders.json")
                .contains("everything was read").contains("--full-refresh");
        assertThat(state()).as("only the new shop's position is kept").singleElement()
                .satisfies(row -> assertThat(row).containsEntry("unit", "GET 127.0.0.1" + otherPort + "admin/api/orders.json")
                        .containsEntry("value", "2024-01-04T10:00:00Z"));
    }

    @Test
    void anotherApiVersionOfTheSameShopKeepsItsPosition() {
        pipeline(shop.url() + "/admin/api/2025-01");
        assertThat(project.run("shop_orders").error()).isNull();
        shop.requests.clear();

        pipeline(shop.url() + "/admin/api/2025-04");
        RunResult second = project.run("shop_orders");

        assertThat(second.error()).isNull();
        assertThat(second.warnings()).isEmpty();
        assertThat(shop.requests("/orders.json").get(0).path()).startsWith("/admin/api/2025-04/");
        assertThat(shop.requests("/orders.json").get(0).query()).containsEntry("updated_at_min", "2024-03-03T09:50:00Z");
    }

    @Test
    void aPositionSavedByAnEarlierVersionUnderMethodAndPathIsTakenOverSoTheUpgradeDoesNotReloadEverything() {
        pipeline(shop.url() + "/admin/api/2025-01");
        assertThat(project.run("shop_orders").error()).isNull();
        assertThat(project.rows("UPDATE _tributary.state SET unit = 'GET /orders.json' RETURNING unit")).hasSize(1);
        shop.requests.clear();

        RunResult second = project.run("shop_orders");

        assertThat(second.error()).isNull();
        assertThat(second.warnings()).isEmpty();
        assertThat(shop.requests("/orders.json").get(0).query()).containsEntry("updated_at_min", "2024-03-03T09:50:00Z");
        assertThat(state()).as("the old key is replaced by the new one").singleElement()
                .satisfies(row -> assertThat((String) row.get("unit")).startsWith("GET 127.0.0.1:").endsWith("/admin/api/orders.json"));
    }

    @Test
    void aPositionSavedByAnEarlierVersionForAnotherResourceIsNotTakenOver() {
        pipeline(shop.url() + "/admin/api/2025-01");
        assertThat(project.run("shop_orders").error()).isNull();
        assertThat(project.rows("UPDATE _tributary.state SET unit = 'GET /customers.json' RETURNING unit")).hasSize(1);
        shop.requests.clear();

        RunResult second = project.run("shop_orders");

        assertThat(shop.requests("/orders.json").get(0).query()).doesNotContainKey("updated_at_min");
        assertThat(second.warnings()).singleElement().asString().contains("it was GET /customers.json");
    }
}
