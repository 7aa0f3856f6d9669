package io.tributary.alert;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Standard Webhooks 1.0 message of an alert: body {@code {type, timestamp, data}} and the headers
 * {@code webhook-id}, {@code webhook-timestamp} (unix seconds) and, with a secret,
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}.
 */
final class StandardWebhook {
    static final String PREFIX = "whsec_";

    private StandardWebhook() {}

    /** The key inside {@code whsec_<base64>}; null when the text is not such a secret. */
    static byte[] key(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return null;
        }
        try {
            byte[] key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
            return key.length == 0 ? null : key;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static ObjectNode body(Alert alert) {
        ObjectNode root = Json.object();
        root.put("type", alert.kind().eventType());
        root.put("timestamp", alert.timestamp().toString());
        ObjectNode data = root.putObject("data");
        data.put("severity", alert.severity().word());
        data.put("kind", alert.kind().word());
        data.put("pipeline", alert.pipeline());
        data.put("summary", alert.summary());
        data.put("detail", alert.detail());
        if (alert.runId() == null) {
            data.putNull("run_id");
        } else {
            data.put("run_id", alert.runId());
        }
        data.put("run_url", alert.runLink() == null ? null : alert.runLink().toString());
        data.put("dedup_key", alert.dedupKey());
        return root;
    }

    /** The three headers for one message; {@code key} null sends no signature (the receiver then cannot verify). */
    static Map<String, String> headers(byte[] key, byte[] body, Instant now) {
        String id = "msg_" + UUID.randomUUID().toString().replace("-", "");
        String timestamp = Long.toString(now.getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", timestamp);
        if (key != null) {
            headers.put("webhook-signature", "v1," + sign(key, id, timestamp, body));
        }
        return headers;
    }

    static String sign(byte[] key, String id, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }
}
