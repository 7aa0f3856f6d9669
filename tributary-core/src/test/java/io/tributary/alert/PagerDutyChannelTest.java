package io.tributary.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.project.AlertChannel;
import io.tributary.testkit.HttpReceiver;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PagerDuty Events API v2 against a local receiver answering 202 as PagerDuty does. */
class PagerDutyChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "R0UTINGKEY0123456789abcdef0123ab";

    @TempDir
    Path dir;

    private AlertChannel channel(HttpReceiver receiver) {
        return Channels.load(TestProject.in(dir), "  pager: {type: pagerduty, routing_key: \"${env:PD_KEY}\", url: '"
                + receiver.url("/v2/enqueue") + "'}\n", Map.of("PD_KEY", KEY)).channels().get("pager");
    }

    @Test
    void aFailureTriggersAndItsRecoveryResolvesWithTheSameDedupKey() throws Exception {
        try (HttpReceiver pagerDuty = HttpReceiver.start()) {
            pagerDuty.always(new HttpReceiver.Answer(202, "{\"status\":\"success\",\"message\":\"Event processed\"}", null));
            AlertChannel channel = channel(pagerDuty);
            Channels channels = Channels.create();
            Alert failure = Channels.failure(AlertSeverity.CRITICAL);

            assertThat(channels.send(channel, failure)).isEqualTo(Delivery.ok(1));
            assertThat(channels.send(channel, Alert.recovery(failure, "orders: run 43 succeeded", 43L, null, Channels.NOW)))
                    .isEqualTo(Delivery.ok(1));

            JsonNode trigger = JSON.readTree(pagerDuty.requests().get(0).body());
            assertThat(pagerDuty.requests().get(0).path()).isEqualTo("/v2/enqueue");
            assertThat(trigger.get("routing_key").asText()).isEqualTo(KEY);
            assertThat(trigger.get("event_action").asText()).isEqualTo("trigger");
            assertThat(trigger.get("dedup_key").asText()).isEqualTo("tributary/orders/failure");
            JsonNode payload = trigger.get("payload");
            assertThat(payload.get("summary").asText()).isEqualTo("orders: run 42 failed");
            assertThat(payload.get("source").asText()).isEqualTo("tributary pipeline orders");
            assertThat(payload.get("severity").asText()).isEqualTo("critical");
            assertThat(payload.get("timestamp").asText()).isEqualTo("2026-12-04T20:15:30Z");
            assertThat(payload.get("custom_details").get("detail").asText()).contains("line 7 has 5 fields");
            assertThat(payload.get("custom_details").get("run_id").asLong()).isEqualTo(42);

            JsonNode resolve = JSON.readTree(pagerDuty.requests().get(1).body());
            assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
            assertThat(resolve.get("dedup_key").asText()).isEqualTo(trigger.get("dedup_key").asText());
            assertThat(resolve.get("routing_key").asText()).isEqualTo(KEY);
        }
    }

    @ParameterizedTest
    @CsvSource({"INFO,info", "WARNING,warning", "CRITICAL,critical"})
    void severitiesMapToPagerDutys(AlertSeverity severity, String expected) throws Exception {
        try (HttpReceiver pagerDuty = HttpReceiver.start()) {
            pagerDuty.always(HttpReceiver.Answer.of(202));
            Channels.create().send(channel(pagerDuty), Channels.failure(severity));
            assertThat(JSON.readTree(pagerDuty.requests().get(0).body()).get("payload").get("severity").asText()).isEqualTo(expected);
        }
    }

    @Test
    void aRejectedEventFailsAtOnceWithPagerDutysWordsButNeverTheRoutingKey() {
        try (HttpReceiver pagerDuty = HttpReceiver.start()) {
            pagerDuty.answer(new HttpReceiver.Answer(400, "{\"status\":\"invalid event\",\"message\":\"Event object is invalid\",\"errors\":[\"bad key "
                    + KEY + "\"]}", null));

            Delivery delivery = Channels.create().send(channel(pagerDuty), Channels.failure(AlertSeverity.CRITICAL));

            assertThat(delivery.delivered()).isFalse();
            assertThat(delivery.attempts()).isEqualTo(1);
            assertThat(delivery.reason()).contains("answered 400").contains("Event object is invalid").doesNotContain(KEY);
        }
    }

    @Test
    void theDefaultUrlIsPagerDutysEventsApi() {
        AlertChannel channel = Channels.one(TestProject.in(dir), "  pager: {type: pagerduty, routing_key: abcdef}\n");
        assertThat(((PagerDutyChannel.Settings) channel.settings()).url()).isEqualTo("https://events.pagerduty.com/v2/enqueue");
        assertThat(channel.settings().describe()).isEqualTo("pagerduty");
    }
}
