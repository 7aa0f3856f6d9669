package io.tributary.cli;

import io.tributary.config.Secrets;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** A writer that masks every known secret value in what passes through it: the last line of defence. */
final class RedactingWriter extends PrintWriter {
    RedactingWriter(OutputStream stream) {
        super(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    @Override
    public void write(String text, int offset, int length) {
        String redacted = Secrets.redact(text.substring(offset, offset + length));
        super.write(redacted, 0, redacted.length());
    }
}
