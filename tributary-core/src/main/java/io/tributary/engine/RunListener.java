package io.tributary.engine;

import io.tributary.metadata.CheckResult;
import java.util.List;

/**
 * The events of a run, for whoever watches it: the console today, the run log, metrics and alerts
 * next. Called on the run's own thread, in order; a listener shared by runs going on at once must be
 * safe for that.
 */
public interface RunListener {

    default void started(long runId, String pipeline, String source) {}

    /** {@code skipped} units were unchanged since they were loaded; {@code noun} names a unit ({@code file}, {@code table}). */
    default void planned(int units, int skipped, String noun) {}

    /** A phase begins: planning, reading a unit, transforming, checking, publishing. */
    default void phaseStarted(String phase) {}

    default void phaseFinished(String phase, long millis) {}

    /** Progress of the unit being staged; {@code percent} is negative when unknown. */
    default void progress(String unit, long rows, double percent) {}

    default void staged(String unit, long loaded, long rejected, long millis) {}

    /** Something the user should know that does not fail the run. */
    default void warning(String message) {}

    /** One check's result, as it is known. */
    default void checked(CheckResult result) {}

    /** The run ended, published or not. */
    default void finished(RunResult result) {}

    RunListener NONE = new RunListener() {};

    /** Every event to each listener, in order. */
    static RunListener all(List<RunListener> listeners) {
        return new RunListener() {
            @Override
            public void started(long runId, String pipeline, String source) {
                listeners.forEach(l -> l.started(runId, pipeline, source));
            }

            @Override
            public void planned(int units, int skipped, String noun) {
                listeners.forEach(l -> l.planned(units, skipped, noun));
            }

            @Override
            public void phaseStarted(String phase) {
                listeners.forEach(l -> l.phaseStarted(phase));
            }

            @Override
            public void phaseFinished(String phase, long millis) {
                listeners.forEach(l -> l.phaseFinished(phase, millis));
            }

            @Override
            public void progress(String unit, long rows, double percent) {
                listeners.forEach(l -> l.progress(unit, rows, percent));
            }

            @Override
            public void staged(String unit, long loaded, long rejected, long millis) {
                listeners.forEach(l -> l.staged(unit, loaded, rejected, millis));
            }

            @Override
            public void warning(String message) {
                listeners.forEach(l -> l.warning(message));
            }

            @Override
            public void checked(CheckResult result) {
                listeners.forEach(l -> l.checked(result));
            }

            @Override
            public void finished(RunResult result) {
                listeners.forEach(l -> l.finished(result));
            }
        };
    }
}
