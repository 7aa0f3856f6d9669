package io.tributary.alert;

import io.tributary.config.ConfigReader;
import io.tributary.spi.AlertChannelSettings;
import io.tributary.spi.AlertChannelType;
import java.util.Map;

/** {@code type: webhook}: a {@code url} that receives each alert as JSON, with optional {@code headers}. */
public final class WebhookChannel implements AlertChannelType {

    public record Settings(String url, Map<String, String> headers) implements AlertChannelSettings {
        @Override
        public String describe() {
            return "webhook";
        }
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public AlertChannelSettings read(String name, ConfigReader config) {
        String url = config.requiredString("url", "the URL that receives alerts, e.g. url: https://ops.example.com/hooks/tributary");
        Map<String, String> headers = config.stringMap("headers");
        config.finish();
        return url == null ? null : new Settings(url, headers);
    }
}
