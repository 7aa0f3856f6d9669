package io.tributary.connectors.file;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The original bytes of rejected lines that are not valid UTF-8. DuckDB's own copy of such a line
 * shows each bad byte (and sometimes the bytes after it) as {@code ?}, so the text of the file is
 * lost; here the line is read again from the file at DuckDB's byte position and written as text in
 * which every byte is recoverable: valid UTF-8 as it is, every other byte as {@code \xHH}, and a
 * backslash of the line as {@code \\}. Positions must be asked in ascending order: the file is read once.
 */
final class RawLines implements AutoCloseable {
    /** A line longer than this is cut: a reject's raw text is for a person to read. */
    private static final int MAX_BYTES = 1 << 20;

    private final InputStream in;
    private long consumed;

    private RawLines(InputStream in) {
        this.in = new BufferedInputStream(in, 1 << 16);
    }

    /** The lines of {@code file} as DuckDB reads them (gunzipped), or null when it cannot be read here. */
    static RawLines open(Path file) throws IOException {
        InputStream in = CsvLines.open(file);
        return in == null ? null : new RawLines(in);
    }

    /**
     * The {@code lines} lines starting at DuckDB's {@code line_byte_position}: one past the line's
     * first byte, or at the line break before it (CRLF files), which is skipped. Null when the file
     * ends before.
     */
    String at(long linePosition, int lines) throws IOException {
        long start = Math.max(0, linePosition - 1);
        while (consumed < start) {
            long skipped = in.skip(start - consumed);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    return null;
                }
                skipped = 1;
            }
            consumed += skipped;
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int left = lines;
        int b;
        while ((b = in.read()) >= 0) {
            consumed++;
            if (b == '\n' || b == '\r') {
                if (line.size() == 0) {
                    continue;
                }
                if (b == '\n' && --left == 0) {
                    break;
                }
            }
            if (line.size() < MAX_BYTES) {
                line.write(b);
            }
        }
        return render(line.toByteArray());
    }

    /** {@code bytes} as text: valid UTF-8 as it is (a backslash doubled), each other byte as {@code \xHH}. */
    static String render(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer input = ByteBuffer.wrap(bytes);
        CharBuffer output = CharBuffer.allocate(bytes.length);
        StringBuilder text = new StringBuilder(bytes.length + 16);
        while (true) {
            CoderResult result = decoder.decode(input, output, true);
            output.flip();
            text.append(output.toString().replace("\\", "\\\\"));
            output.clear();
            if (result.isError()) {
                for (int i = 0; i < result.length(); i++) {
                    text.append("\\x").append(HexFormat.of().withUpperCase().toHexDigits(input.get()));
                }
            } else if (result.isUnderflow()) {
                break;
            }
        }
        return trimLineBreak(text);
    }

    private static String trimLineBreak(StringBuilder text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\n')) {
            end--;
        }
        return text.substring(0, end);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
