package io.tributary.spi;

/**
 * A source could not be read. The message is for the user: it names the file, URL or table, says
 * what went wrong and what to do, and never contains a secret.
 */
public class SourceException extends Exception {
    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
