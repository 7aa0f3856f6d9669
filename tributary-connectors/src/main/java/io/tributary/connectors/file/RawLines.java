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

    private static final String HINT = " (the raw text shows each byte that is not UTF-8 as \\xHH; if the file was saved as Latin-1 "
            + "or Windows-1252, set csv.encoding: latin-1)";

    private final Path file;
    private final boolean utf8;
    private InputStream in;
    private long consumed;

    private RawLines(Path file, boolean utf8) {
        this.file = file;
        this.utf8 = utf8;
    }

    /** The raw text and reason of one reject. */
    record Text(String raw, String reason) {}

    /**
     * For the rejects of {@code file} read in {@code encoding} (null for UTF-8). It is opened on the
     * first reject that needs it; in another encoding every byte decodes and DuckDB's text stands.
     */
    static RawLines of(Path file, String encoding) {
        return new RawLines(file, encoding == null || encoding.equals("utf-8"));
    }

    /**
     * DuckDB's {@code raw} and {@code reason} of a reject at {@code linePosition}, or, for a line
     * that is not valid UTF-8 ({@code undecodable}), its original bytes and a reason that says how
     * to read them and what to do.
     */
    Text text(String raw, String reason, long linePosition, boolean undecodable) throws IOException {
        if (!undecodable || !utf8 || linePosition <= 0 || raw == null) {
            return new Text(raw, reason);
        }
        if (in == null) {
            InputStream opened = CsvLines.open(file);
            if (opened == null) {
                return new Text(raw, reason);
            }
            in = new BufferedInputStream(opened, 1 << 16);
        }
        String original = at(linePosition, 1 + (int) raw.chars().filter(c -> c == '\n').count());
        return original == null ? new Text(raw, reason) : new Text(original, reason + HINT);
    }

    /**
     * The {@code lines} lines starting at DuckDB's {@code line_byte_position}: one past the line's
     * first byte, or at the line break before it (CRLF files), which is skipped. Null when the file
     * ends before.
     */
    private String at(long linePosition, int lines) throws IOException {
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
    public void close() {
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // only read from; nothing to lose
            }
        }
    }
}
