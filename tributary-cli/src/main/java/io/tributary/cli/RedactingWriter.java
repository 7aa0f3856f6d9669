package io.tributary.cli;

import io.tributary.config.Secrets;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * A writer that masks every known secret value in what passes through it: the last line of defence.
 * It sees one write at a time, so a secret split across two writes is not masked; commands print whole
 * lines or values.
 */
final class RedactingWriter extends PrintWriter {
    RedactingWriter(OutputStream stream) {
        super(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    RedactingWriter(Writer writer) {
        super(writer, true);
    }

    @Override
    public void write(String text, int offset, int length) {
        String redacted = Secrets.redact(text.substring(offset, offset + length));
        super.write(redacted, 0, redacted.length());
    }

    /** Character arrays too (JSON output is written this way). */
    @Override
    public void write(char[] buffer, int offset, int length) {
        write(new String(buffer, offset, length), 0, length);
    }
}
