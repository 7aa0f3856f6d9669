package io.tributary.connectors.file;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;

/**
 * A copy of a CSV file without some of its physical lines, in UTF-8, in a temporary file, and the
 * way back from the copy's line numbers to the file's.
 *
 * <p>The copy holds the bytes DuckDB's positions count ({@link LineLocator#decoded}: gunzipped,
 * transcoded to UTF-8), so it is read as plain UTF-8 and its positions map to the same lines as
 * the file's. Lines end as {@link LineLocator} counts them ({@code \n}, {@code \r\n}, lone
 * {@code \r}); every byte of a kept line, its line break included, is copied unchanged.
 */
final class CleanCopy implements AutoCloseable {
    /** As much of a left-out line as is kept for its reject, like DuckDB's own {@code csv_line}. */
    private static final int KEPT_TEXT = 10_000;

    private final Path path;
    private final long[] leftOut;
    private final Map<Long, String> texts;

    private CleanCopy(Path path, long[] leftOut, Map<Long, String> texts) {
        this.path = path;
        this.leftOut = leftOut;
        this.texts = texts;
    }

    /** Writes {@code file} (read in {@code encoding}) without the 1-based lines {@code without}; null when the file cannot be decoded here. */
    static CleanCopy write(Path file, String encoding, NavigableSet<Long> without) throws IOException {
        InputStream in = LineLocator.decoded(file, encoding);
        if (in == null) {
            return null;
        }
        Path copy = Files.createTempFile("tributary-csv-", ".csv");
        Map<Long, String> texts = new HashMap<>();
        try (in; OutputStream out = new BufferedOutputStream(Files.newOutputStream(copy), 1 << 16)) {
            new Splitter(without, out, texts).copy(in);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(copy);
            throw e;
        }
        return new CleanCopy(copy, without.stream().mapToLong(Long::longValue).toArray(), texts);
    }

    Path path() {
        return path;
    }

    /** The file's line number of the copy's line {@code copyLine} (0 stays 0: unknown). */
    long fileLine(long copyLine) {
        if (copyLine <= 0) {
            return copyLine;
        }
        long line = copyLine;
        for (long out : leftOut) {
            if (out > line) {
                break;
            }
            line++;
        }
        return line;
    }

    /** The file's lines left out of the copy, ascending. */
    long[] leftOut() {
        return leftOut.clone();
    }

    /** The text of a left-out line without its line break (its first 10,000 characters). */
    String text(long fileLine) {
        return texts.get(fileLine);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(path);
    }

    /** Streams the bytes through, line by line, dropping the lines to leave out and keeping their text. */
    private static final class Splitter {
        private static final int COPY = 0;
        private static final int TEXT = 1;
        private static final int NOWHERE = 2;

        private final NavigableSet<Long> without;
        private final OutputStream out;
        private final Map<Long, String> texts;
        private final ByteArrayOutputStream dropped = new ByteArrayOutputStream();
        private long line = 1;
        /** The first line at or after {@code line} to leave out, or Long.MAX_VALUE. */
        private long nextLeftOut;
        private boolean dropping;
        private boolean afterCr;
        private boolean previousDropped;

        Splitter(NavigableSet<Long> without, OutputStream out, Map<Long, String> texts) {
            this.without = without;
            this.out = out;
            this.texts = texts;
            this.nextLeftOut = next(1);
            this.dropping = nextLeftOut == 1;
        }

        private long next(long from) {
            Long next = without.ceiling(from);
            return next == null ? Long.MAX_VALUE : next;
        }

        void copy(InputStream in) throws IOException {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                int runStart = 0;
                int runTarget = COPY;
                for (int i = 0; i < n; i++) {
                    byte b = buffer[i];
                    // the LF of a CRLF belongs to the line its CR ended, which is already behind us
                    boolean crlf = afterCr && b == '\n';
                    afterCr = false;
                    int target = crlf ? (previousDropped ? NOWHERE : COPY) : (dropping ? TEXT : COPY);
                    if (target != runTarget) {
                        write(buffer, runStart, i, runTarget);
                        runStart = i;
                        runTarget = target;
                    }
                    if (!crlf && (b == '\n' || b == '\r')) {
                        afterCr = b == '\r';
                        if (dropping) {
                            write(buffer, runStart, i + 1, runTarget);
                            runStart = i + 1;
                        }
                        endLine();
                    }
                }
                write(buffer, runStart, n, runTarget);
            }
            if (dropping && dropped.size() > 0) {
                endLine();
            }
        }

        /** Bytes copied, kept as the text of a line left out, or (a left-out line's LF) dropped. */
        private void write(byte[] buffer, int from, int to, int target) throws IOException {
            if (to <= from || target == NOWHERE) {
                return;
            }
            if (target == COPY) {
                out.write(buffer, from, to - from);
            } else if (dropped.size() < KEPT_TEXT * 4) {
                dropped.write(buffer, from, Math.min(to - from, KEPT_TEXT * 4 - dropped.size()));
            }
        }

        private void endLine() {
            if (dropping) {
                texts.put(line, textOf(dropped.toByteArray()));
                dropped.reset();
            }
            previousDropped = dropping;
            line++;
            if (line > nextLeftOut) {
                nextLeftOut = next(line);
            }
            dropping = line == nextLeftOut;
        }

        private static String textOf(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.UTF_8).replaceAll("[\r\n]+$", "");
            return text.length() > KEPT_TEXT ? text.substring(0, KEPT_TEXT) : text;
        }
    }

    @Override
    public String toString() {
        return path + " without lines " + Arrays.toString(leftOut);
    }
}
