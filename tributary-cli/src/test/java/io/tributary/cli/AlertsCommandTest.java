package io.tributary.cli;

import static io.tributary.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.cli.CliTest.Result;
import io.tributary.testkit.HttpReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary alerts} and {@code tributary alerts test [CHANNEL]} end to end against receivers on 127.0.0.1. */
class AlertsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private void project(String alerts) throws Exception {
        Files.writeString(dir.resolve("tributary.yml"), "name: shop\nalerts:\n" + alerts, StandardCharsets.UTF_8);
        // a broken pipeline must not stop anyone from testing alerts
        Files.createDirectories(dir.resolve("pipelines"));
        Files.writeString(dir.resolve("pipelines/broken.yml"), "name: broken\nsource: {type: nope}\n", StandardCharsets.UTF_8);
    }

    @Test
    void alertsListsTheChannelsWithoutTheirSecretUrls() throws Exception {
        project("""
                  ops_slack: {type: slack, url: 'https://hooks.slack.com/services/T0/B0/topSecretToken', channel: '#data'}
                  pager: {type: pagerduty, routing_key: R0utingKey123}
                """);

        Result result = cli("-p", dir.toString(), "alerts");

        assertThat(result.code()).as(result.toString()).isZero();
        assertThat(result.out()).containsPattern("ops_slack\\s+slack\\s+slack #data").containsPattern("pager\\s+pagerduty\\s+pagerduty")
                .doesNotContain("topSecretToken").doesNotContain("R0utingKey123");
    }

    @Test
    void aTestAlertIsDeliveredAndReportedWithItsAttempts() throws Exception {
        try (HttpReceiver receiver = HttpReceiver.start()) {
            project("  hook: {type: webhook, url: '" + receiver.url("/hooks/tributary") + "'}\n");

            Result result = cli("alerts", "test", "hook", "-p", dir.toString());

            assertThat(result.code()).as(result.toString()).isZero();
            assertThat(result.out()).containsPattern("hook\\s+webhook\\s+delivered\\s+1");
            assertThat(receiver.requests()).hasSize(1);
            JsonNode body = JSON.readTree(receiver.requests().get(0).body());
            assertThat(body.get("type").asText()).isEqualTo("alert.test");
            assertThat(body.get("data").get("summary").asText()).isEqualTo("Test alert from Tributary project shop");
        }
    }

    @Test
    void aChannelThatFailsIsReportedWithTheReasonAndExit1WhileTheOthersAreDelivered() throws Exception {
        try (HttpReceiver slack = HttpReceiver.start()) {
            int dead = HttpReceiver.deadPort();
            project("""
                      dead_hook: {type: webhook, url: 'http://127.0.0.1:%d/h'}
                      ops_slack: {type: slack, url: '%s'}
                    """.formatted(dead, slack.url("/services/T0/B0/topSecretToken")));

            Result result = cli("-p", dir.toString(), "alerts", "test");

            assertThat(result.code()).as(result.toString()).isEqualTo(1);
            assertThat(result.out()).containsPattern("dead_hook\\s+webhook\\s+FAILED\\s+3\\s+cannot reach http://127.0.0.1:" + dead
                            + ": connection refused")
                    .containsPattern("ops_slack\\s+slack\\s+delivered\\s+1")
                    .doesNotContain("topSecretToken");
            assertThat(slack.requests()).hasSize(1);
        }
    }

    @Test
    void anUnknownChannelIsExit2WithTheNearestName() throws Exception {
        project("  ops_slack: {type: slack, url: 'https://hooks.slack.com/services/T0/B0/x'}\n");

        Result result = cli("-p", dir.toString(), "alerts", "test", "ops_slak");

        assertThat(result.code()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("no alert channel named 'ops_slak' in tributary.yml; did you mean 'ops_slack'?");
    }

    @Test
    void withoutChannelsTheCommandsSaySo() throws Exception {
        Files.writeString(dir.resolve("tributary.yml"), "name: shop\n", StandardCharsets.UTF_8);

        Result list = cli("-p", dir.toString(), "alerts");
        Result test = cli("-p", dir.toString(), "alerts", "test", "ops");

        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("no alert channels in tributary.yml");
        assertThat(test.code()).isEqualTo(2);
        assertThat(test.err()).contains("no alert channel named 'ops'").contains("it defines no channels");
    }
}
