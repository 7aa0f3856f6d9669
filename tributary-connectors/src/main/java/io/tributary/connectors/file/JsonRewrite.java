package io.tributary.connectors.file;

import io.tributary.sql.JsonSchema;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.tributary.spi.RejectSink;
import io.tributary.spi.SourceException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites a JSON file that DuckDB cannot load exactly as it stands into newline-delimited JSON
 * that it can, rejecting on the way the records that cannot load at all. Used only when the
 * file's strict read failed or its {@link JsonProfile} showed values DuckDB would alter.
 *
 * <ul>
 *   <li>Each record goes on its own line, at the line of the file where it starts, so the line
 *       numbers {@link JsonLines} reports later are the file's (blank lines fill the gaps; where
 *       several records start on one line, as in a one-line array, {@link JsonLineMap} remembers it).
 *       An array file is split into its elements; a byte-order mark is dropped (DuckDB refuses it).</li>
 *   <li>A record with a key twice, a value that does not fit its column exactly ({@link JsonTarget#fits}:
 *       {@code 19.99} or {@code true} for a BIGINT), a top-level value that is not an object, or
 *       (read by lines) a line that is not valid JSON, with DuckDB's parse error as the reason, is
 *       rejected here with its line, column and value.</li>
 *   <li>Numbers bound for DECIMAL, wide integer and text columns are written as the text of their
 *       literal ({@link JsonTarget#output}), which DuckDB casts without passing through double.</li>
 * </ul>
 */
final class JsonRewrite {
    /** What was written: records on lines, and the rejects already recorded. */
    record Result(long records, long rejected, JsonLineMap lines) {}

    /** One check of a record, in {@link JsonMisfits}'s order: objects first, then each leaf. */
    private record Check(List<String> path, String label, JsonTarget target, String expected) {}

    private final Connection connection;
    private final String unit;
    private final boolean array;
    private final boolean flatten;
    private final RejectSink rejects;
    private final JsonTarget row;
    private final List<Check> checks = new ArrayList<>();
    private final JsonLineMap lines = new JsonLineMap();
    private OutputStream out;
    /** The next line to write in the rewritten file (1-based). */
    private long line = 1;
    private long records;
    private long rejected;
    private long limit = Long.MAX_VALUE;

    JsonRewrite(Connection connection, String unit, boolean array, JsonSchema schema, boolean flatten, RejectSink rejects) throws SQLException {
        this.connection = connection;
        this.unit = unit;
        this.array = array;
        this.flatten = flatten;
        this.rejects = rejects;
        this.row = schema.isEmpty() ? null : JsonTarget.of(connection, schema.recordType());
        for (JsonSchema.Node node : schema.objects(flatten)) {
            checks.add(new Check(node.path(), node.label(), null, flatten
                    ? "a JSON object (its fields load into the columns " + node.label() + JsonSchema.SEPARATOR + "…)" : "a JSON object"));
        }
        for (JsonSchema.Leaf leaf : schema.leaves(flatten)) {
            checks.add(new Check(leaf.path(), leaf.label(), JsonTarget.of(connection, leaf.type()), JsonMisfits.article(leaf.type())));
        }
    }

    /** Stops after {@code records} records: for a sample to infer the columns from (with no rejects sink, rejects are only skipped). */
    JsonRewrite sample(long records) {
        this.limit = records;
        return this;
    }

    /**
     * Writes {@code file}'s records to {@code target}. {@code byLines}: each line is one record
     * (a newline-delimited file); otherwise the file is parsed as a whole (an array, or records
     * that span lines).
     */
    Result rewrite(Path file, boolean byLines, OutputStream target) throws IOException, SQLException, SourceException {
        this.out = target;
        try (InputStream in = JsonProfile.open(file)) {
            if (byLines) {
                byLines(in);
            } else {
                whole(in);
            }
        }
        return new Result(records, rejected, lines);
    }

    private void whole(InputStream in) throws IOException, SQLException, SourceException {
        try (JsonParser parser = JsonProfile.FACTORY.createParser(in)) {
            JsonToken token = parser.nextToken();
            if (array) {
                token = parser.nextToken();
            }
            while (token != null && !(array && token == JsonToken.END_ARRAY) && records < limit) {
                long at = parser.currentTokenLocation().getLineNr();
                Duplicate duplicate = new Duplicate();
                ByteArrayOutputStream raw = new ByteArrayOutputStream();
                Object value;
                try (JsonGenerator copy = JsonProfile.FACTORY.createGenerator(raw)) {
                    value = read(parser, token, new ArrayList<>(), duplicate, copy);
                }
                record(at, value, duplicate, raw.toByteArray(), 0, raw.size());
                token = parser.nextToken();
            }
        } catch (StreamReadException e) {
            throw new SourceException(unit + " is not valid JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr()
                    + "). A JSON array cannot be split into rows when it is malformed, so nothing was loaded from it: fix the file,"
                    + " or export it as newline-delimited JSON (one object per line), where only the bad lines are rejected.", e);
        }
    }

    private void byLines(InputStream in) throws IOException, SQLException, SourceException {
        JsonLineReader reader = new JsonLineReader(in);
        for (long number = 1; records < limit && reader.next(); number++) {
            int start = reader.startsWithBom() ? 3 : 0;
            int end = reader.length();
            if (end > start && reader.bytes()[end - 1] == '\r') {
                end--;
            }
            if (blank(reader.bytes(), start, end)) {
                place(number);
                out.write('\n');
                line++;
                continue;
            }
            Object value;
            boolean valid;
            Duplicate duplicate = new Duplicate();
            try (JsonParser parser = JsonProfile.FACTORY.createParser(reader.bytes(), start, end - start)) {
                value = read(parser, parser.nextToken(), new ArrayList<>(), duplicate, null);
                valid = parser.nextToken() == null;
            } catch (StreamReadException e) {
                value = null;
                valid = false;
            }
            if (valid) {
                record(number, value, duplicate, reader.bytes(), start, end - start);
            } else {
                invalid(number, reader.bytes(), start, end - start);
            }
        }
    }

    /** Rejects a line that is not one JSON value, with DuckDB's own parse error (for the first lines) as the reason. */
    private void invalid(long number, byte[] bytes, int offset, int length) throws SQLException, SourceException {
        String raw;
        try {
            raw = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            throw JsonLines.notUtf8(unit, String.valueOf(number), e);
        }
        reject(number, null, raw, JsonLines.invalidReason(connection, raw, rejected < JsonLines.DETAILED_REASONS));
    }

    /** True for a line of only spaces, tabs and carriage returns. */
    static boolean blank(byte[] bytes, int start, int end) {
        for (int i = start; i < end; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks one top-level value read at line {@code at}, whose text is {@code length} bytes of
     * {@code text} from {@code offset}, and writes or rejects it.
     */
    private void record(long at, Object value, Duplicate duplicate, byte[] text, int offset, int length) throws IOException, SQLException {
        if (!(value instanceof Map<?, ?> object)) {
            reject(at, null, new String(text, offset, length, StandardCharsets.UTF_8), notAnObject(value));
            return;
        }
        if (duplicate.key != null) {
            reject(at, duplicate.label, new String(text, offset, length, StandardCharsets.UTF_8), "the key \"" + duplicate.key + "\" appears twice in this object;"
                    + " each key of a JSON object must appear once, so Tributary cannot tell which value is meant");
            return;
        }
        for (Check check : checks) {
            Object field = at(object, check.path);
            boolean fits = field == MISSING || (check.target == null ? field == null || field instanceof Map : check.target.fits(field));
            if (!fits) {
                String shown = json(field);
                if (shown.length() > JsonMisfits.SHOWN_VALUE) {
                    shown = shown.substring(0, JsonMisfits.SHOWN_VALUE) + "…";
                }
                reject(at, check.label, new String(text, offset, length, StandardCharsets.UTF_8), "value " + shown + " in column " + check.label + " is not " + check.expected);
                return;
            }
        }
        place(at);
        Object written = row == null ? value : row.output(value);
        if (written == value) {
            out.write(text, offset, length);
        } else {
            out.write(json(written).getBytes(StandardCharsets.UTF_8));
        }
        out.write('\n');
        line++;
        records++;
    }

    /** Pads with blank lines up to the record's own line, or notes that it sits on a later line than in the file. */
    private void place(long at) throws IOException {
        while (line < at) {
            out.write('\n');
            line++;
        }
        lines.written(line, at);
    }

    private void reject(long at, String column, String raw, String reason) throws SQLException {
        if (rejects != null) {
            rejects.reject(unit, at, column, raw, reason);
        }
        rejected++;
    }

    private String notAnObject(Object value) {
        String what = value instanceof List ? "an array" : value instanceof String ? "a string" : value instanceof Boolean ? "a boolean"
                : value == null ? "null" : "a number";
        return array ? "the element is " + what + ", not a JSON object; each element of the array must be one JSON object"
                : JsonLines.notAnObject(what);
    }

    /** Marks a key absent from the record (as opposed to present with JSON null). */
    private static final Object MISSING = new Object();

    private static Object at(Map<?, ?> object, List<String> path) {
        Object value = object;
        for (String key : path) {
            if (!(value instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return MISSING;
            }
            value = map.get(key);
        }
        return value;
    }

    /** The first key found twice in a record, and the column it would have filled. */
    private static final class Duplicate {
        String key;
        String label;
    }

    /**
     * A JSON value as maps, lists, strings, booleans, {@link JsonTarget.Literal}s and null; the
     * first repeated key is noted, and every token is copied as it was to {@code raw} (when not null).
     */
    private Object read(JsonParser parser, JsonToken token, List<String> path, Duplicate duplicate, JsonGenerator raw) throws IOException {
        if (raw != null) {
            raw.copyCurrentEventExact(parser);
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                String name;
                while ((name = parser.nextFieldName()) != null) {
                    if (raw != null) {
                        raw.copyCurrentEvent(parser);
                    }
                    path.add(name);
                    if (object.containsKey(name) && duplicate.key == null) {
                        duplicate.key = name;
                        duplicate.label = String.join(flatten ? JsonSchema.SEPARATOR : ".", path);
                    }
                    object.put(name, read(parser, parser.nextToken(), path, duplicate, raw));
                    path.remove(path.size() - 1);
                }
                if (raw != null) {
                    raw.copyCurrentEvent(parser);
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken next;
                while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                    list.add(read(parser, next, path, duplicate, raw));
                }
                if (raw != null) {
                    raw.copyCurrentEvent(parser);
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new JsonTarget.Literal(parser.getText());
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new IllegalStateException("unexpected JSON token " + token);
        }
    }

    /** Compact JSON text, numbers as written. */
    static String json(Object value) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator generator = JsonProfile.FACTORY.createGenerator(bytes)) {
            write(generator, value);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void write(JsonGenerator generator, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                generator.writeFieldName((String) entry.getKey());
                write(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List<?> list) {
            generator.writeStartArray();
            for (Object element : list) {
                write(generator, element);
            }
            generator.writeEndArray();
        } else if (value instanceof JsonTarget.Literal number) {
            generator.writeNumber(number.text());
        } else if (value instanceof String text) {
            generator.writeString(text);
        } else if (value instanceof Boolean bool) {
            generator.writeBoolean(bool);
        } else {
            generator.writeNull();
        }
    }
}
