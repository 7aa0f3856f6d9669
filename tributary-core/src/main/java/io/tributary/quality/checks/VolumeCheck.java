package io.tributary.quality.checks;

import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigReader;
import io.tributary.spi.Check;
import io.tributary.spi.CheckFinding;
import io.tributary.spi.CheckTable;
import io.tributary.spi.CheckType;
import java.util.List;

/**
 * {@code volume}: the run's row count is within fixed bounds ({@code min}, {@code max}), within
 * {@code change} (a percentage) of the average of the last {@code over_last} runs, or within
 * {@code stddev} standard deviations of their mean. Until enough earlier runs are kept it passes and
 * says "not enough history yet": one run for {@code change}, three for {@code stddev}.
 */
public final class VolumeCheck implements CheckType {
    static final int DEFAULT_OVER_LAST = 7;
    static final int STDDEV_MIN_HISTORY = 3;

    /**
     * @param change fraction (0.5 for 50%) or null
     * @param stddev number of standard deviations or null
     */
    public record Rule(Long min, Long max, Double change, Double stddev, int overLast) implements Check {
        @Override
        public List<String> columns() {
            return List.of();
        }

        @Override
        public List<CheckFinding> measure(CheckTable table) {
            long rows = table.rows();
            String name = name();
            if (min != null || max != null) {
                boolean ok = (min == null || rows >= min) && (max == null || rows <= max);
                return List.of(CheckFinding.decided(name, ok, ok ? 0 : rows, ok ? List.of()
                        : List.of(rows + " rows, expected " + (min == null ? "" : "at least " + min) + (min != null && max != null ? " and " : "")
                        + (max == null ? "" : "at most " + max))));
            }
            List<Long> history = table.previousRowCounts(name, overLast);
            int needed = stddev != null ? Math.min(STDDEV_MIN_HISTORY, overLast) : 1;
            if (history.size() < needed) {
                return List.of(CheckFinding.undecided(name, "not enough history yet: " + history.size() + " of " + needed
                        + " earlier " + (needed == 1 ? "run" : "runs") + " needed to compare " + rows + " rows with"));
            }
            double mean = history.stream().mapToLong(Long::longValue).average().orElse(0);
            double low;
            double high;
            String expected;
            if (change != null) {
                low = mean * (1 - change);
                high = mean * (1 + change);
                expected = "within " + percent(change) + " of " + round(mean) + " (the average of the last " + history.size() + " runs)";
            } else {
                double variance = history.stream().mapToDouble(n -> (n - mean) * (n - mean)).sum() / history.size();
                double sigma = Math.sqrt(variance);
                low = mean - stddev * sigma;
                high = mean + stddev * sigma;
                expected = "within " + trim(stddev) + " standard deviations of " + round(mean) + " (σ " + round(sigma) + ", last "
                        + history.size() + " runs)";
            }
            boolean ok = rows >= Math.floor(low) && rows <= Math.ceil(high);
            return List.of(CheckFinding.decided(name, ok, ok ? 0 : rows, ok ? List.of()
                    : List.of(rows + " rows, expected " + expected + ": " + Math.max(0, Math.round(Math.floor(low))) + " to "
                    + Math.round(Math.ceil(high)))));
        }

        /** Names tell two volume checks of one table apart: their history is kept by name. */
        String name() {
            if (min != null || max != null) {
                return "volume(" + (min == null ? "" : "min " + min) + (min != null && max != null ? ", " : "") + (max == null ? "" : "max " + max) + ")";
            }
            return change != null ? "volume(change " + percent(change) + ")" : "volume(stddev " + trim(stddev) + ")";
        }

        private static String round(double value) {
            return String.valueOf(Math.round(value));
        }

        private static String percent(double fraction) {
            return trim(fraction * 100) + "%";
        }

        private static String trim(double value) {
            return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
        }
    }

    @Override
    public String name() {
        return "volume";
    }

    @Override
    public Check read(ConfigReader item) {
        ConfigReader options = item.map(name());
        if (options == null) {
            return null;
        }
        Long min = options.integer("min", null, 0, Long.MAX_VALUE);
        Long max = options.integer("max", null, 0, Long.MAX_VALUE);
        Double change = change(options);
        Double stddev = options.number("stddev", null);
        long overLast = options.integer("over_last", (long) DEFAULT_OVER_LAST, 1, 1000);
        options.finish();
        int kinds = (min != null || max != null ? 1 : 0) + (change != null ? 1 : 0) + (stddev != null ? 1 : 0);
        if (kinds == 0) {
            options.problem("min", "volume needs bounds (min, max), a change (change: 50%) or a spread (stddev: 3)",
                    "e.g. volume: {change: 50%, over_last: 7}");
            return null;
        }
        if (kinds > 1) {
            options.problem(change != null ? "change" : "stddev", "volume takes one of: bounds (min, max), change, stddev",
                    "write a second volume check for another rule");
            return null;
        }
        if (stddev != null && stddev <= 0) {
            options.problem("stddev", "stddev must be more than 0", "e.g. stddev: 3");
            return null;
        }
        return new Rule(min, max, change, stddev, (int) overLast);
    }

    /** {@code 50%} or {@code 0.5}. */
    private static Double change(ConfigReader options) {
        ConfigNode node = options.node("change");
        if (node == null) {
            return null;
        }
        String text = node instanceof ConfigNode.ScalarNode scalar ? scalar.text() : null;
        try {
            if (text != null) {
                text = text.strip();
                double value = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1).strip()) / 100 : Double.parseDouble(text);
                if (value > 0) {
                    return value;
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        options.problem("change", "'" + (text == null ? node.kindName() : text) + "' is not a change", "a percentage more than 0, e.g. change: 50%");
        return null;
    }
}
