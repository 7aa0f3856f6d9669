package io.tributary.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.project.AlertChannel;
import io.tributary.testkit.HttpReceiver;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A Slack incoming-webhook message as a real receiver gets it: summary in text, detail as blocks in a coloured attachment. */
class SlackChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"INFO,#36a64f", "WARNING,#ff9500", "CRITICAL,#ff0000"})
    void theSummaryIsTheTextAndTheDetailSitsInAnAttachmentColouredBySeverity(AlertSeverity severity, String color) throws Exception {
        try (HttpReceiver slack = HttpReceiver.start()) {
            AlertChannel channel = Channels.one(TestProject.in(dir),
                    "  ops: {type: slack, url: '" + slack.url("/services/T000/B000/s3cretToken") + "', channel: '#data-ops'}\n");

            Delivery delivery = Channels.create().send(channel, Channels.failure(severity));

            assertThat(delivery).isEqualTo(Delivery.ok(1));
            HttpReceiver.Request request = slack.requests().get(0);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.path()).isEqualTo("/services/T000/B000/s3cretToken");
            assertThat(request.header("content-type")).isEqualTo("application/json");
            JsonNode message = JSON.readTree(request.body());
            assertThat(message.get("text").asText()).isEqualTo("orders: run 42 failed");
            assertThat(message.get("channel").asText()).isEqualTo("#data-ops");
            JsonNode attachment = message.get("attachments").get(0);
            assertThat(attachment.get("color").asText()).isEqualTo(color);
            String blocks = texts(attachment.get("blocks"));
            assertThat(blocks).contains("*Pipeline*\norders")
                    .contains("*Severity*\n" + severity.word())
                    // Slack's mrkdwn would eat < > &: the error shows as written
                    .contains("line 7 has 5 fields, expected 4 &lt;bad &amp; wrong&gt;");
            JsonNode button = attachment.get("blocks").findValue("elements").get(0);
            assertThat(button.get("type").asText()).isEqualTo("button");
            assertThat(button.get("url").asText()).isEqualTo("https://tributary.example.com/runs/42");
        }
    }

    @Test
    void withoutARunLinkThereIsNoButtonAndWithoutAChannelNoChannelKey() throws Exception {
        try (HttpReceiver slack = HttpReceiver.start()) {
            AlertChannel channel = Channels.one(TestProject.in(dir), "  ops: {type: slack, url: '" + slack.url("/hook") + "'}\n");

            Delivery delivery = Channels.create().send(channel, Alert.test("shop", "ops", Channels.NOW));

            assertThat(delivery.delivered()).isTrue();
            JsonNode message = JSON.readTree(slack.requests().get(0).body());
            assertThat(message.has("channel")).isFalse();
            assertThat(message.get("text").asText()).isEqualTo("Test alert from Tributary project shop");
            assertThat(message.toString()).doesNotContain("\"button\"");
            assertThat(message.get("attachments").get(0).get("color").asText()).isEqualTo("#36a64f");
        }
    }

    @Test
    void aRefusedMessageFailsAtOnceAndTheReasonNeverShowsTheTokenInTheUrl() {
        try (HttpReceiver slack = HttpReceiver.start()) {
            slack.answer(new HttpReceiver.Answer(404, "no_service", null));
            AlertChannel channel = Channels.one(TestProject.in(dir),
                    "  ops: {type: slack, url: '" + slack.url("/services/T000/B000/s3cretToken") + "'}\n");

            Delivery delivery = Channels.create().send(channel, Channels.failure(AlertSeverity.CRITICAL));

            assertThat(delivery.delivered()).isFalse();
            assertThat(delivery.attempts()).isEqualTo(1);
            assertThat(delivery.reason()).isEqualTo(slack.url("").replaceAll("/$", "") + " answered 404: no_service (check the channel's url and credentials)")
                    .doesNotContain("s3cretToken").doesNotContain("/services");
        }
    }

    private static String texts(JsonNode blocks) {
        List<String> out = new ArrayList<>();
        blocks.findValues("text").forEach(t -> out.add(t.isTextual() ? t.asText() : t.path("text").asText()));
        return String.join("\n", out);
    }
}
