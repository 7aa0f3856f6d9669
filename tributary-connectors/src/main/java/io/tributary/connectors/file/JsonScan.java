package io.tributary.connectors.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.tributary.spi.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;

/** The one streaming pass over a JSON file that fills its {@link JsonProfile}. */
final class JsonScan {
    private JsonScan() {}

    /**
     * Reads {@code file} once. In an array file the records are the elements of the top-level
     * array; otherwise every top-level value is one (one a line, or pretty-printed). When a file
     * that is not an array turns out not to be one valid stream of JSON values, reading goes on
     * line by line from the line where that went wrong, each line that parses on its own as an
     * object counting as a record ({@link JsonProfile#byLines()}), so that the profile still covers every
     * record that can load.
     *
     * @param cancelled polled between records, to stop early when the result is no longer needed
     */
    static JsonProfile scan(Path file, boolean array, BooleanSupplier cancelled) throws IOException {
        JsonProfile profile = new JsonProfile();
        Scanner scanner = null;
        try (InputStream in = JsonProfile.open(file); JsonParser parser = JsonProfile.FACTORY.createParser(in)) {
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
        try (InputStream in = JsonProfile.open(file)) {
            JsonLineReader reader = new JsonLineReader(in);
            for (long number = 1; reader.next() && !cancelled.getAsBoolean(); number++) {
                int start = reader.startsWithBom() ? 3 : 0;
                if (number < from || JsonRewrite.blank(reader.bytes(), start, reader.length())) {
                    continue;
                }
                try (JsonParser parser = JsonProfile.FACTORY.createParser(reader.bytes(), start, reader.length() - start)) {
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
            object(profile.root());
            inRecord = false;
        }

        /** Reads the fields of an object whose START_OBJECT was just read; false when it has none. */
        private boolean object(JsonProfile.Node node) throws IOException {
            node.kinds |= JsonProfile.OBJECT;
            int position = 0;
            String name;
            while ((name = parser.nextFieldName()) != null) {
                value(parser.nextToken(), node.field(position++, name));
            }
            return position > 0;
        }

        private void value(JsonToken token, JsonProfile.Node node) throws IOException {
            switch (token) {
                case START_OBJECT -> object(node);
                case START_ARRAY -> {
                    node.kinds |= JsonProfile.ARRAY;
                    JsonToken next;
                    while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
                        value(next, node.element());
                    }
                }
                case VALUE_STRING -> node.kinds |= JsonProfile.STRING;
                case VALUE_TRUE, VALUE_FALSE -> node.kinds |= JsonProfile.BOOLEAN;
                case VALUE_NULL -> node.kinds |= JsonProfile.NULL;
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(node);
                default -> throw new IllegalStateException("unexpected JSON token " + token);
            }
        }

        /** Counts the digits of the number literal just read, in place (no object per number: there are millions). */
        private void number(JsonProfile.Node node) throws IOException {
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
                node.kinds |= JsonProfile.EXPONENT; // an exponent, or NaN / Infinity
                return;
            }
            if (scale > 0) {
                node.kinds |= JsonProfile.DECIMAL;
                node.scale = Math.max(node.scale, scale);
            } else {
                node.kinds |= fitsBigint(text, offset, end - offset, integer) ? JsonProfile.INTEGER : JsonProfile.BIG_INTEGER;
            }
            node.integerDigits = Math.max(node.integerDigits, integer);
        }
    }
}
