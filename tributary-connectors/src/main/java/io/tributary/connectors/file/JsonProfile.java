package io.tributary.connectors.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.tributary.engine.Sql;
import io.tributary.spi.SourceException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;

/**
 * What every record of a JSON file holds, path by path: which JSON kinds of value, and for numbers
 * how many digits before and after the point. Built by one streaming pass ({@link #scan}) with no
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

    private final Node root = new Node();
    private long records;
    private long otherValues;
    private String syntaxError;
    private boolean byLines;
    private boolean multiLine;

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

    /**
     * Reads {@code file} once. In an array file the records are the elements of the top-level
     * array; otherwise every top-level value is one (one a line, or pretty-printed). When a file
     * that is not an array turns out not to be one valid stream of JSON values, reading goes on
     * line by line from the line where that went wrong, each line that parses on its own as an
     * object counting as a record ({@link #byLines()}), so that the profile still covers every
     * record that can load.
     *
     * @param cancelled polled between records, to stop early when the result is no longer needed
     */
    static JsonProfile scan(Path file, boolean array, BooleanSupplier cancelled) throws IOException {
        JsonProfile profile = new JsonProfile();
        Scanner scanner = null;
        try (InputStream in = open(file); JsonParser parser = FACTORY.createParser(in)) {
            scanner = new Scanner(profile, parser);
            scanner.read(array, cancelled);
        } catch (StreamReadException e) {
            profile.syntaxError = e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ")";
            if (!array) {
                profile.byLines = true;
                scanLines(profile, file, scanner.forgetLine(e.getLocation().getLineNr()), cancelled);
            }
        }
        return profile;
    }

    /**
     * Goes on from line {@code from} line by line, each line that parses on its own as an object
     * counting as a record. A line that does not may have added its first keys already: they
     * become columns like the keys of any rejected record.
     */
    private static void scanLines(JsonProfile profile, Path file, long from, BooleanSupplier cancelled) throws IOException {
        try (InputStream in = open(file)) {
            JsonRewrite.LineReader reader = new JsonRewrite.LineReader(in);
            for (long number = 1; reader.next() && !cancelled.getAsBoolean(); number++) {
                int start = reader.startsWithBom() ? 3 : 0;
                if (number < from || JsonRewrite.blank(reader.bytes(), start, reader.length())) {
                    continue;
                }
                try (JsonParser parser = FACTORY.createParser(reader.bytes(), start, reader.length() - start)) {
                    Scanner scanner = new Scanner(profile, parser);
                    boolean object = parser.nextToken() == JsonToken.START_OBJECT;
                    if (object) {
                        scanner.record();
                    }
                    if (object && parser.nextToken() == null) {
                        profile.records++;
                    } else {
                        profile.otherValues++;
                    }
                } catch (StreamReadException e) {
                    profile.otherValues++;
                }
            }
        }
    }

    /** True when the file had to be read line by line: it is not one valid stream of JSON values. */
    boolean byLines() {
        return byLines;
    }

    /** True when some record spans several lines (a pretty-printed file). */
    boolean multiLine() {
        return multiLine;
    }

    /** A {@link #scan} in a thread of its own, beside DuckDB's read of the same file. */
    static final class Background implements AutoCloseable {
        private final FutureTask<JsonProfile> task;
        private volatile boolean cancelled;

        Background(Path file, boolean array) {
            task = new FutureTask<>(() -> scan(file, array, () -> cancelled));
            Thread thread = new Thread(task, "tributary-json-scan");
            thread.setDaemon(true);
            thread.start();
        }

        JsonProfile profile() throws SourceException {
            try {
                return task.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException("interrupted while reading " + e.getMessage(), e);
            } catch (ExecutionException e) {
                throw new SourceException("cannot read the file: " + e.getCause().getMessage(), e.getCause());
            }
        }

        @Override
        public void close() {
            cancelled = true;
        }
    }

    /** The file's bytes, unzipped when its name ends with .gz. */
    static InputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return file.toString().toLowerCase(Locale.ROOT).endsWith(".gz")
                ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw;
    }

    /** True for an integer literal (of {@code integerDigits} digits without leading zeros) within BIGINT's range. */
    static boolean fitsBigint(char[] text, int offset, int length, int integerDigits) {
        if (integerDigits < 19) {
            return true;
        }
        if (integerDigits > 19) {
            return false;
        }
        String limit = text[offset] == '-' ? "9223372036854775808" : "9223372036854775807";
        return new String(text, offset + length - 19, 19).compareTo(limit) <= 0;
    }

    /** The recursive walk over one parser. */
    private static final class Scanner {
        private final JsonProfile profile;
        private final JsonParser parser;
        /** The line where the last top-level value started, and the counts before the values of that line. */
        private long lastLine;
        private long recordsBefore;
        private long otherBefore;
        private boolean inRecord;

        Scanner(JsonProfile profile, JsonParser parser) {
            this.profile = profile;
            this.parser = parser;
        }

        void read(boolean array, BooleanSupplier cancelled) throws IOException {
            JsonToken token = parser.nextToken();
            if (array) {
                if (token != JsonToken.START_ARRAY) {
                    profile.syntaxError = "the file does not start with [, so it is not a JSON array";
                    return;
                }
                token = parser.nextToken();
            }
            while (token != null && !(array && token == JsonToken.END_ARRAY)) {
                int line = parser.currentTokenLocation().getLineNr();
                if (line != lastLine) {
                    lastLine = line;
                    recordsBefore = profile.records;
                    otherBefore = profile.otherValues;
                }
                if (token == JsonToken.START_OBJECT) {
                    record();
                    profile.records++;
                    if (parser.currentLocation().getLineNr() != line) {
                        profile.multiLine = true;
                    }
                } else {
                    profile.otherValues++;
                    parser.skipChildren();
                }
                if ((profile.records & 0xFFF) == 0 && cancelled.getAsBoolean()) {
                    return;
                }
                token = parser.nextToken();
            }
            if (array && parser.nextToken() != null) {
                profile.syntaxError = "there is more after the closing ] of the array (line " + parser.currentLocation().getLineNr() + ")";
            }
        }

        /**
         * After a syntax error at {@code errorLine}: takes back the counts of the values that started
         * on the line where reading must go on line by line, and returns that line.
         */
        long forgetLine(long errorLine) {
            if (lastLine == 0 || errorLine > lastLine && !inRecord) {
                return errorLine;
            }
            profile.records = recordsBefore;
            profile.otherValues = otherBefore;
            return lastLine;
        }

        /** Reads a record whose START_OBJECT was just read. */
        void record() throws IOException {
            inRecord = true;
            object(profile.root);
            inRecord = false;
        }

        /** Reads the fields of an object whose START_OBJECT was just read; false when it has none. */
        private boolean object(Node node) throws IOException {
            node.kinds |= OBJECT;
            int position = 0;
            String name;
            while ((name = parser.nextFieldName()) != null) {
                value(parser.nextToken(), node.field(position++, name));
            }
            return position > 0;
        }

        private void value(JsonToken token, Node node) throws IOException {
            switch (token) {
                case START_OBJECT -> object(node);
                case START_ARRAY -> {
                    node.kinds |= ARRAY;
                    JsonToken next;
                    while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                        value(next, node.element());
                    }
                }
                case VALUE_STRING -> node.kinds |= STRING;
                case VALUE_TRUE, VALUE_FALSE -> node.kinds |= BOOLEAN;
                case VALUE_NULL -> node.kinds |= NULL;
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(node);
                default -> throw new IllegalStateException("unexpected JSON token " + token);
            }
        }

        /** Counts the digits of the number literal just read, in place (no object per number: there are millions). */
        private void number(Node node) throws IOException {
            char[] text = parser.getTextCharacters();
            int offset = parser.getTextOffset();
            int end = offset + parser.getTextLength();
            int i = offset;
            if (i < end && (text[i] == '-' || text[i] == '+')) {
                i++;
            }
            while (i < end && text[i] == '0') {
                i++;
            }
            int start = i;
            while (i < end && text[i] >= '0' && text[i] <= '9') {
                i++;
            }
            int integer = i - start;
            int scale = 0;
            if (i < end && text[i] == '.') {
                int fraction = ++i;
                while (i < end && text[i] >= '0' && text[i] <= '9') {
                    i++;
                }
                scale = i - fraction;
            }
            if (i < end) {
                node.kinds |= EXPONENT; // an exponent, or NaN / Infinity
                return;
            }
            if (scale > 0) {
                node.kinds |= DECIMAL;
                node.scale = Math.max(node.scale, scale);
            } else {
                node.kinds |= fitsBigint(text, offset, end - offset, integer) ? INTEGER : BIG_INTEGER;
            }
            node.integerDigits = Math.max(node.integerDigits, integer);
        }
    }
}
