package io.tributary.spi;

/** A destination database refused or failed; the message names the connection and table and never holds a secret. */
public class DestinationException extends Exception {
    public DestinationException(String message) {
        super(message);
    }

    public DestinationException(String message, Throwable cause) {
        super(message, cause);
    }
}
