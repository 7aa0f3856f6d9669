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
    private final boolean unreachable;

    public SourceException(String message) {
        this(message, null);
    }

    public SourceException(String message, Throwable cause) {
        this(message, cause, 0, 0);
    }

    /** A failure after {@code rowsRead} rows and {@code bytesRead} bytes of the unit had been read. */
    public SourceException(String message, Throwable cause, long rowsRead, long bytesRead) {
        this(message, cause, rowsRead, bytesRead, false);
    }

    private SourceException(String message, Throwable cause, long rowsRead, long bytesRead, boolean unreachable) {
        super(message, cause);
        this.rowsRead = rowsRead;
        this.bytesRead = bytesRead;
        this.unreachable = unreachable;
    }

    /**
     * The source could not be reached at all: a host that does not answer, a refused login, a missing
     * file or folder. Worth retrying later, unlike data that cannot be loaded.
     */
    public static SourceException unreachable(String message, Throwable cause) {
        return new SourceException(message, cause, 0, 0, true);
    }

    /** True when the source could not be reached (see {@link #unreachable}). */
    public boolean isUnreachable() {
        return unreachable;
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
