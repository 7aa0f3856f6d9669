package io.tributary.alert;

import io.tributary.config.ConfigReader;
import io.tributary.spi.AlertChannelSettings;
import io.tributary.spi.AlertChannelType;

/** {@code type: pagerduty}: an Events API v2 {@code routing_key}. */
public final class PagerDutyChannel implements AlertChannelType {

    public record Settings(String routingKey) implements AlertChannelSettings {
        @Override
        public String describe() {
            return "pagerduty";
        }
    }

    @Override
    public String type() {
        return "pagerduty";
    }

    @Override
    public AlertChannelSettings read(String name, ConfigReader config) {
        String routingKey = config.requiredString("routing_key", "the integration's Events API v2 key, e.g. routing_key: \"${env:PAGERDUTY_KEY}\"");
        config.finish();
        if (routingKey != null) {
            io.tributary.config.Secrets.remember(routingKey);
        }
        return routingKey == null ? null : new Settings(routingKey);
    }
}
