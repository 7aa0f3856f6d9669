package io.tributary.spi;

/**
 * What a run read and did with it: {@code read = loaded + rejected + filtered + quarantined}, so no row
 * goes unaccounted (blank lines of text files are no rows, so they are counted beside). A transform's
 * {@code explode} adds rows, which {@code loaded} counts: then {@code read + exploded = loaded + rejected
 * + filtered + quarantined}, the exploded count being in the run's result, not here.
 *
 * @param units        files, tables or endpoints the run loaded
 * @param skippedBlank blank lines of CSV files skipped, neither rows nor rejects
 * @param filtered     rows a transform step removed on purpose ({@code filter}, {@code dedupe})
 * @param quarantined  rows a quarantining check set aside in {@code <table>__quarantine} instead of the table
 */
public record RunCounts(long read, long loaded, long rejected, long bytes, int units, long skippedBlank, long filtered,
                        long quarantined) {
    public static final RunCounts NONE = new RunCounts(0, 0, 0, 0, 0, 0, 0, 0);

    public RunCounts(long read, long loaded, long rejected, long bytes, int units, long skippedBlank) {
        this(read, loaded, rejected, bytes, units, skippedBlank, 0, 0);
    }

    public RunCounts(long read, long loaded, long rejected, long bytes, int units) {
        this(read, loaded, rejected, bytes, units, 0);
    }
}
