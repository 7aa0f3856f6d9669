package io.tributary.project;

import io.tributary.quality.CheckSpec;
import io.tributary.quality.Tolerance;

import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigReader;
import io.tributary.config.DidYouMean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the {@code transform:} and {@code checks:} lists of a pipeline file. */
final class StepReader {
    private StepReader() {}

    static List<TransformStep> transform(ConfigReader pipeline) {
        List<TransformStep> steps = new ArrayList<>();
        List<ConfigNode> items = pipeline.list("transform");
        for (int i = 0; i < items.size(); i++) {
            ConfigReader item = ConfigReader.of(items.get(i), "transform[" + i + "]", pipeline.problems(), pipeline.secrets());
            if (item == null) {
                continue;
            }
            String kind = onlyKind(item, TransformStep.KINDS, "a transform step");
            if (kind == null) {
                continue;
            }
            TransformStep step = switch (kind) {
                case "rename" -> new TransformStep.Rename(nonEmptyMap(item, kind));
                case "drop" -> new TransformStep.Drop(nonEmptyList(item, kind));
                case "cast" -> new TransformStep.Cast(nonEmptyMap(item, kind));
                default -> new TransformStep.Derive(nonEmptyMap(item, kind));
            };
            item.finish();
            steps.add(step);
        }
        return steps;
    }

    static List<CheckSpec> checks(ConfigReader pipeline) {
        List<CheckSpec> checks = new ArrayList<>();
        List<ConfigNode> items = pipeline.list("checks");
        for (int i = 0; i < items.size(); i++) {
            ConfigReader item = ConfigReader.of(items.get(i), "checks[" + i + "]", pipeline.problems(), pipeline.secrets());
            if (item == null) {
                continue;
            }
            List<String> kinds = new ArrayList<>(CheckSpec.KIND_NAMES);
            String kind = onlyKind(item, kinds, "a check");
            if (kind == null) {
                continue;
            }
            CheckSpec.Severity severity = CheckSpec.Severity.valueOf(
                    item.oneOf("severity", "error", List.of("error", "warn")).toUpperCase(Locale.ROOT));
            String description = item.string("description", null);
            Tolerance tolerance = ProjectLoader.readTolerance(item, "max_failing", Tolerance.count(0));
            CheckSpec check = null;
            switch (kind) {
                case "not_null" -> {
                    tolerance = ProjectLoader.readTolerance(item, "max_missing", tolerance);
                    check = new CheckSpec(CheckSpec.Kind.NOT_NULL, nonEmptyList(item, kind), List.of(), null, null, null, tolerance, severity, description);
                }
                case "unique" -> check = new CheckSpec(CheckSpec.Kind.UNIQUE, nonEmptyList(item, kind), List.of(), null, null, null, tolerance, severity, description);
                case "accepted_values" -> {
                    ConfigReader options = item.map(kind);
                    if (options != null) {
                        String column = options.requiredString("column", "the column whose values are checked");
                        List<String> values = options.stringOrList("values");
                        if (values.isEmpty()) {
                            options.problem("values", "accepted_values needs a non-empty list of values", "e.g. values: [paid, refunded]");
                        }
                        options.finish();
                        check = new CheckSpec(CheckSpec.Kind.ACCEPTED_VALUES, column == null ? List.of() : List.of(column), values, null, null, null, tolerance, severity, description);
                    }
                }
                case "range" -> {
                    ConfigReader options = item.map(kind);
                    if (options != null) {
                        String column = options.requiredString("column", "the column whose values are checked");
                        CheckSpec.Bound min = rangeBound(options, "min");
                        CheckSpec.Bound max = rangeBound(options, "max");
                        if (!options.has("min") && !options.has("max")) {
                            options.problem("min", "range needs min, max or both", "e.g. range: {column: total_price, min: 0}");
                        }
                        options.finish();
                        check = new CheckSpec(CheckSpec.Kind.RANGE, column == null ? List.of() : List.of(column), List.of(), min, max, null, tolerance, severity, description);
                    }
                }
                case "row_count" -> {
                    ConfigReader options = item.map(kind);
                    if (options != null) {
                        CheckSpec.Bound min = countBound(options, "min");
                        CheckSpec.Bound max = countBound(options, "max");
                        if (!options.has("min") && !options.has("max")) {
                            options.problem("min", "row_count needs min, max or both", "e.g. row_count: {min: 1}");
                        }
                        options.finish();
                        check = new CheckSpec(CheckSpec.Kind.ROW_COUNT, List.of(), List.of(), min, max, null, tolerance, severity, description);
                    }
                }
                default -> {
                    String expression = item.string(kind, null);
                    check = new CheckSpec(CheckSpec.Kind.EXPRESSION, List.of(), List.of(), null, null, expression, tolerance, severity, description);
                }
            }
            item.finish();
            if (check != null) {
                checks.add(check);
            }
        }
        return checks;
    }

    /**
     * A range bound: a number, or a date or timestamp for a date column. Whether it suits the column's
     * type is only known once the data's columns are (at run time); its shape is checked here.
     */
    private static CheckSpec.Bound rangeBound(ConfigReader options, String key) {
        ConfigNode node = options.node(key);
        if (node == null) {
            return null;
        }
        CheckSpec.Bound bound = null;
        if (node instanceof ConfigNode.ScalarNode scalar && scalar.text() != null) {
            bound = switch (scalar.kind()) {
                case INTEGER, DECIMAL -> CheckSpec.Bound.number(scalar.text());
                case STRING -> CheckSpec.Bound.temporal(scalar.text());
                default -> null;
            };
        }
        if (bound == null) {
            String found = node instanceof ConfigNode.ScalarNode scalar && scalar.text() != null ? "'" + scalar.text() + "'" : node.kindName();
            options.problem(key, "range " + key + " must be a number, a date, a timestamp or a time of day, but is " + found,
                    "e.g. " + key + ": 0 for a number column, " + key + ": 2020-01-01 or " + key + ": 2020-01-01 08:00:00 for a date or timestamp column");
        }
        return bound;
    }

    private static CheckSpec.Bound countBound(ConfigReader options, String key) {
        Double count = options.number(key, null);
        return count == null ? null : CheckSpec.Bound.number(java.math.BigDecimal.valueOf(count).stripTrailingZeros().toPlainString());
    }

    /** The single kind key of a step; other keys are the step's options. */
    private static String onlyKind(ConfigReader item, List<String> kinds, String what) {
        String found = null;
        for (String key : item.keys()) {
            if (kinds.contains(key)) {
                if (found != null) {
                    item.problem(key, what + " has one kind, but this one has both '" + found + "' and '" + key + "'",
                            "write them as two list items");
                    return null;
                }
                found = key;
            }
        }
        if (found == null) {
            String first = item.keys().isEmpty() ? "" : item.keys().iterator().next();
            item.problems().add(item.location(), item.path(), what + " must start with one of: " + String.join(", ", kinds),
                    first.isEmpty() ? null : DidYouMean.hint(first, kinds));
            return null;
        }
        return found;
    }

    private static Map<String, String> nonEmptyMap(ConfigReader item, String key) {
        Map<String, String> map = item.stringMap(key);
        if (map.isEmpty() && item.node(key) != null && item.node(key) instanceof ConfigNode.MapNode) {
            item.problem(key, key + " needs at least one column", null);
        }
        return map;
    }

    private static List<String> nonEmptyList(ConfigReader item, String key) {
        List<String> list = item.stringOrList(key);
        if (list.isEmpty()) {
            item.problem(key, key + " needs at least one column", "e.g. " + key + ": [id]");
        }
        return list;
    }
}
