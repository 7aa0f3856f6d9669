package io.tributary.spi;

/**
 * What a run read and did with it: {@code read = loaded + rejected} (blank lines of text files are no
 * rows, so they are counted beside).
 *
 * @param units        files, tables or endpoints the run loaded
 * @param skippedBlank blank lines of CSV files skipped, neither rows nor rejects
 */
public record RunCounts(long read, long loaded, long rejected, long bytes, int units, long skippedBlank) {
    public static final RunCounts NONE = new RunCounts(0, 0, 0, 0, 0, 0);

    public RunCounts(long read, long loaded, long rejected, long bytes, int units) {
        this(read, loaded, rejected, bytes, units, 0);
    }
}
