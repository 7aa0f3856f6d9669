package io.tributary.project;

import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigReader;
import io.tributary.config.Durations;
import io.tributary.project.HealthThresholds.Staleness;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code health:}: in tributary.yml over the defaults, in a pipeline file over the project's
 * thresholds, so a pipeline writes only the keys it changes. Problems are reported where they are written.
 */
final class HealthReader {
    static final String KEY = "health";
    private static final Pattern MULTIPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*x");
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");
    private static final int MAX_WINDOW = 1000;

    private HealthReader() {}

    /** The thresholds {@code config}'s {@code health:} sets, each key not written taken from {@code base}. */
    static HealthThresholds read(ConfigReader config, HealthThresholds base) {
        ConfigReader health = config.map(KEY);
        if (health == null) {
            return base;
        }
        int window = health.integer("window", (long) base.window(), 1, MAX_WINDOW).intValue();
        double degradedBelow = rate(health, "degraded_below", base.degradedBelow());
        int errors = health.integer("critical_errors_24h", (long) base.criticalErrors24h(), 0, 1_000_000).intValue();
        int inARow = health.integer("critical_failed_in_a_row", (long) base.criticalFailedInARow(), 1, MAX_WINDOW).intValue();
        Staleness stale = staleness(health, "stale_after", base.staleAfter());
        Staleness criticalStale = staleness(health, "critical_stale_after", base.criticalStaleAfter());
        health.finish();
        if (tighter(criticalStale, stale)) {
            String key = health.has("critical_stale_after") ? "critical_stale_after" : "stale_after";
            health.problem(key, "critical_stale_after (" + criticalStale.words() + ") is sooner than stale_after (" + stale.words()
                    + "): data would turn critical before it is stale", "make critical_stale_after at least stale_after, e.g. "
                    + "stale_after: 1x, critical_stale_after: 2x (multiples of the schedule's interval) or 6h and 1d");
        }
        return new HealthThresholds(window, degradedBelow, errors, inARow, stale, criticalStale);
    }

    /** Both limits of one kind (multiples, or ages) and the critical one sooner. */
    private static boolean tighter(Staleness critical, Staleness stale) {
        if (critical.off() || stale.off()) {
            return false;
        }
        if (critical.age() != null && stale.age() != null) {
            return critical.age().compareTo(stale.age()) < 0;
        }
        return critical.age() == null && stale.age() == null && critical.intervals() < stale.intervals();
    }

    /** A success rate: {@code 95%} or {@code 0.95}. */
    private static double rate(ConfigReader config, String key, double fallback) {
        ConfigNode node = config.node(key);
        if (node == null) {
            return fallback;
        }
        String text = node instanceof ConfigNode.ScalarNode scalar && scalar.text() != null ? scalar.text().strip() : null;
        if (text != null) {
            Matcher percent = PERCENT.matcher(text);
            if (percent.matches() && Double.parseDouble(percent.group(1)) <= 100) {
                return Double.parseDouble(percent.group(1)) / 100;
            }
            if (((ConfigNode.ScalarNode) node).kind() == ConfigNode.ScalarNode.Kind.DECIMAL) {
                double fraction = Double.parseDouble(text);
                if (fraction >= 0 && fraction <= 1) {
                    return fraction;
                }
            }
        }
        config.problem(key, "'" + (text == null ? node.kindName() : text) + "' is not a success rate",
                "write a percentage from 0% to 100% such as 95% (degraded when fewer runs succeed), or a fraction such as 0.95");
        return fallback;
    }

    /** {@code 1x} (times the schedule's interval), {@code 6h} (a fixed age) or {@code off}. */
    private static Staleness staleness(ConfigReader config, String key, Staleness fallback) {
        ConfigNode node = config.node(key);
        if (node == null) {
            return fallback;
        }
        String text = node instanceof ConfigNode.ScalarNode scalar && scalar.text() != null ? scalar.text().strip() : null;
        if (text != null) {
            if (text.equals("off") || text.equals("false")) {
                return Staleness.OFF;
            }
            Matcher multiple = MULTIPLE.matcher(text);
            if (multiple.matches() && Double.parseDouble(multiple.group(1)) > 0) {
                return Staleness.intervals(Double.parseDouble(multiple.group(1)));
            }
            Duration age = text.matches("\\d+\\s*(ms|s|m|h|d)") ? Durations.parse(text) : null;
            if (age != null && !age.isZero()) {
                return Staleness.age(age);
            }
        }
        config.problem(key, "'" + (text == null ? node.kindName() : text) + "' is not a data age",
                "write a multiple of the schedule's interval such as 1x or 2.5x, an age such as 6h or 2d, or off");
        return fallback;
    }
}
