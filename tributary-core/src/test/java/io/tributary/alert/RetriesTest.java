package io.tributary.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.project.AlertChannel;
import io.tributary.testkit.HttpReceiver;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bounded retries: again on 5xx, 429 and no connection, with growing waits; never on other 4xx. */
class RetriesTest {
    @TempDir
    Path dir;

    private AlertChannel webhook(String url) {
        return Channels.one(TestProject.in(dir), "  hook: {type: webhook, url: '" + url + "'}\n");
    }

    @Test
    void twoAnswers503ThenA200AreDeliveredOnTheThirdAttemptAfterGrowingWaits() {
        try (HttpReceiver receiver = HttpReceiver.start()) {
            receiver.answer(503, 503);
            Channels channels = Channels.create();

            Delivery delivery = channels.send(webhook(receiver.url("/h")), Channels.failure(AlertSeverity.CRITICAL));

            assertThat(delivery).isEqualTo(Delivery.ok(3));
            assertThat(receiver.requests()).hasSize(3);
            // 200 ms then 400 ms, each shortened by up to 20 % jitter
            assertThat(channels.waits).hasSize(2);
            assertThat(channels.waits.get(0)).isBetween(Duration.ofMillis(160), Duration.ofMillis(200));
            assertThat(channels.waits.get(1)).isBetween(Duration.ofMillis(320), Duration.ofMillis(400));
            // the same message each time: a receiver can tell a retry by its id
            assertThat(receiver.requests().stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
        }
    }

    @Test
    void a400FailsAfterOneAttempt() {
        try (HttpReceiver receiver = HttpReceiver.start()) {
            receiver.always(new HttpReceiver.Answer(400, "missing field 'foo'", null));
            Channels channels = Channels.create();

            Delivery delivery = channels.send(webhook(receiver.url("/h")), Channels.failure(AlertSeverity.CRITICAL));

            assertThat(delivery.delivered()).isFalse();
            assertThat(delivery.attempts()).isEqualTo(1);
            assertThat(delivery.reason()).isEqualTo(receiver.url("").replaceAll("/$", "") + " answered 400: missing field 'foo'");
            assertThat(receiver.requests()).hasSize(1);
            assertThat(channels.waits).isEmpty();
        }
    }

    @Test
    void fiveHundredsEveryTimeFailAfterThreeAttemptsWithTheLastAnswer() {
        try (HttpReceiver receiver = HttpReceiver.start()) {
            receiver.always(new HttpReceiver.Answer(502, "<html>Bad Gateway</html>", null));

            Delivery delivery = Channels.create().send(webhook(receiver.url("/h")), Channels.failure(AlertSeverity.CRITICAL));

            assertThat(delivery.describe()).isEqualTo("failed after 3 attempts: " + receiver.url("").replaceAll("/$", "")
                    + " answered 502: <html>Bad Gateway</html>");
            assertThat(receiver.requests()).hasSize(3);
        }
    }

    @Test
    void retryAfterOfA429IsHonouredUpToTheCap() {
        try (HttpReceiver receiver = HttpReceiver.start()) {
            receiver.answer(new HttpReceiver.Answer(429, "slow down", "2"), new HttpReceiver.Answer(429, "slow down", "3600"));
            Channels channels = Channels.create();

            Delivery delivery = channels.send(webhook(receiver.url("/h")), Channels.failure(AlertSeverity.CRITICAL));

            assertThat(delivery).isEqualTo(Delivery.ok(3));
            assertThat(channels.waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5));
        }
    }

    @Test
    void aDeadPortFailsWithAReasonAfterAllAttempts() {
        int port = HttpReceiver.deadPort();
        Delivery delivery = Channels.create().send(webhook("http://127.0.0.1:" + port + "/h"), Channels.failure(AlertSeverity.CRITICAL));

        assertThat(delivery.delivered()).isFalse();
        assertThat(delivery.attempts()).isEqualTo(3);
        assertThat(delivery.reason()).isEqualTo("cannot reach http://127.0.0.1:" + port
                + ": connection refused (is the receiver running, is the port right?)");
    }

    @Test
    void theBackoffDoublesUpToItsMaximum() {
        RetryPolicy policy = RetryPolicy.DEFAULT.withAttempts(6);
        assertThat(policy.delayAfter(1, null)).isBetween(Duration.ofMillis(160), Duration.ofMillis(200));
        assertThat(policy.delayAfter(3, null)).isBetween(Duration.ofMillis(640), Duration.ofMillis(800));
        assertThat(policy.delayAfter(5, null)).isBetween(Duration.ofMillis(640), Duration.ofMillis(800));
    }
}
