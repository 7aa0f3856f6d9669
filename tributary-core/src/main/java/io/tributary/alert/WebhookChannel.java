package io.tributary.alert;

import io.tributary.config.ConfigReader;
import io.tributary.config.Secrets;
import io.tributary.spi.AlertChannelSettings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code type: webhook}: a {@code url} that receives each alert as a Standard Webhooks message, signed
 * when a {@code secret} ({@code whsec_<base64>}) is given, with optional extra {@code headers}.
 */
public final class WebhookChannel implements SendingChannelType {
    /** Set by the sender on every message: a configured header of these names would break the signature or the body. */
    private static final List<String> RESERVED = List.of("webhook-id", "webhook-timestamp", "webhook-signature", "content-type",
            "content-length", "host");
    /** Header names that carry credentials: their values are secrets. */
    private static final java.util.regex.Pattern CREDENTIAL_HEADER =
            java.util.regex.Pattern.compile("auth|token|key|secret|passw|cookie|session|signature|credential", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** @param secret the {@code whsec_…} text, null when messages go unsigned */
    public record Settings(String url, Map<String, String> headers, String secret) implements AlertChannelSettings {
        public Settings(String url, Map<String, String> headers) {
            this(url, headers, null);
        }

        @Override
        public String describe() {
            return "webhook" + (secret == null ? " (unsigned)" : " (signed)");
        }
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public AlertChannelSettings read(String name, ConfigReader config) {
        String url = config.requiredString("url", "the URL that receives alerts, e.g. url: https://ops.example.com/hooks/tributary");
        Map<String, String> headers = new LinkedHashMap<>(config.stringMap("headers"));
        String secret = config.string("secret", null);
        config.finish();
        boolean usable = url != null && HttpUrls.check(config, "url", url);
        for (String header : headers.keySet()) {
            if (RESERVED.contains(header.toLowerCase(Locale.ROOT))) {
                config.problem("headers", "the header '" + header + "' is set by Tributary on every message",
                        "remove it from headers:; the signature comes from secret:");
                usable = false;
            }
        }
        // the values of credential headers (Authorization: Bearer …, X-Api-Key, …) are never printed; the others
        // (X-Team: data) are ordinary text, and masking them would mask that word in every message
        headers.forEach((header, value) -> {
            if (CREDENTIAL_HEADER.matcher(header).find()) {
                Secrets.remember(value);
            }
        });
        if (secret != null) {
            Secrets.remember(secret);
            if (!Secrets.containsReference(secret) && StandardWebhook.key(secret) == null) {
                config.problem("secret", "not a Standard Webhooks secret",
                        "write whsec_ followed by the key in base64, e.g. secret: \"${env:TRIBUTARY_WEBHOOK_SECRET}\" "
                                + "holding whsec_$(openssl rand -base64 32)");
                usable = false;
            }
        }
        return usable ? new Settings(url, java.util.Collections.unmodifiableMap(headers), secret) : null;
    }

    @Override
    public AlertSender sender(AlertChannelSettings settings, DeliveryContext context) {
        Settings webhook = (Settings) settings;
        URI url = URI.create(webhook.url());
        byte[] key = StandardWebhook.key(webhook.secret());
        return alert -> {
            byte[] body = Json.bytes(StandardWebhook.body(alert));
            Map<String, String> headers = new LinkedHashMap<>(webhook.headers());
            headers.putAll(StandardWebhook.headers(key, body, context.clock().instant()));
            return HttpPost.send(context, url, headers, body);
        };
    }
}
