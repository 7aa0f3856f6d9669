package io.tributary.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them: {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}; a bare number is seconds. */
public final class Durations {
    private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    private Durations() {}

    /** Reads a duration key; a malformed value is reported and {@code defaultValue} returned. */
    public static Duration read(ConfigReader config, String key, Duration defaultValue) {
        ConfigNode node = config.node(key);
        if (node == null) {
            return defaultValue;
        }
        String text = node instanceof ConfigNode.ScalarNode scalar ? scalar.text() : null;
        Duration parsed = text == null ? null : parse(text.strip());
        if (parsed == null) {
            config.problem(key, "'" + (text == null ? node.kindName() : text) + "' is not a duration",
                    "write a number and a unit: 500ms, 30s, 10m, 2h or 1d");
            return defaultValue;
        }
        return parsed;
    }

    public static Duration parse(String text) {
        Matcher matcher = TEXT.matcher(text);
        if (!matcher.matches()) {
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "s" : matcher.group(2);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    /** {@code 1.5s}, {@code 250ms}: for messages. */
    public static String describe(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + "ms" : (millis % 1000 == 0 ? millis / 1000 + "s" : String.format("%.1fs", millis / 1000.0));
    }
}
