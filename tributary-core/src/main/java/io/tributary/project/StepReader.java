package io.tributary.project;

import io.tributary.quality.CheckSpec;
import io.tributary.quality.Tolerance;

import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigReader;
import io.tributary.config.DidYouMean;
import io.tributary.spi.Check;
import io.tributary.spi.CheckType;
import io.tributary.spi.CheckTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the {@code transform:} and {@code checks:} lists of a pipeline file. */
public final class StepReader {
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
                case "derive" -> new TransformStep.Derive(nonEmptyMap(item, kind));
                case "filter" -> filter(item);
                case "dedupe" -> StepOptions.dedupe(item);
                case "bucket" -> StepOptions.bucket(item);
                case "mask" -> StepOptions.mask(item);
                case "hash" -> StepOptions.hash(item);
                default -> StepOptions.explode(item);
            };
            item.finish();
            if (step != null) {
                steps.add(step);
            }
        }
        return steps;
    }

    private static TransformStep filter(ConfigReader item) {
        String condition = item.string("filter", null);
        if (condition == null || condition.isBlank()) {
            item.problem("filter", "filter needs a SQL condition", "e.g. filter: \"status <> 'test'\"");
            return null;
        }
        return new TransformStep.Filter(condition, item.location());
    }

    /**
     * Each check is read by the {@link CheckType} its first key names; the keys every check has
     * (severity, description, its tolerance) are read here.
     */
    public static List<CheckSpec> checks(ConfigReader pipeline, CheckTypes types) {
        List<CheckSpec> checks = new ArrayList<>();
        List<ConfigNode> items = pipeline.list("checks");
        for (int i = 0; i < items.size(); i++) {
            ConfigReader item = ConfigReader.of(items.get(i), "checks[" + i + "]", pipeline.problems(), pipeline.secrets());
            if (item == null) {
                continue;
            }
            String name = onlyKind(item, types.names(), "a check");
            if (name == null) {
                continue;
            }
            CheckType type = types.get(name);
            CheckSpec.Severity severity = CheckSpec.Severity.valueOf(
                    item.oneOf("severity", "error", List.of("error", "warn")).toUpperCase(Locale.ROOT));
            String description = item.string("description", null);
            String table = item.string("table", null);
            boolean quarantine = Boolean.TRUE.equals(item.bool("quarantine", false));
            if (quarantine && !type.quarantinable()) {
                item.problem("quarantine", "quarantine sets failing rows aside, but " + name + " judges the table as a whole, not each row",
                        "use quarantine with a row-level check (not_null, accepted_values, range, pattern, expression, relationships)");
            }
            // a quarantining check sets its failing rows aside however many there are, unless told a limit
            boolean toleranceGiven = type.toleranceKeys().stream().anyMatch(item::has);
            Tolerance tolerance = quarantine && !toleranceGiven ? Tolerance.fraction(1.0) : Tolerance.count(0);
            for (String key : type.toleranceKeys()) {
                tolerance = ProjectLoader.readTolerance(item, key, tolerance);
            }
            Check check = type.read(item);
            item.finish();
            if (check != null) {
                checks.add(new CheckSpec(name, check, tolerance, severity, description, table, quarantine));
            }
        }
        return checks;
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
