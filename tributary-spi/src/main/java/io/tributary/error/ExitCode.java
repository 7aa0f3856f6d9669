package io.tributary.error;

/** The process exit codes, one place for all commands. */
public final class ExitCode {
    public static final int OK = 0;
    /** A run (or a command's work) failed. */
    public static final int RUN_FAILED = 1;
    /** The project, a pipeline file or the command line is invalid. */
    public static final int INVALID_INPUT = 2;
    /**
     * The warehouse or the pipeline is in use by another run or process: nothing was done, try again
     * later. 75 is {@code EX_TEMPFAIL} of sysexits.h, which schedulers know as "retry".
     */
    public static final int BUSY = 75;

    private ExitCode() {}

    /** The exit code for an error of this kind. */
    public static int of(ErrorKind kind) {
        return switch (kind) {
            case INVALID_INPUT -> INVALID_INPUT;
            case BUSY -> BUSY;
            case SOURCE_UNREACHABLE, RUN_FAILED, INTERNAL -> RUN_FAILED;
        };
    }

    static ErrorKind kindOf(int exitCode) {
        return switch (exitCode) {
            case INVALID_INPUT -> ErrorKind.INVALID_INPUT;
            case BUSY -> ErrorKind.BUSY;
            default -> ErrorKind.RUN_FAILED;
        };
    }
}
