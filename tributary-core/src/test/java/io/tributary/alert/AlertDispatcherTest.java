package io.tributary.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.project.AlertChannels;
import io.tributary.testkit.HttpReceiver;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One alert to several channels: a dead or hanging one never stops the others. */
class AlertDispatcherTest {
    @TempDir
    Path dir;

    @Test
    void aDeadChannelFailsWithAReasonAndTheOthersAreStillDelivered() {
        try (HttpReceiver slack = HttpReceiver.start(); HttpReceiver pagerDuty = HttpReceiver.start()) {
            pagerDuty.always(HttpReceiver.Answer.of(202));
            int dead = HttpReceiver.deadPort();
            AlertChannels channels = Channels.load(TestProject.in(dir), """
                      dead_hook: {type: webhook, url: 'http://127.0.0.1:%d/h'}
                      ops_slack: {type: slack, url: '%s'}
                      pager: {type: pagerduty, routing_key: abcdef, url: '%s'}
                    """.formatted(dead, slack.url("/s"), pagerDuty.url("/v2/enqueue")), Map.of());

            List<AlertDispatcher.Sent> sent = new AlertDispatcher(Channels.create().senders())
                    .send(Channels.failure(AlertSeverity.CRITICAL), List.copyOf(channels.channels().values()));

            assertThat(sent).extracting(s -> s.channel().name()).containsExactly("dead_hook", "ops_slack", "pager");
            assertThat(sent.get(0).delivery().delivered()).isFalse();
            assertThat(sent.get(0).delivery().reason()).contains("cannot reach http://127.0.0.1:" + dead);
            assertThat(sent.get(1).delivery()).isEqualTo(Delivery.ok(1));
            assertThat(sent.get(2).delivery()).isEqualTo(Delivery.ok(1));
            assertThat(slack.requests()).hasSize(1);
            assertThat(pagerDuty.requests()).hasSize(1);
        }
    }

    @Test
    void aHangingChannelIsGivenUpAtTheDeadlineWhileTheOthersAreDeliveredAtOnce() {
        try (HttpReceiver slow = HttpReceiver.start(); HttpReceiver fast = HttpReceiver.start()) {
            slow.delay(3_000);
            AlertChannels channels = Channels.load(TestProject.in(dir), """
                      slow_hook: {type: webhook, url: '%s'}
                      fast_hook: {type: webhook, url: '%s'}
                    """.formatted(slow.url("/h"), fast.url("/h")), Map.of());
            long started = System.nanoTime();

            List<AlertDispatcher.Sent> sent = new AlertDispatcher(Channels.create().senders(), Duration.ofMillis(500))
                    .send(Channels.failure(AlertSeverity.CRITICAL), List.copyOf(channels.channels().values()));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
            assertThat(sent.get(0).delivery().delivered()).isFalse();
            assertThat(sent.get(0).delivery().reason()).startsWith("no delivery within 500 ms");
            assertThat(sent.get(1).delivery()).isEqualTo(Delivery.ok(1));
        }
    }

    @Test
    void aPluginTypeThatCannotSendIsAFailedDeliveryNotAnException() {
        AlertChannels channels = Channels.load(TestProject.in(dir), "  chat: {type: test_chat, room: data-ops}\n", Map.of());

        List<AlertDispatcher.Sent> sent = new AlertDispatcher(Channels.create().senders())
                .send(Alert.test("shop", "chat", Channels.NOW), List.copyOf(channels.channels().values()));

        assertThat(sent.get(0).delivery().delivered()).isFalse();
        assertThat(sent.get(0).delivery().reason()).isEqualTo("the channel type 'test_chat' reads its settings but cannot send: "
                + "its plug-in must implement io.tributary.alert.SendingChannelType");
    }
}
