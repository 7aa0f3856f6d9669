package io.tributary.assess;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code checks:} a table's profile suggests, as YAML in the pipeline-spec syntax, to paste into
 * its pipeline as is. Each check passes on the assessed data unless a comment above it says it fails
 * today (duplicate keys, stale data): those are the findings to fix at the source.
 */
public final class SuggestedChecks {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final List<String> YAML_WORDS = List.of("true", "false", "null", "yes", "no", "on", "off", "y", "n", "~");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A column missing in more than this % of rows is optional: no not_null for it. */
    static final double OPTIONAL_ABOVE = 50;

    private SuggestedChecks() {}

    /** The {@code checks:} block, starting with {@code checks:}; just the key with an empty list when there is nothing to suggest. */
    public static String yaml(TableProfile table, Plan plan) {
        List<String> items = items(table, plan);
        if (items.isEmpty()) {
            return "checks: []\n";
        }
        StringBuilder out = new StringBuilder("checks:\n");
        items.forEach(out::append);
        return out.toString();
    }

    static List<String> items(TableProfile table, Plan plan) {
        List<String> items = new ArrayList<>();
        if (table.columns().isEmpty() || table.profiledRows() == 0) {
            return items;
        }
        List<String> complete = new ArrayList<>();
        List<String> partial = new ArrayList<>();
        for (ColumnProfile c : table.columns()) {
            double missing = table.percent(c.nulls());
            if (c.nulls() == 0) {
                complete.add(name(c.name()));
            } else if (missing <= OPTIONAL_ABOVE) {
                partial.add("  - not_null: [" + name(c.name()) + "]\n    max_missing: \"" + ceilPercent(missing) + "%\"\n");
            }
        }
        if (!complete.isEmpty()) {
            items.add("  - not_null: [" + String.join(", ", complete) + "]\n");
        }
        items.addAll(partial);
        if (table.key() != null && (table.duplicateKeys() == 0 || isIdName(table.key()))) {
            items.add((table.duplicateKeys() > 0 ? "  # fails today: " + table.duplicateKeys() + " duplicate " + table.key() + " values\n" : "")
                    + "  - unique: [" + name(table.key()) + "]\n");
        }
        for (ColumnProfile c : table.columns()) {
            boolean lowCardinality = !c.domain().isEmpty() && c.distinct() <= Profiler.DOMAIN && c.distinct() * 2 <= table.profiledRows()
                    && table.profiledRows() >= 20;
            if (c.isText() && lowCardinality && c.nullLike() == 0 && c.format() == null) {
                items.add("  - accepted_values: {column: " + name(c.name()) + ", values: [" + String.join(", ", c.domain().stream().map(SuggestedChecks::quoted).toList()) + "]}\n");
            }
        }
        for (ColumnProfile c : table.columns()) {
            if (Types.numeric(c.type()) && Profiler.AMOUNT.matcher(c.name()).matches()) {
                items.add((c.negatives() > 0 ? "  # fails today: " + c.negatives() + " negative values\n" : "")
                        + "  - range: {column: " + name(c.name()) + ", min: 0}\n");
            }
        }
        for (ColumnProfile c : table.columns()) {
            if (c.format() != null) {
                long present = table.profiledRows() - c.nulls();
                double failing = present == 0 ? 0 : 100 - c.conformance();
                items.add("  - pattern: {column: " + name(c.name()) + ", format: " + c.format() + "}\n"
                        + (failing > 0 ? "    max_failing: \"" + ceilPercent(failing * present / table.profiledRows()) + "%\"\n" : ""));
            }
        }
        table.newestColumn().ifPresent(c -> {
            Duration maxAge = plan.interval().multipliedBy(2);
            items.add((c.ageSeconds() > maxAge.toSeconds() ? "  # fails today: the newest value is " + Scores.age(c.ageSeconds()) + " old\n" : "")
                    + "  - freshness: {column: " + name(c.name()) + ", max_age: " + duration(maxAge) + "}\n"
                    + "    severity: warn\n");
        });
        return items;
    }

    static boolean isIdName(String column) {
        return column.equalsIgnoreCase("id") || column.toLowerCase(Locale.ROOT).endsWith("_id") || column.matches(".*[a-z0-9]Id");
    }

    /** The smallest whole percent at or above {@code percent}, so the check passes on the assessed rows. */
    static long ceilPercent(double percent) {
        return Math.min(100, (long) Math.ceil(percent - 1e-9));
    }

    /** 2d, 2h, 30m: the largest unit that divides it. */
    static String duration(Duration duration) {
        long s = duration.toSeconds();
        return s % 86_400 == 0 ? s / 86_400 + "d" : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    /** A column name as a YAML scalar: plain when that reads back as the same string, else double-quoted. */
    static String name(String column) {
        return PLAIN.matcher(column).matches() && !YAML_WORDS.contains(column.toLowerCase(Locale.ROOT)) ? column : quoted(column);
    }

    static String quoted(String value) {
        try {
            return JSON.writeValueAsString(value); // a JSON string is a YAML double-quoted scalar
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
