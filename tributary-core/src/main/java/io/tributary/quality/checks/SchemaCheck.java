package io.tributary.quality.checks;

import io.tributary.config.ConfigReader;
import io.tributary.spi.Check;
import io.tributary.spi.CheckFinding;
import io.tributary.spi.CheckTable;
import io.tributary.spi.CheckType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code schema: {required, forbidden, types}}: the data's columns are what the table's users rely on.
 * A required column is missing, a forbidden one (a secret, a personal field) is present, or a column's
 * type is not the one written. Types are compared by DuckDB's names, with the usual aliases.
 */
public final class SchemaCheck implements CheckType {
    private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("INT", "INTEGER"), Map.entry("INT4", "INTEGER"),
            Map.entry("INT8", "BIGINT"), Map.entry("LONG", "BIGINT"), Map.entry("INT2", "SMALLINT"), Map.entry("TEXT", "VARCHAR"),
            Map.entry("STRING", "VARCHAR"), Map.entry("FLOAT8", "DOUBLE"), Map.entry("FLOAT4", "FLOAT"), Map.entry("REAL", "FLOAT"),
            Map.entry("BOOL", "BOOLEAN"), Map.entry("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"), Map.entry("NUMERIC", "DECIMAL"),
            Map.entry("DATETIME", "TIMESTAMP"));

    public record Rule(List<String> required, List<String> forbidden, Map<String, String> types) implements Check {
        @Override
        public List<String> columns() {
            return List.of();
        }

        @Override
        public List<CheckFinding> measure(CheckTable table) {
            Map<String, String> columns = table.columns();
            List<String> problems = new ArrayList<>();
            for (String column : required) {
                if (!columns.containsKey(column)) {
                    problems.add("missing column " + column);
                }
            }
            for (String column : forbidden) {
                if (columns.containsKey(column)) {
                    problems.add("forbidden column " + column + " is present");
                }
            }
            types.forEach((column, type) -> {
                String actual = columns.get(column);
                if (actual == null) {
                    problems.add("missing column " + column + " (expected " + type + ")");
                } else if (!normal(actual).equals(normal(type))) {
                    problems.add(column + " is " + actual + ", expected " + type);
                }
            });
            return List.of(CheckFinding.decided("schema", problems.isEmpty(), problems.size(), problems));
        }
    }

    /** {@code decimal(18, 2)} and {@code DECIMAL(18,2)} alike; {@code int} as {@code INTEGER}. */
    static String normal(String type) {
        String upper = type.strip().toUpperCase(Locale.ROOT).replaceAll("\\s*([(),])\\s*", "$1").replaceAll("\\s+", " ");
        int paren = upper.indexOf('(');
        String base = paren < 0 ? upper : upper.substring(0, paren);
        return ALIASES.getOrDefault(base, base) + (paren < 0 ? "" : upper.substring(paren));
    }

    @Override
    public String name() {
        return "schema";
    }

    @Override
    public Check read(ConfigReader item) {
        ConfigReader options = item.map(name());
        if (options == null) {
            return null;
        }
        List<String> required = options.stringOrList("required");
        List<String> forbidden = options.stringOrList("forbidden");
        Map<String, String> types = options.stringMap("types");
        options.finish();
        if (required.isEmpty() && forbidden.isEmpty() && types.isEmpty()) {
            options.problem("required", "schema needs required, forbidden or types", "e.g. schema: {required: [id, total_price], forbidden: [card_number]}");
            return null;
        }
        return new Rule(required, forbidden, types);
    }
}
