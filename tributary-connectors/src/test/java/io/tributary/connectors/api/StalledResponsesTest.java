package io.tributary.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that sends the headers and part of the body, then goes silent with the connection open:
 * {@code source.timeout} bounds the whole response, so the source gives up on it, retries, and at
 * last fails naming the address and the timeout, instead of waiting forever. (Each test has a bound
 * of its own, so a source that hangs fails the test rather than the build.)
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StalledResponsesTest {
    private static final String ORDERS = "/orders.json";
    private static final String PAGE = "{\"orders\":[{\"id\":999,\"name\":\"ghost\",\"email\":\"ghost@example.com\"}]}";

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
        project.pipeline("shop_orders", FakeApi.shopifyOrders(api.url() + "/admin/api/2025-01", """
                  params: {limit: 2}
                  timeout: 1s
                  retry: {max_attempts: 3, initial_delay: 100ms, max_delay: 1s}
                """));
    }

    @AfterEach
    void stop() {
        RecordingPacer.uninstall();
        api.close();
    }

    private void stall(String pathPart) {
        api.fault(new FakeApi.Fault(p -> p.contains(pathPart), 200, Map.of(), PAGE, 0, FakeApi.Ending.STALL));
    }

    @Test
    void aBodyThatStallsAfterTheHeadersIsGivenUpAtTheTimeoutAndFetchedAgain() {
        stall(ORDERS);

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).isNull();
        assertThat(pacer.pausesFor("did not finish within 1s (source.timeout)")).hasSize(1);
        assertThat(project.rows("SELECT id FROM orders ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aPageRequestedAheadWhoseBodyStallsIsGivenUpAtTheTimeoutAndFetchedAgain() {
        stall("page_info=");

        RunResult result = project.run("shop_orders");

        assertThat(result.error()).isNull();
        assertThat(pacer.pausesFor("did not finish within 1s (source.timeout)")).hasSize(1);
        assertThat(project.count("orders")).isEqualTo(6);
        assertThat(project.count("orders__line_items")).isEqualTo(12);
    }

    @Test
    void aBodyThatStallsOnEveryAttemptFailsTheRunNamingTheAddressAndTheTimeout() {
        for (int i = 0; i < 3; i++) {
            stall(ORDERS);
        }

        RunResult result = project.run("shop_orders");

        assertThat(result.succeeded()).isFalse();
        assertThat(result.error())
                .contains("GET " + api.url() + "/admin/api/2025-01/orders.json?status=any&limit=2")
                .contains("failed after 3 attempts")
                .contains("did not finish within 1s (source.timeout)")
                .contains("of the body")
                .contains("raise source.retry.max_attempts or source.timeout");
        assertThat(project.value("SELECT status FROM _tributary.runs ORDER BY run_id DESC LIMIT 1")).isEqualTo("failed");
        assertThat(api.requests(ORDERS)).hasSize(3);
        assertThat(project.rows("SELECT * FROM _tributary.state")).isEmpty();
    }
}
