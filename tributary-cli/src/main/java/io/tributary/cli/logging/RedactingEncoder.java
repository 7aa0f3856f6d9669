package io.tributary.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import io.tributary.config.Secrets;
import java.nio.charset.StandardCharsets;

/**
 * Masks every known secret in what a log encoder writes, text or JSON alike: a message or an exception
 * may quote a URL or a driver's error holding a password. The mask ({@link Secrets#MASK}) needs no
 * escaping in JSON, so the line stays valid.
 */
final class RedactingEncoder extends EncoderBase<ILoggingEvent> {
    private final Encoder<ILoggingEvent> encoder;

    RedactingEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public byte[] headerBytes() {
        return encoder.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] bytes = encoder.encode(event);
        String text = new String(bytes, StandardCharsets.UTF_8);
        String redacted = Secrets.redact(text);
        return redacted.equals(text) ? bytes : redacted.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return encoder.footerBytes();
    }
}
