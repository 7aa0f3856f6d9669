package io.tributary.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.error.InvalidProjectException;
import io.tributary.project.AlertChannel;
import io.tributary.testkit.HttpReceiver;
import io.tributary.testkit.TestProject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generic webhook per Standard Webhooks 1.0. The signature is checked here by a separate
 * implementation written from the spec, the way a receiver would check it, not by the sender's code.
 */
class WebhookChannelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] KEY = "a key of thirty-two bytes, ok?!!".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(KEY);

    @TempDir
    Path dir;

    @Test
    void theMessageIsSignedAsTheSpecSaysAndAReceiverCanVerifyIt() throws Exception {
        try (HttpReceiver receiver = HttpReceiver.start()) {
            AlertChannel channel = Channels.load(TestProject.in(dir), """
                      hook:
                        type: webhook
                        url: %s
                        secret: "${env:HOOK_SECRET}"
                        headers: {X-Team: data-platform, X-Api-Key: literal-key-987, Authorization: "Bearer ${env:HOOK_TOKEN}"}
                    """.formatted(receiver.url("/hooks/tributary")), Map.of("HOOK_SECRET", SECRET, "HOOK_TOKEN", "tok-123456"))
                    .channels().get("hook");

            Delivery delivery = Channels.create().send(channel, Channels.failure(AlertSeverity.CRITICAL));

            assertThat(delivery).isEqualTo(Delivery.ok(1));
            HttpReceiver.Request request = receiver.requests().get(0);
            String id = request.header("webhook-id");
            String timestamp = request.header("webhook-timestamp");
            assertThat(id).matches("msg_[0-9a-f]{32}");
            assertThat(timestamp).isEqualTo(Long.toString(Channels.NOW.getEpochSecond()));
            assertThat(request.header("webhook-signature")).isEqualTo("v1," + expectedSignature(KEY, id, timestamp, request.body()));
            assertThat(verify(SECRET, request)).isTrue();
            assertThat(request.header("x-team")).isEqualTo("data-platform");
            assertThat(io.tributary.config.Secrets.redact("key literal-key-987, team data-platform"))
                    .as("a credential header's value is a secret, another header's is not").isEqualTo("key ****, team data-platform");
            assertThat(request.header("authorization")).isEqualTo("Bearer tok-123456");
            assertThat(request.header("content-type")).isEqualTo("application/json");

            JsonNode body = JSON.readTree(request.body());
            assertThat(body.get("type").asText()).isEqualTo("pipeline.failed");
            assertThat(body.get("timestamp").asText()).isEqualTo("2026-12-04T20:15:30Z");
            JsonNode data = body.get("data");
            assertThat(data.get("pipeline").asText()).isEqualTo("orders");
            assertThat(data.get("severity").asText()).isEqualTo("critical");
            assertThat(data.get("kind").asText()).isEqualTo("failure");
            assertThat(data.get("run_id").asLong()).isEqualTo(42);
            assertThat(data.get("run_url").asText()).isEqualTo("https://tributary.example.com/runs/42");
            assertThat(data.get("dedup_key").asText()).isEqualTo("tributary/orders/failure");
            assertThat(data.get("detail").asText()).contains("line 7 has 5 fields");
        }
    }

    @Test
    void aWrongSecretGivesADifferentSignatureAndEachMessageItsOwnId() throws Exception {
        try (HttpReceiver receiver = HttpReceiver.start()) {
            AlertChannel channel = Channels.one(TestProject.in(dir), "  hook: {type: webhook, url: '" + receiver.url("/h") + "', secret: '" + SECRET + "'}\n");
            Channels channels = Channels.create();
            channels.send(channel, Channels.failure(AlertSeverity.CRITICAL));
            channels.send(channel, Alert.recovery(Channels.failure(AlertSeverity.CRITICAL), "orders recovered", 43L, null, Channels.NOW));

            HttpReceiver.Request first = receiver.requests().get(0);
            String wrong = "whsec_" + Base64.getEncoder().encodeToString("another key of 32 bytes, nope!!!".getBytes(StandardCharsets.UTF_8));
            assertThat(verify(wrong, first)).isFalse();
            assertThat(verify(SECRET, first)).isTrue();
            HttpReceiver.Request second = receiver.requests().get(1);
            assertThat(second.header("webhook-id")).isNotEqualTo(first.header("webhook-id"));
            assertThat(JSON.readTree(second.body()).get("type").asText()).isEqualTo("pipeline.recovered");
            assertThat(JSON.readTree(second.body()).get("data").get("dedup_key").asText()).isEqualTo("tributary/orders/failure");
        }
    }

    @Test
    void withoutASecretTheMessageGoesUnsignedButWithItsIdAndTimestamp() {
        try (HttpReceiver receiver = HttpReceiver.start()) {
            AlertChannel channel = Channels.one(TestProject.in(dir), "  hook: {type: webhook, url: '" + receiver.url("/h") + "'}\n");

            assertThat(Channels.create().send(channel, Alert.test("shop", "hook", Channels.NOW)).delivered()).isTrue();

            HttpReceiver.Request request = receiver.requests().get(0);
            assertThat(request.header("webhook-id")).startsWith("msg_");
            assertThat(request.header("webhook-timestamp")).isNotNull();
            assertThat(request.header("webhook-signature")).isNull();
            assertThat(channel.settings().describe()).isEqualTo("webhook (unsigned)");
        }
    }

    @Test
    void aSecretThatIsNotWhsecBase64AndAReservedHeaderAreProblemsWithTheirLocation() {
        TestProject project = TestProject.in(dir);
        assertThatThrownBy(() -> Channels.load(project, """
                  hook:
                    type: webhook
                    url: https://ops.example.com/h
                    secret: not-a-secret
                    headers: {webhook-signature: forged}
                """, Map.of()))
                .isInstanceOf(InvalidProjectException.class)
                .hasMessageContaining("tributary.yml:6:").hasMessageContaining("alerts.hook.secret").hasMessageContaining("not a Standard Webhooks secret")
                .hasMessageContaining("whsec_")
                .hasMessageContaining("alerts.hook.headers").hasMessageContaining("the header 'webhook-signature' is set by Tributary")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-a-secret"));
    }

    /** From the spec: HMAC-SHA256 over "{id}.{timestamp}.{body}" with the base64-decoded part of whsec_…, in base64. */
    private static String expectedSignature(byte[] key, String id, String timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    /** A receiver's check: any v1 signature of the space-separated list matches, compared in constant time. */
    private static boolean verify(String secret, HttpReceiver.Request request) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        byte[] expected = expectedSignature(key, request.header("webhook-id"), request.header("webhook-timestamp"), request.body())
                .getBytes(StandardCharsets.UTF_8);
        for (String signature : request.header("webhook-signature").split(" ")) {
            String[] parts = signature.split(",", 2);
            if (parts[0].equals("v1") && MessageDigest.isEqual(parts[1].getBytes(StandardCharsets.UTF_8), expected)) {
                return true;
            }
        }
        return false;
    }
}
