package io.tributary.schedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code after:}: when a pipeline runs after others. The window is the upstreams' fire time: once
 * every upstream's scheduled run for one fire time has ended, the downstream is {@link Ready} for
 * that fire time, to run if all of them succeeded, else to be recorded skipped with the reason.
 * A downstream that is itself upstream of another forms the next window when it ends, with the same
 * fire time. Each ended run carries a payload (the server: the runs so far, so that the models
 * downstream of the whole group are built once, after it).
 *
 * <p>Upstreams are expected to share one schedule: a window whose other upstreams never run for its
 * fire time never completes, and only the newest {@link #OPEN_WINDOWS} windows per downstream are kept.
 *
 * @param <T> what an ended run carries on to its downstream
 */
public final class AfterGroups<T> {
    /** Windows kept waiting per downstream; older ones are dropped (their fire time is long past). */
    public static final int OPEN_WINDOWS = 100;

    /**
     * A downstream's window is complete.
     *
     * @param run      all upstreams succeeded: run it; else record it skipped with {@code reason}
     * @param payloads the upstreams' payloads, in its {@code after:} order
     */
    public record Ready<T>(String pipeline, Instant fireTime, boolean run, String reason, List<T> payloads) {}

    private record Ended<T>(boolean succeeded, String why, T payload) {}

    private final Map<String, List<String>> after = new LinkedHashMap<>();
    private final Map<String, LinkedHashMap<Instant, Map<String, Ended<T>>>> windows = new LinkedHashMap<>();

    /** @param after each downstream's upstreams (pipelines without {@code after:} may be left out) */
    public AfterGroups(Map<String, List<String>> after) {
        after.forEach((downstream, upstreams) -> {
            if (!upstreams.isEmpty()) {
                this.after.put(downstream, List.copyOf(upstreams));
            }
        });
    }

    /** Whether a pipeline is upstream of any other: its scheduled runs then feed a window. */
    public boolean hasDownstream(String pipeline) {
        return after.values().stream().anyMatch(upstreams -> upstreams.contains(pipeline));
    }

    /**
     * A scheduled run of {@code pipeline} for {@code fireTime} ended; returns the downstreams this
     * completed a window of.
     *
     * @param why when it did not succeed: what happened (e.g. "failed: ..." or "was skipped: ...")
     */
    public synchronized List<Ready<T>> ended(String pipeline, Instant fireTime, boolean succeeded, String why, T payload) {
        List<Ready<T>> ready = new ArrayList<>();
        after.forEach((downstream, upstreams) -> {
            if (!upstreams.contains(pipeline)) {
                return;
            }
            LinkedHashMap<Instant, Map<String, Ended<T>>> open = windows.computeIfAbsent(downstream, d -> new LinkedHashMap<>());
            Map<String, Ended<T>> window = open.computeIfAbsent(fireTime, f -> new LinkedHashMap<>());
            window.put(pipeline, new Ended<>(succeeded, why, payload));
            if (!window.keySet().containsAll(upstreams)) {
                while (open.size() > OPEN_WINDOWS) {
                    open.remove(open.keySet().iterator().next());
                }
                return;
            }
            open.remove(fireTime);
            List<String> reasons = new ArrayList<>();
            List<T> payloads = new ArrayList<>();
            for (String upstream : upstreams) {
                Ended<T> end = window.get(upstream);
                payloads.add(end.payload());
                if (!end.succeeded()) {
                    reasons.add(upstream + " " + end.why());
                }
            }
            ready.add(new Ready<>(downstream, fireTime, reasons.isEmpty(), reasons.isEmpty() ? null
                    : "it runs after " + String.join(", ", upstreams) + " when their runs for " + fireTime + " have all succeeded, but "
                            + String.join("; ", reasons), List.copyOf(payloads)));
        });
        return ready;
    }
}
