package io.tributary.error;

/** The process exit codes, one place for all commands. */
public final class ExitCode {
    public static final int OK = 0;
    /** A run (or a command's work) failed. */
    public static final int RUN_FAILED = 1;
    /** The project, a pipeline file or the command line is invalid. */
    public static final int INVALID_INPUT = 2;

    private ExitCode() {}
}
