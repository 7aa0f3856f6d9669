package io.tributary.connectors.file;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Turns DuckDB's byte positions into the file's real 1-based line numbers (header = line 1).
 *
 * <p>Why: {@code read_csv}'s reject table reports {@code line} as a <em>record</em> number, so every
 * quoted field with an embedded newline before a bad row shifts it from the line a person sees in
 * an editor. Its {@code line_byte_position} is exact, though: one past the first byte of the line
 * for LF and lone-CR files, and the {@code \n} of the previous line's CRLF for CRLF files. Counting
 * line breaks ({@code \n}, {@code \r\n}, lone {@code \r}) in bytes {@code [0, position - 1]} gives
 * the lines before the bad one in every case. Positions count bytes of the text as DuckDB decodes
 * it to UTF-8 (after gunzip, after transcoding latin-1 or UTF-16, a BOM included), so this class
 * counts the same way. Positions must be asked in ascending order: the file is read once.
 */
final class LineLocator implements AutoCloseable {
    private final InputStream bytes;
    private final byte[] buffer = new byte[1 << 16];
    private int index;
    private int length;
    private long consumed;
    private long breaks;
    private boolean pendingCr;
    private boolean crCounted;

    private LineLocator(InputStream bytes) {
        this.bytes = bytes;
    }

    /** A locator for {@code file} read in {@code encoding} (null or utf-8 for UTF-8), or null when its positions cannot be mapped. */
    static LineLocator open(Path file, String encoding) throws IOException {
        InputStream text = decoded(file, encoding);
        return text == null ? null : new LineLocator(text);
    }

    /**
     * The bytes DuckDB's positions count: {@code file} gunzipped and transcoded to UTF-8, buffered;
     * null for a compression this class cannot undo.
     */
    static InputStream decoded(Path file, String encoding) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gzip = name.endsWith(".gz");
        if (!gzip && (name.endsWith(".zst") || name.endsWith(".bz2") || name.endsWith(".xz"))) {
            return null;
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (gzip) {
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        String charset = encoding == null ? "utf-8" : encoding.toLowerCase(Locale.ROOT);
        if (charset.equals("utf-8") || charset.equals("utf8")) {
            return in;
        }
        return new BufferedInputStream(new Utf8Bytes(in, charset), 1 << 16);
    }

    /**
     * The 1-based line holding {@code linePosition}, DuckDB's {@code line_byte_position}.
     * Positions of 0 (unknown) give 0.
     */
    long lineOf(long linePosition) throws IOException {
        if (linePosition <= 0) {
            return 0;
        }
        long last = linePosition - 1;
        while (consumed <= last) {
            if (index == length) {
                length = bytes.read(buffer);
                index = 0;
                if (length < 0) {
                    length = 0;
                    break;
                }
                continue;
            }
            byte b = buffer[index++];
            consumed++;
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    if (!crCounted) {
                        breaks++;
                    }
                    crCounted = false;
                    continue;
                }
                if (!crCounted) {
                    breaks++;
                }
                crCounted = false;
            }
            if (b == '\n') {
                breaks++;
            } else if (b == '\r') {
                pendingCr = true;
            }
        }
        if (pendingCr && !crCounted) {
            // the range ends on a CR: it ends a line whether or not an LF follows; never count the pair twice
            breaks++;
            crCounted = true;
        }
        return breaks + 1;
    }

    @Override
    public void close() throws IOException {
        bytes.close();
    }

    /** The UTF-8 bytes of a file in another encoding, as DuckDB transcodes it (a BOM is kept as U+FEFF). */
    private static final class Utf8Bytes extends InputStream {
        private final BufferedReader reader;
        private final byte[] pending = new byte[4];
        private int pendingLength;
        private int pendingIndex;

        Utf8Bytes(InputStream in, String encoding) throws IOException {
            in.mark(4);
            int first = in.read();
            int second = in.read();
            in.reset();
            Charset charset = switch (encoding) {
                case "latin-1", "latin1", "iso-8859-1" -> StandardCharsets.ISO_8859_1;
                // The explicit byte orders keep the BOM as a character, as DuckDB does; plain UTF-16 would drop it.
                case "utf-16", "utf16" -> first == 0xFE && second == 0xFF ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_16LE;
                default -> Charset.forName(encoding);
            };
            this.reader = new BufferedReader(new InputStreamReader(in, charset), 1 << 16);
        }

        @Override
        public int read() throws IOException {
            if (pendingIndex < pendingLength) {
                return pending[pendingIndex++] & 0xFF;
            }
            int c = reader.read();
            if (c < 0) {
                return -1;
            }
            int codePoint = c;
            if (Character.isHighSurrogate((char) c)) {
                int low = reader.read();
                codePoint = low >= 0 && Character.isLowSurrogate((char) low) ? Character.toCodePoint((char) c, (char) low) : 0xFFFD;
            }
            byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
            System.arraycopy(utf8, 0, pending, 0, utf8.length);
            pendingLength = utf8.length;
            pendingIndex = 1;
            return pending[0] & 0xFF;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
