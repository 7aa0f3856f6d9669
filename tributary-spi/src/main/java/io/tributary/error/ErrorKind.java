package io.tributary.error;

import java.util.Locale;

/**
 * What kind of failure an error is, decided where it happens. The CLI maps kinds to exit codes and
 * the server to HTTP statuses, each in one place; the run history stores the kind with the message.
 */
public enum ErrorKind {
    /** The project, a pipeline file, a command line or a request is wrong: fix it, retrying won't help. */
    INVALID_INPUT,
    /** The warehouse or the pipeline is in use by another run or process: retry later. */
    BUSY,
    /** A source or destination could not be reached (network, authentication, a missing file). */
    SOURCE_UNREACHABLE,
    /** The run failed on the data: rejects past max_rejected, a failing check, a schema change it may not make. */
    RUN_FAILED,
    /** A bug or an unexpected failure inside Tributary. */
    INTERNAL;

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ErrorKind parse(String word) {
        return word == null ? null : valueOf(word.toUpperCase(Locale.ROOT));
    }
}
