package io.tributary.app;

import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.metadata.CheckResult;
import io.tributary.metadata.LogLine;
import io.tributary.metadata.MetadataStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's own log, kept with the run in the history ({@code tributary logs RUN_ID}, the server's
 * {@code /api/runs/ID/logs}): what it planned, each phase with its time, warnings, checks that did not
 * pass, and how it ended. Collected from the run's events and saved once, when it ends; the store
 * masks secrets in every line.
 */
final class RunLog implements RunListener {
    private final MetadataStore store;
    private final List<LogLine> lines = new ArrayList<>();
    private long runId;

    RunLog(MetadataStore store, long runId) {
        this.store = store;
        this.runId = runId;
    }

    private synchronized void add(String level, String message) {
        lines.add(new LogLine(runId, lines.size() + 1, Instant.now(), level, message));
    }

    @Override
    public void started(long runId, String pipeline, String source) {
        synchronized (this) {
            this.runId = runId;
        }
        add("INFO", "run " + runId + " of " + pipeline + " <- " + source);
    }

    @Override
    public void planned(int units, int skipped, String noun) {
        add("INFO", units + " " + noun + (units == 1 ? "" : "s") + " to read" + (skipped > 0 ? ", " + skipped + " already loaded" : ""));
    }

    @Override
    public void phaseFinished(String phase, long millis) {
        add("INFO", phase + " took " + millis + " ms");
    }

    @Override
    public void staged(String unit, long loaded, long rejected, long millis) {
        add("INFO", unit + ": " + loaded + " rows staged, " + rejected + " rejected, in " + millis + " ms");
    }

    @Override
    public void warning(String message) {
        add("WARN", message);
    }

    @Override
    public void checked(CheckResult result) {
        if (result.status() != CheckResult.Status.PASS) {
            add(result.status() == CheckResult.Status.WARN ? "WARN" : "ERROR", "check " + (result.message() == null ? result.check() : result.message()));
        }
    }

    @Override
    public void finished(RunResult result) {
        List<LogLine> saved;
        synchronized (this) {
            if (runId == 0) {
                runId = result.runId();
            }
        }
        add(result.succeeded() ? "INFO" : "ERROR", "run " + result.runId() + " " + result.status().word() + ": read " + result.rowsRead()
                + ", loaded " + result.rowsLoaded() + ", rejected " + result.rowsRejected()
                + (result.error() == null ? "" : "; " + result.error()));
        synchronized (this) {
            saved = lines.stream().map(l -> new LogLine(runId, l.sequence(), l.at(), l.level(), l.message())).toList();
            lines.clear();
        }
        try {
            store.appendLogs(saved);
        } catch (RuntimeException e) {
            // the log is for people; a run never fails for it
            org.slf4j.LoggerFactory.getLogger(RunLog.class).warn("cannot keep the log of run {}: {}", runId, e.getMessage());
        }
    }
}
