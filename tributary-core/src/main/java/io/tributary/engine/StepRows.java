package io.tributary.engine;

/**
 * The rows before and after one transform step that changes their number ({@code filter},
 * {@code dedupe}, {@code explode}), for the run's summary.
 *
 * @param step    the step as messages name it: {@code transform[1] filter (orders.yml:9:5)}
 * @param kind    {@code filter}, {@code dedupe} or {@code explode}
 */
public record StepRows(String step, String kind, long rowsIn, long rowsOut) {

    /** Rows the step removed (filter, dedupe): counted as filtered. */
    public long filtered() {
        return "explode".equals(kind) ? 0 : rowsIn - rowsOut;
    }

    /** Rows the step added (explode: one per element beyond the first). */
    public long added() {
        return "explode".equals(kind) ? rowsOut - rowsIn : 0;
    }

    /** {@code transform[1] filter (orders.yml:9:5): 1 of 4 rows filtered}, one line of the summary. */
    public String describe() {
        if ("explode".equals(kind)) {
            return step + ": " + rowsIn + (rowsIn == 1 ? " row" : " rows") + " became " + rowsOut + " (" + added() + " added)";
        }
        return step + ": " + filtered() + " of " + rowsIn + (rowsIn == 1 ? " row" : " rows") + " filtered";
    }
}
