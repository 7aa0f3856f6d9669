package io.tributary.metadata;

/**
 * What a run read and did with it: {@code read = loaded + rejected} (later also + filtered + quarantined).
 *
 * @param units files, tables or endpoints the run loaded
 */
public record RunCounts(long read, long loaded, long rejected, long bytes, int units) {
    public static final RunCounts NONE = new RunCounts(0, 0, 0, 0, 0);
}
