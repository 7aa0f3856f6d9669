package io.tributary.alert;

import io.tributary.config.ConfigReader;
import io.tributary.config.Secrets;
import io.tributary.spi.AlertChannelSettings;
import java.net.URI;
import java.util.Map;

/** {@code type: pagerduty}: an Events API v2 {@code routing_key}, and the {@code url} events go to (PagerDuty's by default). */
public final class PagerDutyChannel implements SendingChannelType {
    public static final String EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

    public record Settings(String routingKey, String url) implements AlertChannelSettings {
        public Settings(String routingKey) {
            this(routingKey, EVENTS_URL);
        }

        @Override
        public String describe() {
            return "pagerduty" + (EVENTS_URL.equals(url) ? "" : " via " + HttpPost.where(URI.create(url)));
        }
    }

    @Override
    public String type() {
        return "pagerduty";
    }

    @Override
    public AlertChannelSettings read(String name, ConfigReader config) {
        String routingKey = config.requiredString("routing_key", "the integration's Events API v2 key, e.g. routing_key: \"${env:PAGERDUTY_KEY}\"");
        String url = config.string("url", EVENTS_URL);
        config.finish();
        if (routingKey != null) {
            Secrets.remember(routingKey);
        }
        if (!HttpUrls.check(config, "url", url)) {
            return null;
        }
        return routingKey == null ? null : new Settings(routingKey, url);
    }

    @Override
    public AlertSender sender(AlertChannelSettings settings, DeliveryContext context) {
        Settings pagerDuty = (Settings) settings;
        URI url = URI.create(pagerDuty.url());
        return alert -> HttpPost.send(context, url, Map.of(), Json.bytes(PagerDutyEvent.body(alert, pagerDuty.routingKey())));
    }
}
