package io.tributary.alert;

import io.tributary.config.ConfigReader;
import io.tributary.spi.AlertChannelSettings;
import io.tributary.spi.AlertChannelType;
import java.util.List;
import java.util.Map;

/** {@code type: email}: recipients {@code to} (one or a list), optionally {@code from} and {@code smtp} server settings. */
public final class EmailChannel implements AlertChannelType {

    public record Settings(List<String> to, String from, Map<String, String> smtp) implements AlertChannelSettings {
        @Override
        public String describe() {
            return "email to " + String.join(", ", to);
        }
    }

    @Override
    public String type() {
        return "email";
    }

    @Override
    public AlertChannelSettings read(String name, ConfigReader config) {
        List<String> to = config.stringOrList("to");
        if (to.isEmpty()) {
            config.requiredString("to", "who receives alerts, e.g. to: [ops@example.com]");
        }
        String from = config.string("from", null);
        Map<String, String> smtp = config.stringMap("smtp");
        config.finish();
        return to.isEmpty() ? null : new Settings(to, from, smtp);
    }
}
