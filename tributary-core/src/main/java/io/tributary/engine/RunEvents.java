package io.tributary.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run told its listener, kept to be told again elsewhere: the server records a run the CLI asked
 * for, and the CLI replays it into its own printer, so a run through the server prints what a run in
 * the CLI's own process prints. Progress ticks are not kept: they depend on time, not on the run.
 */
public final class RunEvents implements RunListener {
    /** One event; only the fields of its {@code type} are set. */
    public record Event(String type, long runId, String pipeline, String source, int units, int skipped, String noun,
                        String unit, long loaded, long rejected, long millis) {}

    private final List<Event> events = new ArrayList<>();

    @Override
    public synchronized void started(long runId, String pipeline, String source) {
        events.add(new Event("started", runId, pipeline, source, 0, 0, null, null, 0, 0, 0));
    }

    @Override
    public synchronized void planned(int units, int skipped, String noun) {
        events.add(new Event("planned", 0, null, null, units, skipped, noun, null, 0, 0, 0));
    }

    @Override
    public synchronized void staged(String unit, long loaded, long rejected, long millis) {
        events.add(new Event("staged", 0, null, null, 0, 0, null, unit, loaded, rejected, millis));
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Tells {@code listener} the events in order, then that the run ended with {@code result}. */
    public static void replay(List<Event> events, RunResult result, RunListener listener) {
        for (Event event : events) {
            switch (event.type()) {
                case "started" -> listener.started(event.runId(), event.pipeline(), event.source());
                case "planned" -> listener.planned(event.units(), event.skipped(), event.noun());
                case "staged" -> listener.staged(event.unit(), event.loaded(), event.rejected(), event.millis());
                default -> { } // an event a newer server knows: nothing to print for it here
            }
        }
        listener.finished(result);
    }
}
