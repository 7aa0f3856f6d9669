package io.tributary.connectors.file;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** A file's lines as bytes, up to {@link JsonLines#MAX_LINE_BYTES} long, without their line end. */
final class JsonLineReader {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private int length;
    private boolean first = true;
    private boolean bom;

    JsonLineReader(InputStream in) {
        this.in = in;
    }

    boolean next() throws IOException {
        length = 0;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return finish(any);
                }
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            append(start, position);
            if (position < limit) {
                position++;
                return finish(true);
            }
        }
    }

    private boolean finish(boolean any) {
        bom = first && any && length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF;
        first &= !any;
        return any;
    }

    private void append(int from, int to) throws IOException {
        int n = to - from;
        if ((long) length + n > JsonLines.MAX_LINE_BYTES) {
            throw new IOException("a line is longer than " + (JsonLines.MAX_LINE_BYTES >> 20) + " MB");
        }
        if (length + n > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
        System.arraycopy(buffer, from, line, length, n);
        length += n;
    }

    byte[] bytes() {
        return line;
    }

    int length() {
        return length;
    }

    /** True when this is the first line and it starts with a UTF-8 byte-order mark. */
    boolean startsWithBom() {
        return bom;
    }
}
