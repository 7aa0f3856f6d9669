package io.tributary.spi;

/**
 * A source could not be read. The message is for the user: it names the file, URL or table, says
 * what went wrong and what to do, and never contains a secret.
 *
 * <p>A source that fails part-way may say how much it had read by then ({@link #rowsRead()},
 * {@link #bytesRead()}): a failed run's history counts what it read, although nothing of it is published.
 */
public class SourceException extends Exception {
    private final long rowsRead;
    private final long bytesRead;

    public SourceException(String message) {
        this(message, null);
    }

    public SourceException(String message, Throwable cause) {
        this(message, cause, 0, 0);
    }

    /** A failure after {@code rowsRead} rows and {@code bytesRead} bytes of the unit had been read. */
    public SourceException(String message, Throwable cause, long rowsRead, long bytesRead) {
        super(message, cause);
        this.rowsRead = rowsRead;
        this.bytesRead = bytesRead;
    }

    /** Rows of the failing unit read before the failure (none of them staged). */
    public long rowsRead() {
        return rowsRead;
    }

    /** Bytes of the failing unit read before the failure. */
    public long bytesRead() {
        return bytesRead;
    }
}
