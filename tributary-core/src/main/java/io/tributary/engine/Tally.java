package io.tributary.engine;

import io.tributary.spi.RunCounts;
import io.tributary.spi.SourceException;
import io.tributary.spi.StagedUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one run has counted so far, the warnings it gathered, and how long each phase took. A phase
 * entered twice (reading one unit after another) adds up under its name.
 */
final class Tally {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Tally.class);

    private final long runId;
    private final RunListener listener;
    long read;
    long loaded;
    long rejected;
    long bytes;
    long skippedBlank;
    long filtered;
    long quarantined;
    int units;
    /** Rows explode added (one per element beyond the first); loaded counts them, read does not. */
    long exploded;
    /** The rows before and after each transform step that changes their number. */
    final List<StepRows> steps = new ArrayList<>();
    /** The tables the run publishes into, in the order it writes them. */
    final List<String> published = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final Map<String, Long> phases = new LinkedHashMap<>();
    /** The phase going on, as the user reads it ("reading data/a.csv"), for messages. */
    private String phase = "preparing";
    private String phaseKey = "preparing";
    private long phaseStarted = System.nanoTime();

    Tally(long runId, RunListener listener) {
        this.runId = runId;
        this.listener = listener;
    }

    /** Enters the next phase: {@code key} names it in the history ("reading"), {@code label} in messages. */
    void enter(String key, String label) {
        finishPhase();
        phase = label;
        phaseKey = key;
        phaseStarted = System.nanoTime();
        listener.phaseStarted(label);
    }

    /** Ends the phase going on, recording its time (TRIBUTARY_LOG_LEVEL=DEBUG logs it). */
    void finishPhase() {
        if (phaseKey == null) {
            return;
        }
        long millis = (System.nanoTime() - phaseStarted) / 1_000_000;
        phases.merge(phaseKey, millis, Long::sum);
        LOG.debug("run {}: {} took {} ms", runId, phase, millis);
        listener.phaseFinished(phase, millis);
        phaseKey = null;
    }

    String phase() {
        return phase;
    }

    void warn(String warning) {
        warnings.add(warning);
        listener.warning(warning);
    }

    void warnAll(List<String> more) {
        more.forEach(this::warn);
    }

    void add(StagedUnit staged) {
        read += staged.read();
        loaded += staged.loaded();
        rejected += staged.rejected();
        bytes += staged.bytes();
        skippedBlank += staged.skippedBlank();
    }

    /** A unit that failed part-way counts what it had read, as rows read successfully and not published. */
    void readBeforeFailure(SourceException failure) {
        read += failure.rowsRead();
        loaded += failure.rowsRead();
        bytes += failure.bytesRead();
    }

    /**
     * A unit that failed after rejecting rows never reported its counts, but its rejects are
     * recorded (and stay, to show why): count them, as rows read and rejected.
     */
    void countRecordedRejects(long recorded) {
        if (recorded > rejected) {
            read += recorded - rejected;
            rejected = recorded;
        }
    }

    /** Rows a transform's cast could not convert: read, then rejected instead of loaded. */
    void rejectedAfterStaging(long rows) {
        rejected += rows;
        loaded -= rows;
    }

    /** Rows a transform step removed on purpose (filter, dedupe): read, then filtered instead of loaded. */
    void filteredAfterStaging(long rows) {
        filtered += rows;
        loaded -= rows;
    }

    /** A row-changing transform step ran: what it filtered or, for explode, added to the rows loaded. */
    void stepRan(StepRows step) {
        steps.add(step);
        filteredAfterStaging(step.filtered());
        exploded += step.added();
        loaded += step.added();
    }

    /** Rows a quarantining check set aside: read, then quarantined instead of loaded. */
    void quarantinedAfterStaging(long rows) {
        quarantined += rows;
        loaded -= rows;
    }

    RunCounts counts() {
        return new RunCounts(read, loaded, rejected, bytes, units, skippedBlank, filtered, quarantined);
    }
}
