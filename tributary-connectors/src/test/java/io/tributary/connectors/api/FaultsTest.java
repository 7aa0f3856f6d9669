package io.tributary.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.engine.RunResult;
import io.tributary.testkit.LogCapture;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Injected faults on a real HTTP server: each either recovers with no loss and no duplicates, or
 * fails with a clear message (address, status, start of the body; never the secret), publishes
 * nothing and leaves the state where it was.
 */
class FaultsTest {
    private static final String ORDERS = "/orders.json";

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
        for (long id = 1; id <= 6; id++) {
            api.put("orders", FakeApi.order(id, "2024-03-0" + id + "T10:00:00Z", 2));
        }
        pipeline("");
    }

    @AfterEach
    void stop() {
        RecordingPacer.uninstall();
        api.close();
    }

    private void pipeline(String extra) {
        project.pipeline("shop_orders", FakeApi.shopifyOrders(api.url() + "/admin/api/2025-01", "  params: {limit: 2}\n"
                + (extra.contains("retry:") ? extra : extra + "  retry: {max_attempts: 3, initial_delay: 100ms, max_delay: 1s}\n")));
    }

    /** A first clean run, so a failing second run has something to leave unchanged. */
    private void loadOnce() {
        assertThat(project.run("shop_orders").error()).isNull();
        api.requests.clear();
        api.put("orders", FakeApi.order(7, "2024-03-09T10:00:00Z", 1));
    }

    private void assertUnchangedAfterFailure() {
        assertThat(project.count("orders")).isEqualTo(6);
        assertThat(project.count("orders__line_items")).isEqualTo(12);
        assertThat(project.value("SELECT value FROM _tributary.state WHERE pipeline = 'shop_orders'")).isEqualTo("2024-03-06T10:00:00Z");
    }

    private void assertAllSixOrdersOnce() {
        assertThat(project.rows("SELECT id FROM orders ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(project.count("orders__line_items")).isEqualTo(12);
    }

    @Test
    void a429WithRetryAfterIsWaitedOutAndThePageFetchedAgain() {
        api.fault(ORDERS, 429, Map.of("Retry-After", "1"), "{\"errors\":\"Exceeded 2 calls per second for api client.\"}");

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).isNull();
        assertThat(api.requests(ORDERS)).hasSize(1 + 3);
        assertThat(pacer.pausesFor("Retry-After")).extracting(RecordingPacer.Pause::duration).containsExactly(Duration.ofSeconds(1));
        assertAllSixOrdersOnce();
    }

    @Test
    void retryAfterAsAnHttpDateIsHonouredToo() {
        // Far enough ahead that a loaded machine still sends the request well before it (the pacer
        // does not really sleep, so the wait costs nothing), within max_delay.
        String inEightSeconds = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusSeconds(8));
        pipeline("  retry: {max_attempts: 3, initial_delay: 100ms, max_delay: 10s}\n");
        api.fault(ORDERS, 429, Map.of("Retry-After", inEightSeconds), "{}");

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).isNull();
        assertThat(pacer.pausesFor("Retry-After")).singleElement()
                .satisfies(p -> assertThat(p.duration()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(8)));
        assertAllSixOrdersOnce();
    }

    @Test
    void serverErrorsAreRetriedWithGrowingDelaysUntilThePageComes() {
        api.fault(ORDERS, 500, Map.of(), "{\"errors\":\"Internal Server Error\"}");
        api.fault(ORDERS, 503, Map.of(), "{\"errors\":\"Unavailable\"}");

        RunResult result;
        List<String> warnings;
        try (LogCapture log = LogCapture.of(ApiClient.class)) {
            result = project.run("shop_orders");
            warnings = log.warnings();
        }

        assertThat(result.error()).isNull();
        assertThat(api.requests(ORDERS)).hasSize(2 + 3);
        assertThat(warnings).satisfiesExactly(
                        first -> assertThat(first).contains("/orders.json", "attempt 1 of 3 failed (HTTP 500", "trying again in"),
                        second -> assertThat(second).contains("attempt 2 of 3 failed (HTTP 503", "trying again in"));
        var retries = pacer.pausesFor("retry after");
        assertThat(retries).hasSize(2);
        assertThat(retries.get(0).duration()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(retries.get(1).duration()).isBetween(Duration.ofMillis(100), Duration.ofMillis(200));
        assertAllSixOrdersOnce();
    }

    @Test
    void serverErrorsPastTheLastAttemptFailTheRunWithAddressStatusAndBodyButNotTheToken() {
        loadOnce();
        String body = "{\"errors\":\"Internal Server Error\",\"echo\":\"" + FakeApi.SHOPIFY_TOKEN + "\",\"detail\":\"" + "x".repeat(600) + "\"}";
        for (int i = 0; i < 3; i++) {
            api.fault(ORDERS, 500, Map.of(), body);
        }

        RunResult result = project.run("shop_orders");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error())
                .contains("GET " + api.url() + "/admin/api/2025-01/orders.json?status=any&limit=2&updated_at_min=2024-03-06T09%3A50%3A00Z")
                .contains("failed after 3 attempts").contains("HTTP 500").contains("Internal Server Error")
                .doesNotContain(FakeApi.SHOPIFY_TOKEN).doesNotContain("x".repeat(400));
        assertThat(api.requests(ORDERS)).hasSize(3);
        assertThat((String) project.value("SELECT error FROM _tributary.runs ORDER BY run_id DESC LIMIT 1")).doesNotContain(FakeApi.SHOPIFY_TOKEN);
        assertUnchangedAfterFailure();
    }

    @Test
    void aSlowResponsePastTheTimeoutIsRetried() {
        pipeline("  timeout: 300ms\n");
        api.fault(new FakeApi.Fault(p -> p.contains(ORDERS), 200, Map.of(), "{\"orders\":[]}", 1500, FakeApi.Ending.WHOLE));

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).isNull();
        assertThat(pacer.pausesFor("no response within 300ms")).hasSize(1);
        assertAllSixOrdersOnce();
    }

    @Test
    void aResponseThatNeverComesInTimeFailsTheRunNamingTheTimeout() {
        loadOnce();
        pipeline("  timeout: 200ms\n  retry: {max_attempts: 2, initial_delay: 10ms}\n");
        for (int i = 0; i < 2; i++) {
            api.fault(new FakeApi.Fault(p -> p.contains(ORDERS), 200, Map.of(), "{\"orders\":[]}", 1000, FakeApi.Ending.WHOLE));
        }

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).contains("failed after 2 attempts").contains("no response within 200ms (source.timeout)");
        assertUnchangedAfterFailure();
    }

    @Test
    void aRunThatFailsAfterSomePagesCountsTheRecordsAndBytesItReceived() {
        String thirdPage = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("4|".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            api.fault("page_info=" + thirdPage, 500, Map.of(), "{\"errors\":\"Internal Server Error\"}");
        }

        RunResult result = project.run("shop_orders");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.rowsRead()).as("the orders of the two pages received").isEqualTo(4);
        assertThat(result.rowsLoaded() + result.rowsRejected()).isEqualTo(result.rowsRead());
        assertThat(result.bytesRead()).isPositive();
        assertThat(project.rows("SELECT status, rows_read, rows_loaded, bytes_read FROM _tributary.runs")).singleElement()
                .satisfies(run -> {
                    assertThat(run.get("status")).isEqualTo("failed");
                    assertThat(run.get("rows_read")).isEqualTo(4L);
                    assertThat(run.get("rows_loaded")).isEqualTo(4L);
                    assertThat((Long) run.get("bytes_read")).isEqualTo(result.bytesRead());
                });
        assertThat(project.rows("SELECT * FROM _tributary.state")).isEmpty();
    }

    @Test
    void aRefusedConnectionIsReportedAsSuchWithTheHostAndPort() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        project.pipeline("shop_orders", FakeApi.shopifyOrders("http://127.0.0.1:" + closedPort + "/admin/api/2025-01",
                "  retry: {max_attempts: 2, initial_delay: 10ms}\n"));

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).contains("GET http://127.0.0.1:" + closedPort + "/admin/api/2025-01/orders.json")
                .contains("failed after 2 attempts: the connection to 127.0.0.1:" + closedPort + " was refused")
                .contains("check source.base_url").doesNotContain("ConnectException");
    }

    @Test
    void aTruncatedJsonBodyIsRetriedAndNoRecordOfItIsKept() {
        // A well-framed body whose JSON stops half-way: the first record parsed, the page did not.
        api.fault(ORDERS, 200, Map.of(), "{\"orders\":[{\"id\":999,\"name\":\"ghost\"},{\"id\":1000,");

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).isNull();
        assertThat(pacer.pausesFor("not valid JSON")).hasSize(1);
        assertAllSixOrdersOnce();
    }

    @Test
    void aConnectionClosedMidBodyIsRetried() {
        api.fault(new FakeApi.Fault(p -> p.contains(ORDERS), 200, Map.of(), "{\"orders\":[{\"id\":999,\"name\":\"ghost\"}]}", 0, FakeApi.Ending.CUT_OFF));

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).isNull();
        assertThat(pacer.pausesFor("the connection to 127.0.0.1:" + java.net.URI.create(api.url()).getPort() + " failed")).hasSize(1);
        assertAllSixOrdersOnce();
    }

    @Test
    void aBodyThatStaysTruncatedFailsClearlyAndPublishesNothing() {
        loadOnce();
        for (int i = 0; i < 3; i++) {
            api.fault(ORDERS, 200, Map.of(), "{\"orders\":[{\"id\":7,\"name\":\"#1007\"");
        }

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).contains("failed after 3 attempts").contains("not valid JSON").contains("{\"orders\":[{\"id\":7");
        assertUnchangedAfterFailure();
    }

    @Test
    void aClientErrorFailsAtOnceWithoutRetrying() {
        api.fault(ORDERS, 422, Map.of(), "{\"errors\":{\"updated_at_min\":\"is invalid\"}}");

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).contains("was refused: HTTP 422").contains("is invalid").contains("source.params");
        assertThat(api.requests(ORDERS)).hasSize(1);
        assertThat(pacer.pauses).isEmpty();
    }

    @Test
    void theSameOrderOnTwoPagesIsLoadedOnceFromItsLastCopyWithItsLineItemsOnce() throws Exception {
        // Order 2 changes while the run pages: page 1 (served below) still has the old copy, and the
        // server's next page starts at offset 1, so the new copy comes again on page 2.
        ObjectNode changed = FakeApi.order(2, "2024-03-07T10:00:00Z", 1);
        changed.put("total_price", "77.00");
        String pageOne = "{\"orders\":[" + FakeApi.order(1, "2024-03-01T10:00:00Z", 2) + "," + FakeApi.order(2, "2024-03-02T10:00:00Z", 2) + "]}";
        api.put("orders", changed);
        String next = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("1|".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        api.fault(ORDERS, 200, Map.of("Link", "<" + api.url() + "/admin/api/2025-01/orders.json?limit=2&page_info=" + next + ">; rel=\"next\""), pageOne);

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT id, total_price FROM orders ORDER BY id")).extracting(r -> r.get("id") + " " + r.get("total_price"))
                .containsExactly("1 10.50", "2 77.00", "3 30.50", "4 40.50", "5 50.50", "6 60.50");
        assertThat(project.rows("SELECT id FROM orders__line_items WHERE order_id = 2")).extracting(r -> r.get("id")).containsExactly(201L);
        assertThat(project.count("orders__line_items")).isEqualTo(11);
    }

    @Test
    void aFieldFirstSeenOnTheLastPageBecomesAColumnThatIsNullBefore() {
        for (long id = 5; id <= 6; id++) {
            ObjectNode order = FakeApi.order(id, "2024-03-0" + id + "T10:00:00Z", 2);
            order.put("note", "gift " + id);
            ((ObjectNode) order.get("customer")).put("phone", "+1-555-000" + id);
            api.put("orders", order);
        }

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT id, note, customer__phone FROM orders ORDER BY id"))
                .extracting(r -> r.get("id") + " " + r.get("note") + " " + r.get("customer__phone"))
                .containsExactly("1 null null", "2 null null", "3 null null", "4 null null", "5 gift 5 +1-555-0005", "6 gift 6 +1-555-0006");
    }

    @Test
    void a429WithoutRetryAfterBacksOffAsForAnyFailure() {
        api.fault(ORDERS, 429, Map.of(), "{\"errors\":\"Too many requests\"}");

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).isNull();
        assertThat(pacer.pausesFor("retry after: HTTP 429")).singleElement()
                .satisfies(p -> assertThat(p.duration()).isBetween(Duration.ofMillis(50), Duration.ofMillis(100)));
        assertAllSixOrdersOnce();
    }

    @Test
    void a429AskingToWaitLongerThanMaxDelayFailsAtOnceAndPublishesNothing() {
        loadOnce();
        api.fault(ORDERS, 429, Map.of("Retry-After", "3600"), "{}");

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).contains("HTTP 429").contains("asks to wait 3600s").contains("max_delay (1s)");
        assertThat(api.requests(ORDERS)).hasSize(1);
        assertThat(pacer.pauses).isEmpty();
        assertUnchangedAfterFailure();
    }

    @Test
    void failuresOfAPageRequestedAheadAreRetriedLikeAnyOther() {
        // Page 2 is requested while page 1 is parsed (Link pagination): it fails, then comes cut off, then arrives.
        api.fault(new FakeApi.Fault(p -> p.contains("page_info="), 502, Map.of(), "{\"errors\":\"Bad Gateway\"}", 0, FakeApi.Ending.WHOLE));
        api.fault(new FakeApi.Fault(p -> p.contains("page_info="), 200, Map.of(), "{\"orders\":[{\"id\":3,", 0, FakeApi.Ending.WHOLE));

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).isNull();
        assertThat(pacer.pausesFor("HTTP 502")).hasSize(1);
        assertThat(pacer.pausesFor("not valid JSON")).hasSize(1);
        assertThat(api.requests(ORDERS)).hasSize(3 + 2);
        assertAllSixOrdersOnce();
    }
}
