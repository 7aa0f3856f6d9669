package io.tributary.cli.demo.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The demo shop answers like Shopify's orders list and Stripe's charges list: paging, limits, filters, keys. */
class ShopServerTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-15T12:00:00Z"), ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");
    static final ShopData data = ShopGenerator.generate(ShopGenerator.DEFAULT_SEED, CLOCK);
    /** One per test: each has a call-limit bucket of its own, which a test's requests stay within. */
    ShopServer server;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = ShopServer.start(data, "shpat_t", "sk_test_t");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> get(String url, String header, String value) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header(header, value).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> shopify(String url) throws IOException, InterruptedException {
        return get(url, "X-Shopify-Access-Token", "shpat_t");
    }

    /** Every page of a Shopify listing, following the Link header's next page. */
    List<JsonNode> pages(String first) throws IOException, InterruptedException {
        List<JsonNode> pages = new ArrayList<>();
        String url = first;
        while (url != null) {
            HttpResponse<String> response = shopify(url);
            assertThat(response.statusCode()).as("%s: %s", url, response.body()).isEqualTo(200);
            pages.add(JSON.readTree(response.body()).get("orders"));
            Matcher next = NEXT.matcher(response.headers().firstValue("Link").orElse(""));
            url = next.find() ? next.group(1) : null;
        }
        return pages;
    }

    static List<Long> ids(List<JsonNode> pages) {
        List<Long> ids = new ArrayList<>();
        pages.forEach(page -> page.forEach(order -> ids.add(order.get("id").asLong())));
        return ids;
    }

    @Test
    void theOrdersListPagesThroughTheLinkHeaderWithTheDuplicateOnALaterPageThanItsFirstCopy() throws Exception {
        List<JsonNode> pages = pages(server.shopifyBaseUrl() + "/orders.json?status=any&limit=250");

        assertThat(pages).hasSize((data.orders().size() + 1 + 249) / 250);
        assertThat(pages.subList(0, pages.size() - 1)).allSatisfy(page -> assertThat(page).hasSize(250));
        List<Long> ids = ids(pages);
        assertThat(ids).hasSize(data.orders().size() + 1);
        assertThat(new HashSet<>(ids)).hasSize(data.orders().size());
        long duplicate = data.flaws().duplicateOrderId();
        List<Integer> pagesHoldingIt = new ArrayList<>();
        for (int p = 0; p < pages.size(); p++) {
            for (JsonNode order : pages.get(p)) {
                if (order.get("id").asLong() == duplicate) {
                    pagesHoldingIt.add(p);
                }
            }
        }
        assertThat(pagesHoldingIt).hasSize(2).doesNotHaveDuplicates();

        HttpResponse<String> second = shopify(server.shopifyBaseUrl() + "/orders.json?status=any&limit=250");
        String next = NEXT.matcher(second.headers().firstValue("Link").orElseThrow()).results().findFirst().orElseThrow().group(1);
        assertThat(shopify(next).headers().firstValue("Link").orElseThrow()).contains("rel=\"previous\"");
    }

    @Test
    void anOrderCarriesItsLineItemsMoneyAsTextAndTimesWithTheirOffset() throws Exception {
        JsonNode order = JSON.readTree(shopify(server.shopifyBaseUrl() + "/orders.json?limit=1").body()).get("orders").get(0);
        ShopData.Order first = data.orders().get(0);
        assertThat(order.get("id").asLong()).isEqualTo(first.id());
        assertThat(order.get("total_price").asText()).isEqualTo(first.totalPrice().toPlainString()).matches("\\d+\\.\\d\\d");
        assertThat(order.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00");
        assertThat(order.get("customer").get("id").asLong()).isEqualTo(first.customer().id());
        assertThat(order.get("line_items")).hasSize(first.lineItems().size());
        assertThat(order.get("line_items").get(0).get("price").asText()).isEqualTo(first.lineItems().get(0).variant().price().toPlainString());
    }

    @Test
    void updatedAndCreatedAtMinFilterTheListAndTravelInsidePageInfo() throws Exception {
        String since = "2026-03-01T00:00:00-05:00";
        Instant sinceInstant = Instant.parse("2026-03-01T05:00:00Z");
        List<Long> updated = ids(pages(server.shopifyBaseUrl() + "/orders.json?status=any&limit=100&updated_at_min="
                + URLEncoder.encode(since, StandardCharsets.UTF_8)));
        List<Long> expected = new ArrayList<>(data.orders().stream().filter(o -> !o.updatedAt().isBefore(sinceInstant)).map(ShopData.Order::id).toList());
        assertThat(new HashSet<>(updated)).isEqualTo(new HashSet<>(expected));
        assertThat(updated.size()).as("more than one page, all filtered").isGreaterThan(100);

        List<Long> created = ids(pages(server.shopifyBaseUrl() + "/orders.json?created_at_min=" + URLEncoder.encode(since, StandardCharsets.UTF_8)));
        assertThat(new HashSet<>(created)).isEqualTo(Set.copyOf(data.orders().stream().filter(o -> !o.createdAt().isBefore(sinceInstant))
                .map(ShopData.Order::id).toList()));
    }

    @Test
    void pageInfoWithAFilterBesideItAnUnknownStatusAndABadTimeAreRefusedAsShopifyDoes() throws Exception {
        HttpResponse<String> first = shopify(server.shopifyBaseUrl() + "/orders.json?limit=10");
        String next = NEXT.matcher(first.headers().firstValue("Link").orElseThrow()).results().findFirst().orElseThrow().group(1);
        assertThat(shopify(next + "&status=any").statusCode()).isEqualTo(400);
        assertThat(shopify(server.shopifyBaseUrl() + "/orders.json?page_info=made-up").body()).contains("page_info");
        assertThat(shopify(server.shopifyBaseUrl() + "/orders.json?status=whatever").body()).contains("status must be open, closed, cancelled or any");
        assertThat(shopify(server.shopifyBaseUrl() + "/orders.json?updated_at_min=yesterday").body()).contains("updated_at_min must be an ISO 8601");
        assertThat(shopify(server.shopifyBaseUrl() + "/orders.json?limit=251").statusCode()).isEqualTo(400);
    }

    @Test
    void aWrongOrMissingAccessTokenIs401() throws Exception {
        HttpResponse<String> wrong = get(server.shopifyBaseUrl() + "/orders.json", "X-Shopify-Access-Token", "shpat_other");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("Invalid API key or access token");
        assertThat(get(server.stripeBaseUrl() + "/charges", "Authorization", "Bearer sk_test_other").statusCode()).isEqualTo(401);
    }

    @Test
    void theCallLimitBucketFillsOneCallARequestDrainsTwoASecondAndAFullBucketIs429() {
        AtomicLong nanos = new AtomicLong();
        ShopifyOrders orders = new ShopifyOrders(data, "t", () -> "http://x", nanos::get);
        String path = "/admin/api/2025-01/orders.json";
        assertThat(orders.list(path, Map.of("limit", "1"), "t").headers()).containsEntry("X-Shopify-Shop-Api-Call-Limit", "1/40");
        for (int i = 2; i <= 40; i++) {
            assertThat(orders.list(path, Map.of("limit", "1"), "t").headers()).containsEntry("X-Shopify-Shop-Api-Call-Limit", i + "/40");
        }
        ShopServer.Response full = orders.list(path, Map.of("limit", "1"), "t");
        assertThat(full.status()).isEqualTo(429);
        assertThat(full.headers()).containsEntry("Retry-After", "2");

        nanos.addAndGet(1_000_000_000L);   // one second: two calls drained
        assertThat(orders.list(path, Map.of("limit", "1"), "t").headers()).containsEntry("X-Shopify-Shop-Api-Call-Limit", "39/40");
    }

    @Test
    void chargesAreListedNewestFirstWithStartingAfterHasMoreAndCreatedGte() throws Exception {
        List<String> ids = new ArrayList<>();
        String after = null;
        long previous = Long.MAX_VALUE;
        int pages = 0;
        while (true) {
            HttpResponse<String> response = get(server.stripeBaseUrl() + "/charges?limit=100" + (after == null ? "" : "&starting_after=" + after),
                    "Authorization", "Bearer sk_test_t");
            JsonNode body = JSON.readTree(response.body());
            assertThat(body.get("object").asText()).isEqualTo("list");
            for (JsonNode charge : body.get("data")) {
                assertThat(charge.get("created").asLong()).isLessThanOrEqualTo(previous);
                previous = charge.get("created").asLong();
                ids.add(charge.get("id").asText());
            }
            pages++;
            if (!body.get("has_more").asBoolean()) {
                break;
            }
            after = ids.get(ids.size() - 1);
        }
        assertThat(ids).hasSize(data.charges().size()).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo((data.charges().size() + 99) / 100);

        long since = data.charges().get(data.charges().size() - 10).created();
        JsonNode recent = JSON.readTree(get(server.stripeBaseUrl() + "/charges?limit=100&created%5Bgte%5D=" + since, "Authorization", "Bearer sk_test_t").body());
        assertThat(recent.get("data")).hasSize((int) data.charges().stream().filter(c -> c.created() >= since).count());
        assertThat(recent.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void theSameSeedAndClockGiveTheSameBytesAndAnotherDayOtherData() throws Exception {
        try (ShopServer again = ShopServer.start(ShopGenerator.generate(ShopGenerator.DEFAULT_SEED, CLOCK), "shpat_t", "sk_test_t")) {
            for (String query : List.of("/orders.json?limit=250", "/orders.json?limit=250&updated_at_min=2026-02-01T00:00:00Z")) {
                assertThat(bodies(again.shopifyBaseUrl() + query)).isEqualTo(bodies(server.shopifyBaseUrl() + query));
            }
            assertThat(get(again.stripeBaseUrl() + "/charges?limit=100", "Authorization", "Bearer sk_test_t").body())
                    .isEqualTo(get(server.stripeBaseUrl() + "/charges?limit=100", "Authorization", "Bearer sk_test_t").body());
        }
        ShopData later = ShopGenerator.generate(ShopGenerator.DEFAULT_SEED, Clock.offset(CLOCK, java.time.Duration.ofDays(1)));
        assertThat(later.newestDay()).isEqualTo(data.newestDay().plusDays(1));
        assertThat(later.orders().get(0).createdAt()).isAfter(data.orders().get(0).createdAt());
    }

    /** The bodies of every page, the next-page addresses made independent of the port. */
    List<String> bodies(String first) throws IOException, InterruptedException {
        List<String> bodies = new ArrayList<>();
        String url = first;
        while (url != null) {
            HttpResponse<String> response = shopify(url);
            bodies.add(response.body());
            Matcher next = NEXT.matcher(response.headers().firstValue("Link").orElse(""));
            url = next.find() ? next.group(1) : null;
        }
        return bodies;
    }
}
