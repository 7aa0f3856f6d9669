package io.tributary.config;

import io.tributary.config.ConfigNode.ListNode;
import io.tributary.config.ConfigNode.MapNode;
import io.tributary.config.ConfigNode.ScalarNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed, validating access to one YAML mapping. Every getter declares its key as known; a wrong
 * type or a missing required key is recorded in {@link Problems} (with file, line, column and the
 * dotted key path) and a neutral value is returned, so reading goes on and the user sees every
 * problem at once. {@link #finish()} then reports keys nobody asked for, with "did you mean".
 */
public final class ConfigReader {
    private final MapNode node;
    private final String path;
    private final Problems problems;
    private final Secrets secrets;
    private final Set<String> known = new LinkedHashSet<>();

    public ConfigReader(MapNode node, String path, Problems problems, Secrets secrets) {
        this.node = node;
        this.path = path;
        this.problems = problems;
        this.secrets = secrets;
    }

    /** Reads a node that must be a mapping; reports a problem and returns null otherwise. */
    public static ConfigReader of(ConfigNode node, String path, Problems problems, Secrets secrets) {
        if (node instanceof MapNode map) {
            return new ConfigReader(map, path, problems, secrets);
        }
        problems.add(node.location(), path, "expected a mapping (key: value lines) but found " + node.kindName(), null);
        return null;
    }

    public Problems problems() {
        return problems;
    }

    public Secrets secrets() {
        return secrets;
    }

    public String path() {
        return path;
    }

    public Location location() {
        return node.location();
    }

    public Path file() {
        return node.location().file();
    }

    public String pathOf(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Where the key's value is written, or the mapping itself when the key is absent. */
    public Location locationOf(String key) {
        ConfigNode value = node.entries().get(key);
        return value != null ? value.location() : node.location();
    }

    public Location keyLocationOf(String key) {
        Location at = node.keyLocations().get(key);
        return at != null ? at : node.location();
    }

    public boolean has(String key) {
        known.add(key);
        ConfigNode value = node.entries().get(key);
        return value != null && !(value instanceof ScalarNode s && s.kind() == ScalarNode.Kind.NULL);
    }

    public Set<String> keys() {
        return node.entries().keySet();
    }

    /** The raw node, for values whose shape varies (a string or a list, say). */
    public ConfigNode node(String key) {
        known.add(key);
        ConfigNode value = node.entries().get(key);
        if (value instanceof ScalarNode s && s.kind() == ScalarNode.Kind.NULL) {
            return null;
        }
        return value;
    }

    public void problem(String key, String message, String hint) {
        problems.add(locationOf(key), pathOf(key), message, hint);
    }

    public String requiredString(String key, String hint) {
        if (!has(key)) {
            problems.add(node.location(), pathOf(key), "the key '" + key + "' is required", hint);
            return null;
        }
        return string(key, null);
    }

    public String string(String key, String defaultValue) {
        ConfigNode value = node(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof ScalarNode scalar) {
            return secrets.resolve(scalar.text(), scalar.location(), pathOf(key), problems);
        }
        problems.add(value.location(), pathOf(key), "expected a text value but found " + value.kindName(), null);
        return defaultValue;
    }

    public Boolean bool(String key, Boolean defaultValue) {
        ConfigNode value = node(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof ScalarNode scalar && scalar.kind() == ScalarNode.Kind.BOOLEAN) {
            return Boolean.parseBoolean(scalar.text());
        }
        problems.add(value.location(), pathOf(key), "expected true or false but found " + describe(value), null);
        return defaultValue;
    }

    public Long integer(String key, Long defaultValue, long min, long max) {
        ConfigNode value = node(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof ScalarNode scalar && scalar.kind() == ScalarNode.Kind.INTEGER) {
            try {
                long parsed = Long.parseLong(scalar.text());
                if (parsed < min || parsed > max) {
                    problems.add(value.location(), pathOf(key), "must be between " + min + " and " + max + " but is " + parsed, null);
                    return defaultValue;
                }
                return parsed;
            } catch (NumberFormatException e) {
                // falls through to the type problem below
            }
        }
        problems.add(value.location(), pathOf(key), "expected a whole number but found " + describe(value), null);
        return defaultValue;
    }

    public Double number(String key, Double defaultValue) {
        ConfigNode value = node(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof ScalarNode scalar
                && (scalar.kind() == ScalarNode.Kind.INTEGER || scalar.kind() == ScalarNode.Kind.DECIMAL)) {
            return Double.parseDouble(scalar.text());
        }
        problems.add(value.location(), pathOf(key), "expected a number but found " + describe(value), null);
        return defaultValue;
    }

    /** One of a fixed set of words; a near miss gets a suggestion. */
    public String oneOf(String key, String defaultValue, List<String> allowed) {
        String value = string(key, null);
        if (value == null) {
            return defaultValue;
        }
        if (!allowed.contains(value)) {
            problem(key, "'" + value + "' is not one of " + String.join(", ", allowed), DidYouMean.hint(value, allowed));
            return defaultValue;
        }
        return value;
    }

    /** A nested mapping, or null when absent (a wrong type is reported). */
    public ConfigReader map(String key) {
        ConfigNode value = node(key);
        if (value == null) {
            return null;
        }
        return of(value, pathOf(key), problems, secrets);
    }

    /** A value written either as one text or as a list of texts. */
    public List<String> stringOrList(String key) {
        ConfigNode value = node(key);
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof ListNode list) {
            for (int i = 0; i < list.items().size(); i++) {
                ConfigNode item = list.items().get(i);
                if (item instanceof ScalarNode scalar && scalar.kind() != ScalarNode.Kind.NULL) {
                    out.add(secrets.resolve(scalar.text(), scalar.location(), pathOf(key) + "[" + i + "]", problems));
                } else {
                    problems.add(item.location(), pathOf(key) + "[" + i + "]", "expected a text value but found " + item.kindName(), null);
                }
            }
            return out;
        }
        if (value instanceof ScalarNode scalar) {
            out.add(secrets.resolve(scalar.text(), scalar.location(), pathOf(key), problems));
            return out;
        }
        problems.add(value.location(), pathOf(key), "expected a text value or a list but found " + value.kindName(), null);
        return out;
    }

    /** A mapping of names to text values, in the order written. */
    public Map<String, String> stringMap(String key) {
        Map<String, String> out = new LinkedHashMap<>();
        ConfigReader map = map(key);
        if (map == null) {
            return out;
        }
        for (String name : map.keys()) {
            String value = map.string(name, null);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    /** A list node's items, or an empty list when absent (a wrong type is reported). */
    public List<ConfigNode> list(String key) {
        ConfigNode value = node(key);
        if (value == null) {
            return List.of();
        }
        if (value instanceof ListNode list) {
            return list.items();
        }
        problems.add(value.location(), pathOf(key), "expected a list (lines starting with '- ') but found " + value.kindName(), null);
        return List.of();
    }

    /** Marks keys as known without reading them (read elsewhere, e.g. by a connector). */
    public void accept(String... keys) {
        known.addAll(List.of(keys));
    }

    /** Reports every key that no getter asked for. */
    public void finish() {
        for (String key : node.entries().keySet()) {
            if (!known.contains(key)) {
                problems.add(keyLocationOf(key), pathOf(key), "unknown key '" + key + "'", DidYouMean.hint(key, known));
            }
        }
    }

    private static String describe(ConfigNode value) {
        if (value instanceof ScalarNode scalar && scalar.text() != null) {
            return "'" + Secrets.redact(scalar.text()) + "' (" + scalar.kindName() + ")";
        }
        return value.kindName();
    }
}
