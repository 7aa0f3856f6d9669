package io.tributary.engine;

/** What a run tells whoever watches it (the CLI prints it; the server will record it). */
public interface RunListener {

    default void started(long runId, String pipeline, String source) {}

    /** {@code skipped} units were unchanged since they were loaded. */
    default void planned(int units, int skipped) {}

    /** {@code noun} names a unit of this source ({@code file}, {@code table}, {@code endpoint}). */
    default void planned(int units, int skipped, String noun) {
        planned(units, skipped);
    }

    /** Progress of the unit being staged; {@code percent} is negative when unknown. */
    default void progress(String unit, long rows, double percent) {}

    default void staged(String unit, long loaded, long rejected, long millis) {}

    /** Something the user should know that does not fail the run. */
    default void warning(String message) {}

    RunListener NONE = new RunListener() {};
}
