package io.tributary.spi;

import java.util.List;

/**
 * A configured source (phase one done, by its {@link SourceFactory}). One object serves every run of
 * its pipeline, so it keeps no state of a run in its fields: what a run learns lives in the
 * {@link SourceRead} it opens. For each run the engine calls {@link #plan} once, then {@link #read}
 * once, then {@link SourceRead#stage} for each unit in order, then commits the data together with
 * each staged unit's {@link StagedUnit#state()} in one transaction.
 */
public interface Source {

    /** A one-line description for summaries, e.g. {@code csv files data/orders/*.csv}. */
    String describe();

    /**
     * True when the source fills only tables of its own ({@link StagedStream}s) that each carry their
     * merge key (a database source with {@code tables:}: each table's primary key), so a merge needs
     * no {@code load.key}.
     */
    default boolean keysItsTables() {
        return false;
    }

    /**
     * True when the units of each run are the whole state of the pipeline: the entries of other unit
     * keys are deleted when the run publishes (an API source keyed by the address it reads: after it
     * moved to another shop, the old shop's cursor must not stay behind). False for sources whose
     * state accumulates over runs, such as the files loaded so far.
     */
    default boolean replacesState() {
        return false;
    }

    /**
     * Why this source cannot read one time window of a backfill ({@link #within}), shown to the user
     * after the pipeline's name; null when it can. Only sources that select rows by a time cursor can.
     */
    default String cannotBackfill() {
        return "its source (" + describe() + ") has no time cursor to select a window's rows by; backfills need a database source "
                + "with incremental: {cursor: <timestamp or date column>}";
    }

    /**
     * This source reading only the rows whose time cursor lies in {@code window}, for one run of a
     * backfill: it ignores the saved state (the run publishes none, so the pipeline's incremental
     * position does not move). Called only when {@link #cannotBackfill()} is null.
     */
    default Source within(TimeWindow window) {
        throw new UnsupportedOperationException(cannotBackfill());
    }

    /** What one unit is called in progress lines ("3 files to read"): file, table, endpoint. */
    default String unitNoun() {
        return "file";
    }

    /**
     * Decides what this run reads. {@code state} holds what the last successful runs committed
     * (empty on the first run, on {@code --full-refresh}, and in {@code replace} mode, where every
     * run reads everything). Returning no units means there is nothing new.
     *
     * @throws SourceException when the source cannot be read (a missing file, say); its message is shown to the user
     */
    List<SourceUnit> plan(SourceState state) throws SourceException;

    /**
     * Opens this run's reading of the planned {@code units}, with the same state: the place to decide
     * what the units must share (a file source gives a column one type and one date order across all
     * the run's files, and keeps the decision in the units' states for later runs). Not called when
     * there is nothing to stage.
     */
    SourceRead read(List<SourceUnit> units, SourceState state, Staging staging) throws SourceException;

    /** One run's reading of its units. */
    @FunctionalInterface
    interface SourceRead {
        /**
         * Reads one unit into a new table of the staging area. Rows that cannot be read are written to
         * {@link Staging#rejects()} with a reason; the returned counts must satisfy
         * {@code read = loaded + rejected}.
         */
        StagedUnit stage(SourceUnit unit) throws SourceException;
    }
}
