package io.tributary.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a YAML document into a {@link ConfigNode} tree that keeps line and column of every value.
 * Jackson's streaming parser gives the positions; the tree is built here because Jackson's own
 * trees forget them, and users need them in every error.
 */
public final class YamlReader {
    /** {@code key:} with nothing after it is null in YAML, not an empty text; Jackson needs telling. */
    private static final YAMLFactory FACTORY = YAMLFactory.builder().enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL).build();

    private YamlReader() {}

    /**
     * Parses a file. A syntax error is reported as a problem (with its position) and {@code null}
     * is returned; an empty file gives an empty mapping.
     */
    public static ConfigNode read(Path file, Problems problems) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add(Location.of(file), "", "cannot read the file: " + e.getMessage(), null);
            return null;
        }
        return read(file, new StringReader(text), problems);
    }

    public static ConfigNode read(Path file, Reader reader, Problems problems) {
        try (JsonParser parser = FACTORY.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new ConfigNode.MapNode(new Location(file, 1, 1), new LinkedHashMap<>(), new HashMap<>());
            }
            return readValue(parser, file, problems, "");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            Location fallback = at == null ? Location.of(file) : new Location(file, at.getLineNr(), at.getColumnNr());
            SyntaxError error = SyntaxError.parse(e.getOriginalMessage(), file, fallback);
            problems.add(error.location(), "", "invalid YAML: " + error.message(), "check indentation and quoting around this position");
            return null;
        } catch (IOException e) {
            problems.add(Location.of(file), "", "cannot read the file: " + e.getMessage(), null);
            return null;
        }
    }

    private static ConfigNode readValue(JsonParser parser, Path file, Problems problems, String path) throws IOException {
        Location at = location(parser, file);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                LinkedHashMap<String, ConfigNode> entries = new LinkedHashMap<>();
                Map<String, Location> keys = new HashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    Location keyAt = location(parser, file);
                    parser.nextToken();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    ConfigNode value = readValue(parser, file, problems, childPath);
                    if (entries.containsKey(key)) {
                        problems.add(keyAt, childPath, "the key '" + key + "' is written twice",
                                "keep one; the first is at line " + keys.get(key).line());
                    } else {
                        entries.put(key, value);
                        keys.put(key, keyAt);
                    }
                }
                return new ConfigNode.MapNode(at, entries, keys);
            }
            case START_ARRAY -> {
                List<ConfigNode> items = new ArrayList<>();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser, file, problems, path + "[" + index++ + "]"));
                }
                return new ConfigNode.ListNode(at, items);
            }
            case VALUE_STRING -> {
                return new ConfigNode.ScalarNode(at, parser.getText(), ConfigNode.ScalarNode.Kind.STRING);
            }
            case VALUE_NUMBER_INT -> {
                return new ConfigNode.ScalarNode(at, parser.getText(), ConfigNode.ScalarNode.Kind.INTEGER);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new ConfigNode.ScalarNode(at, parser.getText(), ConfigNode.ScalarNode.Kind.DECIMAL);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new ConfigNode.ScalarNode(at, parser.getText(), ConfigNode.ScalarNode.Kind.BOOLEAN);
            }
            case VALUE_NULL -> {
                return new ConfigNode.ScalarNode(at, null, ConfigNode.ScalarNode.Kind.NULL);
            }
            default -> {
                return new ConfigNode.ScalarNode(at, parser.getText(), ConfigNode.ScalarNode.Kind.STRING);
            }
        }
    }

    private static Location location(JsonParser parser, Path file) {
        JsonLocation at = parser.currentTokenLocation();
        return new Location(file, at.getLineNr(), at.getColumnNr());
    }

    /**
     * SnakeYAML's multi-line message ("while parsing a flow mapping / in 'reader', line 2, column 9:
     * / snippet / caret / expected ',' or '}' ...") as one line with its positions. The problem
     * points at the first position: where the unclosed bracket or quote was opened, which is what
     * needs fixing; Jackson's own location is where parsing stopped, often lines later.
     */
    record SyntaxError(Location location, String message) {
        private static final Pattern MARK = Pattern.compile("\\s*in '[^']*', line (\\d+), column (\\d+):?");

        static SyntaxError parse(String text, Path file, Location fallback) {
            if (text == null || text.isBlank()) {
                return new SyntaxError(fallback, "syntax error");
            }
            List<String> parts = new ArrayList<>();
            Location first = null;
            for (String line : text.split("\\R")) {
                Matcher mark = MARK.matcher(line);
                if (mark.matches()) {
                    int lineNr = Integer.parseInt(mark.group(1));
                    int column = Integer.parseInt(mark.group(2));
                    if (first == null) {
                        first = new Location(file, lineNr, column);
                    }
                    if (!parts.isEmpty()) {
                        parts.set(parts.size() - 1, parts.get(parts.size() - 1) + " at line " + lineNr + ", column " + column);
                    }
                } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
                    parts.add(line.strip());
                }
            }
            return new SyntaxError(first != null ? first : fallback, parts.isEmpty() ? text.strip() : String.join(": ", parts));
        }
    }
}
