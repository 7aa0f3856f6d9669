package io.tributary.server;

import io.tributary.app.Backfills;
import io.tributary.engine.RunEvents;
import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.spi.TimeWindow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The window runs of one backfill on the server, as they end, for {@code GET /api/backfills/{id}/runs}. */
final class BackfillProgress {
    /** One window's run: its place in the backfill, what its listener heard, its result. */
    record WindowRun(int seq, String window, List<RunEvents.Event> events, RunResult result) {}

    private final List<WindowRun> runs = new ArrayList<>();
    private String end;

    /** The listener of the run of window {@code window}; its end is recorded, then told to {@code finished}. */
    RunListener window(Backfills.Plan plan, TimeWindow window, Consumer<RunResult> finished) {
        int seq = plan.toRun().stream().filter(p -> p.window().equals(window)).findFirst().map(Backfills.PlannedWindow::seq).orElse(0);
        RunEvents events = new RunEvents();
        return RunListener.all(List.of(events, new RunListener() {
            @Override
            public void finished(RunResult result) {
                synchronized (BackfillProgress.this) {
                    runs.add(new WindowRun(seq, window.describe(), events.events(), result));
                }
                finished.accept(result);
            }
        }));
    }

    synchronized void ended(String how) {
        end = how;
    }

    /** The runs from the {@code from}-th on, and the end ({@code COMPLETE}, {@code FAILED}, {@code BUSY}; null while it goes). */
    synchronized Map<String, Object> since(int from) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("runs", List.copyOf(runs.subList(Math.min(from, runs.size()), runs.size())));
        answer.put("end", end);
        return answer;
    }
}
