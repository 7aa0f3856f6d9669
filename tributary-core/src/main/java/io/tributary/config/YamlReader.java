package io.tributary.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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

/**
 * Reads a YAML document into a {@link ConfigNode} tree that keeps line and column of every value.
 * Jackson's streaming parser gives the positions; the tree is built here because Jackson's own
 * trees forget them, and users need them in every error.
 */
public final class YamlReader {
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

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
            String message = e.getOriginalMessage();
            problems.add(at == null ? Location.of(file) : new Location(file, at.getLineNr(), at.getColumnNr()),
                    "", "invalid YAML: " + firstLine(message), "check indentation and quoting around this position");
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

    private static String firstLine(String message) {
        if (message == null) {
            return "syntax error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
