package io.tributary.connectors.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.tributary.sql.Sql;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * What every record of a JSON file holds, path by path: which JSON kinds of value, and for numbers
 * how many digits before and after the point. Built by one streaming pass ({@link JsonScan#scan}) with no
 * object per record, which runs beside DuckDB's own read of the file.
 *
 * <p>DuckDB infers types from a sample and then converts whatever comes later without a word:
 * {@code 19.99} and {@code true} into a BIGINT column become 20 and 1, a key first seen after the
 * sample is dropped, and numbers pass through double ({@code 12345678901234567890.1234567891}
 * becomes {@code 12345678901234567787.77…}). The profile is what tells whether the file's values
 * fit the columns exactly ({@link JsonTarget#exact}), and what exact type a numeric column needs.
 */
final class JsonProfile {
    static final int NULL = 1;
    static final int BOOLEAN = 2;
    /** An integer literal that fits a BIGINT. */
    static final int INTEGER = 4;
    /** An integer literal beyond BIGINT. */
    static final int BIG_INTEGER = 8;
    /** A number with a fraction and no exponent ({@code 19.99}). */
    static final int DECIMAL = 16;
    /** A number with an exponent ({@code 1e5}), or NaN / Infinity. */
    static final int EXPONENT = 32;
    static final int STRING = 64;
    static final int OBJECT = 128;
    static final int ARRAY = 256;
    static final int NUMBERS = INTEGER | BIG_INTEGER | DECIMAL | EXPONENT;
    /** DuckDB's DECIMAL holds at most 38 digits. */
    static final int MAX_DECIMAL_DIGITS = 38;

    /** The JSON reader every JSON pass uses: limits raised to what DuckDB accepts, NaN and Infinity read as numbers. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNumberLength(100_000).maxNestingDepth(10_000).build())
            .build();

    /** One path of the file (array elements share their array's element node). */
    static final class Node {
        int kinds;
        /** Most digits before the point (leading zeros not counted) among the INTEGER, BIG_INTEGER and DECIMAL values. */
        int integerDigits;
        /** Most digits after the point among the DECIMAL values. */
        int scale;
        private Map<String, Node> fields;
        private Node element;
        private String[] order = new String[0];
        private Node[] orderNodes = new Node[0];

        /**
         * The node of the key read at {@code position} in its object. Records mostly repeat their
         * keys in one order, and the parser's key names are interned, so an identity check at the
         * same position usually saves the map lookup.
         */
        Node field(int position, String name) {
            if (position < order.length && order[position] == name) {
                return orderNodes[position];
            }
            Node node = field(name);
            if (position >= order.length) {
                order = Arrays.copyOf(order, position + 4);
                orderNodes = Arrays.copyOf(orderNodes, position + 4);
            }
            order[position] = name;
            orderNodes[position] = node;
            return node;
        }

        Node field(String name) {
            if (fields == null) {
                fields = new LinkedHashMap<>();
            }
            Node node = fields.get(name);
            if (node == null) {
                node = new Node();
                fields.put(name, node);
            }
            return node;
        }

        /** The keys seen in this object, in the order first seen. */
        Map<String, Node> fields() {
            return fields == null ? Map.of() : fields;
        }

        Node element() {
            if (element == null) {
                element = new Node();
            }
            return element;
        }

        /** The element node, or null when no array here held an element. */
        Node elementOrNull() {
            return element;
        }

        /** The non-null kinds seen here. */
        int present() {
            return kinds & ~NULL;
        }

        /**
         * The exact type for this path's numbers: BIGINT for integers that fit, DECIMAL with the
         * precision and scale of the values seen for larger integers and for fractions, and DOUBLE
         * only for exponents or beyond DECIMAL(38).
         */
        String numericType() {
            if ((kinds & EXPONENT) != 0) {
                return "DOUBLE";
            }
            if ((kinds & (BIG_INTEGER | DECIMAL)) == 0) {
                return "BIGINT";
            }
            int precision = Math.max(1, integerDigits + scale);
            return precision > MAX_DECIMAL_DIGITS ? "DOUBLE" : "DECIMAL(" + precision + "," + scale + ")";
        }

        /** A DuckDB type for this path from its values alone, for keys the sample did not hold. */
        String type() {
            int present = present();
            if (present == 0 || present == STRING) {
                return "VARCHAR";
            }
            if ((present & ~NUMBERS) == 0) {
                return numericType();
            }
            if (present == BOOLEAN) {
                return "BOOLEAN";
            }
            if (present == OBJECT && !fields().isEmpty()) {
                StringBuilder struct = new StringBuilder("STRUCT(");
                String separator = "";
                for (Map.Entry<String, Node> field : fields.entrySet()) {
                    struct.append(separator).append(Sql.ident(field.getKey())).append(' ').append(field.getValue().type());
                    separator = ", ";
                }
                return struct.append(')').toString();
            }
            if (present == ARRAY) {
                return (element == null ? "VARCHAR" : element.type()) + "[]";
            }
            return "JSON";
        }
    }

    final Node root = new Node();
    // Filled in by JsonScan.
    long records;
    long otherValues;
    String syntaxError;
    boolean byLines;
    boolean multiLine;

    /** The top-level keys of the records. */
    Node root() {
        return root;
    }

    /** The node of a path of keys, or null when no record held it. */
    Node at(List<String> path) {
        Node node = root;
        for (String key : path) {
            node = node.fields().get(key);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** Objects read (each is a row). */
    long records() {
        return records;
    }

    /** True when no record holds any key: nothing to make a column of. */
    boolean noFields() {
        return root.fields().isEmpty();
    }

    /** Top-level values that are not objects (each a line to reject). */
    long otherValues() {
        return otherValues;
    }

    /** Why the file is not one stream of JSON values (null when it is): an array file's scan stopped there, another went on by lines. */
    String syntaxError() {
        return syntaxError;
    }

    /** True when the file had to be read line by line: it is not one valid stream of JSON values. */
    boolean byLines() {
        return byLines;
    }

    /** True when some record spans several lines (a pretty-printed file). */
    boolean multiLine() {
        return multiLine;
    }

    /** The file's bytes, unzipped when its name ends with .gz. */
    static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return file.toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

}
