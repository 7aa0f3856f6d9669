package io.tributary.connectors.api;

import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigNode.ListNode;
import io.tributary.config.ConfigNode.MapNode;
import io.tributary.config.ConfigNode.ScalarNode;
import io.tributary.config.ConfigReader;
import io.tributary.config.DidYouMean;
import io.tributary.config.Location;
import io.tributary.config.Problems;
import io.tributary.config.YamlReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Presets ({@code preset: shopify}) are plain YAML shipped as resources
 * ({@code io/tributary/connectors/api/presets/NAME.yml}) with three parts:
 * <ul>
 *   <li>{@code variables}: the keys a user writes for this preset ({@code shop}, {@code resource}...), each
 *       with an optional {@code default}, {@code one_of} and {@code hint};</li>
 *   <li>{@code source}: ordinary {@code type: api} keys, whose text may name variables as {@code {shop}};</li>
 *   <li>{@code resources}: per value of the {@code resource} variable, more keys laid over {@code source}.</li>
 * </ul>
 * The user's own keys are laid over the result (mappings merge key by key, anything else is replaced),
 * so a user can override any part, e.g. {@code base_url} in tests. A variable is required only when a
 * template that survives the merge names it.
 */
final class Presets {
    static final List<String> NAMES = List.of("shopify", "stripe");
    private static final Pattern VARIABLE = Pattern.compile("\\{([a-z_]+)}");

    private final String name;
    private final ConfigReader user;
    private final Problems problems;
    private final Map<String, ScalarNode> values = new HashMap<>();
    private final Map<String, String> hints = new HashMap<>();
    private final List<String> reported = new ArrayList<>();

    private Presets(String name, ConfigReader user) {
        this.name = name;
        this.user = user;
        this.problems = user.problems();
    }

    /**
     * A preset laid under the user's keys.
     *
     * @param config      the merged source block, as a reader with the user's path; the variables are accepted there
     * @param credentials the keys the user wrote that the preset sends as credentials ({@code access_token}), so
     *                    that a refused request names them rather than an {@code auth} block the user never wrote;
     *                    empty when the user wrote {@code auth} themselves
     */
    record Applied(ConfigReader config, List<String> credentials) {}

    /** The user's source block with preset {@code name} laid under it; null (with a problem) when the preset cannot be read. */
    static Applied apply(String name, ConfigReader user) {
        return new Presets(name, user).merge();
    }

    private Applied merge() {
        MapNode preset = load();
        if (preset == null) {
            return null;
        }
        LinkedHashMap<String, ConfigNode> userEntries = new LinkedHashMap<>();
        Map<String, Location> userKeys = new HashMap<>();
        for (String key : user.keys()) {
            userEntries.put(key, user.node(key));
            userKeys.put(key, user.keyLocationOf(key));
        }
        List<String> variableNames = readVariables(preset, userEntries);
        for (String variable : variableNames) {
            userEntries.remove(variable);
        }
        MapNode base = child(preset, "source");
        ScalarNode resource = values.get("resource");
        MapNode resources = child(preset, "resources");
        if (resource != null && resources != null && resources.entries().get(resource.text()) instanceof MapNode specific) {
            base = (MapNode) merge(base, specific, false);
        }
        MapNode userMap = new MapNode(user.location(), userEntries, userKeys);
        MapNode merged = (MapNode) merge(base, userMap, true);
        ConfigReader reader = new ConfigReader(merged, user.path(), problems, user.secrets());
        reader.accept(variableNames.toArray(String[]::new));
        List<String> credentials = userEntries.containsKey("auth") || base == null ? List.of() : variablesIn(base.entries().get("auth"));
        return new Applied(reader, credentials);
    }

    /** The variables a preset's node names ({@code {access_token}}), in order. */
    private static List<String> variablesIn(ConfigNode node) {
        List<String> found = new ArrayList<>();
        if (node instanceof MapNode map) {
            map.entries().values().forEach(child -> variablesIn(child).stream().filter(v -> !found.contains(v)).forEach(found::add));
        } else if (node instanceof ScalarNode scalar && scalar.text() != null) {
            Matcher matcher = VARIABLE.matcher(scalar.text());
            while (matcher.find()) {
                if (!found.contains(matcher.group(1))) {
                    found.add(matcher.group(1));
                }
            }
        }
        return found;
    }

    private MapNode load() {
        String resource = "presets/" + name + ".yml";
        try (InputStream in = Presets.class.getResourceAsStream(resource)) {
            if (in == null) {
                user.problem("preset", "the preset '" + name + "' is missing from this build", "allowed: " + String.join(", ", NAMES));
                return null;
            }
            ConfigNode node = YamlReader.read(Path.of("preset:" + name), new InputStreamReader(in, StandardCharsets.UTF_8), problems);
            return node instanceof MapNode map ? map : null;
        } catch (java.io.IOException e) {
            user.problem("preset", "cannot read the preset '" + name + "': " + e.getMessage(), null);
            return null;
        }
    }

    /** Takes the variables' values from the user's keys or the defaults, checking {@code one_of}. */
    private List<String> readVariables(MapNode preset, Map<String, ConfigNode> userEntries) {
        List<String> names = new ArrayList<>();
        MapNode variables = child(preset, "variables");
        if (variables == null) {
            return names;
        }
        for (Map.Entry<String, ConfigNode> entry : variables.entries().entrySet()) {
            String variable = entry.getKey();
            names.add(variable);
            MapNode declaration = entry.getValue() instanceof MapNode map ? map : null;
            if (declaration != null && declaration.entries().get("hint") instanceof ScalarNode hint) {
                hints.put(variable, hint.text());
            }
            ConfigNode given = userEntries.get(variable);
            if (given != null && !(given instanceof ScalarNode)) {
                user.problem(variable, "expected a text value but found " + given.kindName(), hints.get(variable));
                reported.add(variable);
                continue;
            }
            ScalarNode value = (ScalarNode) given;
            if ((value == null || value.text() == null) && declaration != null && declaration.entries().get("default") instanceof ScalarNode def) {
                value = def;
            }
            if (value == null || value.text() == null) {
                continue;
            }
            if (declaration != null && declaration.entries().get("one_of") instanceof ListNode allowed) {
                List<String> words = allowed.items().stream().map(n -> ((ScalarNode) n).text()).toList();
                if (!words.contains(value.text())) {
                    user.problem(variable, "'" + value.text() + "' is not a " + variable + " the " + name + " preset knows (" + String.join(", ", words) + ")",
                            DidYouMean.closest(value.text(), words) != null ? DidYouMean.hint(value.text(), words)
                                    : "for another endpoint leave out preset keys and set endpoint and records yourself");
                    reported.add(variable);
                    continue;
                }
            }
            values.put(variable, value);
        }
        return names;
    }

    /**
     * {@code over} laid over {@code under}: mappings merge key by key, anything else is replaced.
     * Nodes taken from the preset have their variables filled in ({@code fill}: the under side is the preset).
     */
    private ConfigNode merge(ConfigNode under, ConfigNode over, boolean fill) {
        if (under == null) {
            return over;
        }
        if (!(under instanceof MapNode base) || !(over instanceof MapNode top)) {
            return over;
        }
        LinkedHashMap<String, ConfigNode> entries = new LinkedHashMap<>();
        Map<String, Location> keys = new HashMap<>(base.keyLocations());
        for (Map.Entry<String, ConfigNode> entry : base.entries().entrySet()) {
            if (!top.entries().containsKey(entry.getKey())) {
                entries.put(entry.getKey(), fill ? fill(entry.getValue()) : entry.getValue());
            }
        }
        for (Map.Entry<String, ConfigNode> entry : top.entries().entrySet()) {
            ConfigNode below = base.entries().get(entry.getKey());
            entries.put(entry.getKey(), below instanceof MapNode && entry.getValue() instanceof MapNode ? merge(below, entry.getValue(), fill) : entry.getValue());
            keys.put(entry.getKey(), top.keyLocations().getOrDefault(entry.getKey(), top.location()));
        }
        return new MapNode(top.location(), entries, keys);
    }

    /** Replaces {@code {variable}} in the preset's texts; a text that is just one variable becomes the user's node itself. */
    private ConfigNode fill(ConfigNode node) {
        if (node instanceof MapNode map) {
            LinkedHashMap<String, ConfigNode> entries = new LinkedHashMap<>();
            map.entries().forEach((k, v) -> entries.put(k, fill(v)));
            return new MapNode(map.location(), entries, map.keyLocations());
        }
        if (node instanceof ListNode list) {
            return new ListNode(list.location(), list.items().stream().map(this::fill).toList());
        }
        ScalarNode scalar = (ScalarNode) node;
        if (scalar.text() == null || scalar.kind() != ScalarNode.Kind.STRING || scalar.text().indexOf('{') < 0) {
            return scalar;
        }
        Matcher whole = VARIABLE.matcher(scalar.text());
        if (whole.matches()) {
            ScalarNode value = value(whole.group(1));
            return value != null ? value : scalar;
        }
        Matcher matcher = VARIABLE.matcher(scalar.text());
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            ScalarNode value = value(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value != null ? value.text() : matcher.group()));
        }
        matcher.appendTail(out);
        return new ScalarNode(scalar.location(), out.toString(), ScalarNode.Kind.STRING);
    }

    private ScalarNode value(String variable) {
        ScalarNode value = values.get(variable);
        if (value == null && !reported.contains(variable)) {
            reported.add(variable);
            problems.add(user.location(), user.pathOf(variable), "the " + name + " preset needs the key '" + variable + "'", hints.get(variable));
        }
        return value;
    }

    private static MapNode child(MapNode map, String key) {
        return map.entries().get(key) instanceof MapNode child ? child : null;
    }
}
