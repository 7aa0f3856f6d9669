package io.tributary.connectors.api;

import com.fasterxml.jackson.core.JsonToken;
import java.util.HashMap;
import java.util.Map;

/**
 * Notices when a record after DuckDB's type-inference sample holds something the sample did not: a
 * field first seen later, or a value of another JSON kind (a text where the sample had numbers).
 * DuckDB would drop such a field, or fail on the value, so the staging then infers types over
 * every record instead (slower, but exact). Fed by {@link PageReader} as it copies each value.
 */
final class FieldWatch {
    /** Records DuckDB samples to infer types: exactly the first ones of the file. */
    static final int SAMPLE = 20_480;

    private static final int STRING = 1;
    private static final int INTEGER = 2;
    private static final int DECIMAL = 4;
    private static final int BOOLEAN = 8;
    private static final int OBJECT = 16;
    private static final int ARRAY = 32;

    /** One field path (array elements share their array's element node). */
    static final class Node {
        private Map<String, Node> fields;
        private Node element;
        private int kinds;

        Node field(String name) {
            if (fields == null) {
                fields = new HashMap<>();
            }
            return fields.computeIfAbsent(name, n -> new Node());
        }

        Node element() {
            if (element == null) {
                element = new Node();
            }
            return element;
        }
    }

    private final Node root = new Node();
    private boolean late;

    Node root() {
        return root;
    }

    /** A non-null value of kind {@code token} at {@code node}, in record {@code index} (0-based, over the whole run). */
    void saw(Node node, JsonToken token, long index) {
        int kind = switch (token) {
            case VALUE_STRING -> STRING;
            case VALUE_NUMBER_INT -> INTEGER;
            case VALUE_NUMBER_FLOAT -> DECIMAL;
            case VALUE_TRUE, VALUE_FALSE -> BOOLEAN;
            case START_OBJECT -> OBJECT;
            case START_ARRAY -> ARRAY;
            default -> 0;
        };
        if ((node.kinds & kind) != 0) {
            return;
        }
        if (index >= SAMPLE) {
            late = true;
        }
        node.kinds |= kind;
    }

    /** True when some record after the sample held a field or a kind of value the sample did not. */
    boolean sawLateFields() {
        return late;
    }
}
