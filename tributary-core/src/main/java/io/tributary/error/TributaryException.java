package io.tributary.error;

import io.tributary.config.Secrets;

/**
 * An error meant for the user: its message says what went wrong, where, and what to do. The CLI
 * maps it to {@link #exitCode()} in one place and prints the message without a stack trace.
 */
public class TributaryException extends RuntimeException {
    private final int exitCode;

    public TributaryException(int exitCode, String message) {
        super(Secrets.redact(message));
        this.exitCode = exitCode;
    }

    public TributaryException(int exitCode, String message, Throwable cause) {
        super(Secrets.redact(message), cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static TributaryException invalid(String message) {
        return new TributaryException(ExitCode.INVALID_INPUT, message);
    }

    public static TributaryException failed(String message) {
        return new TributaryException(ExitCode.RUN_FAILED, message);
    }
}
