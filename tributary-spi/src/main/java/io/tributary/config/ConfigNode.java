package io.tributary.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML value that remembers where it was written, so every validation problem can name
 * {@code file:line:column}. Built by {@link YamlReader}; read through {@link ConfigReader}.
 */
public sealed interface ConfigNode permits ConfigNode.MapNode, ConfigNode.ListNode, ConfigNode.ScalarNode {

    Location location();

    /** A short word for messages: "a mapping", "a list", "a text value"... */
    String kindName();

    /** A mapping; {@code keyLocations} points at each key (where unknown-key errors point). */
    record MapNode(Location location, LinkedHashMap<String, ConfigNode> entries, Map<String, Location> keyLocations)
            implements ConfigNode {
        public String kindName() {
            return "a mapping";
        }
    }

    record ListNode(Location location, List<ConfigNode> items) implements ConfigNode {
        public String kindName() {
            return "a list";
        }
    }

    /** A scalar; {@code kind} records how YAML typed it so that {@code "1"} and {@code 1} can be told apart. */
    record ScalarNode(Location location, String text, Kind kind) implements ConfigNode {
        public enum Kind { STRING, INTEGER, DECIMAL, BOOLEAN, NULL }

        public String kindName() {
            return switch (kind) {
                case STRING -> "a text value";
                case INTEGER -> "a whole number";
                case DECIMAL -> "a number";
                case BOOLEAN -> "true/false";
                case NULL -> "nothing (null)";
            };
        }
    }
}
