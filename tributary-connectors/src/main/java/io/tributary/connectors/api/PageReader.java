package io.tributary.connectors.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads one response body with Jackson's streaming parser and copies the selected records, one JSON
 * object a line, into a buffer: no object tree per record, and each record's bytes copied as they
 * came (only {@code keep_raw} writes records anew, to add the raw text). On the way it keeps only what paging
 * and the incremental cursor need: each record's id and cursor value, and the few body values
 * ({@code has_more}, a next-page address) the pagination names. The page is only handed on when
 * the whole body parsed, so a cut-off body never leaves half a page behind.
 */
final class PageReader {
    private static final JsonFactory FACTORY = new JsonFactory();

    /** A body that parsed but does not hold records where the source expects them; retrying would not help. */
    static final class ShapeException extends IOException {
        ShapeException(String message) {
            super(message);
        }
    }

    /**
     * One parsed page.
     *
     * @param ndjson  the records, one JSON object a line (the reader's buffer: valid until the next page is read)
     * @param records how many
     * @param lastId  the last record's id field as text, or null
     * @param cursors the records' incremental cursor values (non-null ones)
     * @param values  the body values named by the pagination, by dotted path (absent or null: not in the map)
     */
    record Page(ByteArrayOutputStream ndjson, int records, String lastId, List<String> cursors, Map<String, String> values, long bytes) {}

    private final String selector;
    private final String idField;
    private final String cursorField;
    private final String rawColumn;
    private final Set<String> wanted;
    private final FieldWatch watch = new FieldWatch();
    /** One buffer for every page: a page is written out before the next is read, and pages are big. */
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(1 << 20);
    /** Records of the pages read so far: the index of this page's first record in the run. */
    private long committed;

    PageReader(String selector, String idField, String cursorField, String rawColumn, Set<String> wanted) {
        this.selector = selector;
        this.idField = idField;
        this.cursorField = cursorField;
        this.rawColumn = rawColumn;
        this.wanted = wanted;
    }

    Page read(byte[] body) throws IOException {
        ByteArrayOutputStream out = buffer;
        out.reset();
        State state = new State();
        try (JsonParser parser = FACTORY.createParser(body); JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.setRootValueSeparator(null);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ShapeException("the response body is empty");
            }
            if (selector.isEmpty()) {
                if (first != JsonToken.START_ARRAY) {
                    throw new ShapeException("the response is not a JSON array; name the field holding the records with source.records");
                }
                copyRecords(parser, generator, out, body, state);
            } else {
                if (first != JsonToken.START_OBJECT) {
                    throw new ShapeException("the response is not a JSON object with a '" + selector + "' field");
                }
                walk(parser, "", generator, out, body, state);
                if (!state.found) {
                    throw new ShapeException("the response has no '" + selector + "' field (source.records)");
                }
            }
            if (parser.nextToken() != null) {
                throw new IOException("unexpected content after the end of the JSON value");
            }
        }
        committed += state.records;
        return new Page(out, state.records, state.lastId, state.cursors, state.values, body.length);
    }

    private static final class State {
        boolean found;
        int records;
        String lastId;
        final List<String> cursors = new ArrayList<>();
        final Map<String, String> values = new HashMap<>();
    }

    /** Inside an object at {@code path}: descends towards the records and the wanted values, skips everything else. */
    private void walk(JsonParser parser, String path, JsonGenerator generator, ByteArrayOutputStream out, byte[] body, State state)
            throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            String child = path.isEmpty() ? name : path + "." + name;
            JsonToken value = parser.nextToken();
            if (child.equals(selector)) {
                state.found = true;
                if (value == JsonToken.START_ARRAY) {
                    copyRecords(parser, generator, out, body, state);
                } else if (value != JsonToken.VALUE_NULL) {
                    throw new ShapeException("'" + selector + "' in the response is not a list of records");
                }
            } else if (wanted.contains(child) && value.isScalarValue()) {
                if (value != JsonToken.VALUE_NULL) {
                    state.values.put(child, parser.getText());
                }
            } else if (value == JsonToken.START_OBJECT && leadsSomewhere(child)) {
                walk(parser, child, generator, out, body, state);
            } else {
                parser.skipChildren();
            }
        }
    }

    private boolean leadsSomewhere(String path) {
        String prefix = path + ".";
        return selector.startsWith(prefix) || wanted.stream().anyMatch(w -> w.startsWith(prefix));
    }

    private void copyRecords(JsonParser parser, JsonGenerator generator, ByteArrayOutputStream out, byte[] body, State state) throws IOException {
        JsonToken token;
        FieldWatch.Node root = watch.root();
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                throw new ShapeException("record " + (state.records + 1) + " of the page is not a JSON object");
            }
            long index = committed + state.records;
            int start = (int) parser.currentTokenLocation().getByteOffset();
            boolean regenerate = rawColumn != null;
            if (regenerate) {
                generator.writeStartObject();
            }
            String id = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (regenerate) {
                    generator.writeFieldName(name);
                }
                JsonToken value = parser.nextToken();
                FieldWatch.Node field = root.field(name);
                if (value.isScalarValue()) {
                    if (regenerate) {
                        generator.copyCurrentEvent(parser);
                    }
                    if (value != JsonToken.VALUE_NULL) {
                        watch.saw(field, value, index);
                        if (name.equals(idField)) {
                            id = parser.getText();
                        }
                        if (name.equals(cursorField)) {
                            state.cursors.add(parser.getText());
                        }
                    }
                } else {
                    copy(parser, regenerate ? generator : null, field, index);
                }
            }
            int end = (int) parser.currentLocation().getByteOffset();
            if (regenerate) {
                generator.writeStringField(rawColumn, new String(body, start, end - start, StandardCharsets.UTF_8));
                generator.writeEndObject();
                generator.writeRaw('\n');
            } else {
                writeOneLine(out, body, start, end);
            }
            state.records++;
            state.lastId = id;
        }
    }

    /**
     * Copies a record's bytes as they came, on one line: in valid JSON a line break can only be
     * white space between tokens (inside a string it is escaped), so it becomes a space.
     * Much cheaper than writing the record anew, and exact.
     */
    private static void writeOneLine(ByteArrayOutputStream out, byte[] body, int start, int end) {
        int from = start;
        for (int i = start; i < end; i++) {
            byte b = body[i];
            if (b == '\n' || b == '\r') {
                out.write(body, from, i - from);
                out.write(' ');
                from = i + 1;
            }
        }
        out.write(body, from, end - from);
        out.write('\n');
    }

    /**
     * Reads the value at the parser (an object or array), telling the watch what each field holds,
     * and writes it to {@code generator} unless that is null (the record's bytes are copied instead).
     */
    private void copy(JsonParser parser, JsonGenerator generator, FieldWatch.Node node, long index) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            if (generator != null) {
                generator.writeNull();
            }
            return;
        }
        watch.saw(node, token, index);
        if (token == JsonToken.START_OBJECT) {
            if (generator != null) {
                generator.writeStartObject();
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                if (generator != null) {
                    generator.writeFieldName(parser.currentName());
                }
                FieldWatch.Node field = node.field(parser.currentName());
                parser.nextToken();
                copy(parser, generator, field, index);
            }
            if (generator != null) {
                generator.writeEndObject();
            }
        } else if (token == JsonToken.START_ARRAY) {
            if (generator != null) {
                generator.writeStartArray();
            }
            FieldWatch.Node element = node.element();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                copy(parser, generator, element, index);
            }
            if (generator != null) {
                generator.writeEndArray();
            }
        } else if (generator != null) {
            generator.copyCurrentEvent(parser);
        }
    }

    /** True when a record after DuckDB's sample held a field or kind of value the sample did not (see {@link FieldWatch}). */
    boolean sawLateFields() {
        return watch.sawLateFields();
    }
}
