package io.tributary.error;

import io.tributary.config.Secrets;

/**
 * An error meant for the user: its message says what went wrong, where, and what to do. Its
 * {@link #kind()} says what sort of failure it is; the CLI maps kinds to exit codes in one place (and
 * prints the message without a stack trace), the server to HTTP statuses.
 */
public class TributaryException extends RuntimeException {
    private final ErrorKind kind;

    public TributaryException(ErrorKind kind, String message) {
        super(Secrets.redact(message));
        this.kind = kind;
    }

    public TributaryException(ErrorKind kind, String message, Throwable cause) {
        super(Secrets.redact(message), cause);
        this.kind = kind;
    }

    /** @deprecated name the {@link ErrorKind} instead of an exit code. */
    @Deprecated
    public TributaryException(int exitCode, String message) {
        this(ExitCode.kindOf(exitCode), message);
    }

    /** @deprecated name the {@link ErrorKind} instead of an exit code. */
    @Deprecated
    public TributaryException(int exitCode, String message, Throwable cause) {
        this(ExitCode.kindOf(exitCode), message, cause);
    }

    public ErrorKind kind() {
        return kind;
    }

    public int exitCode() {
        return ExitCode.of(kind);
    }

    public static TributaryException invalid(String message) {
        return new TributaryException(ErrorKind.INVALID_INPUT, message);
    }

    public static TributaryException failed(String message) {
        return new TributaryException(ErrorKind.RUN_FAILED, message);
    }

    public static TributaryException busy(String message) {
        return new TributaryException(ErrorKind.BUSY, message);
    }
}
