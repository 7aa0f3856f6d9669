package io.tributary.cli.output;

import io.tributary.engine.RunListener;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a run as it goes: on a terminal a progress line rewritten in place (rows, rows/s);
 * otherwise (a log file, a scheduler) plain lines, at most one progress line every 10 seconds.
 */
public final class ConsoleRunListener implements RunListener {
    private static final long PLAIN_INTERVAL_MS = 10_000;
    private final PrintWriter out;
    private final boolean terminal;
    private final LongSupplier clock;
    private long unitStarted;
    private long lastPlainLine;
    private boolean progressShown;

    public ConsoleRunListener(PrintWriter out, boolean terminal) {
        this(out, terminal, System::currentTimeMillis);
    }

    ConsoleRunListener(PrintWriter out, boolean terminal, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.clock = clock;
        this.unitStarted = clock.getAsLong();
    }

    @Override
    public void started(long runId, String pipeline, String source) {
        out.println("run " + runId + "  " + pipeline + "  <- " + source);
        unitStarted = clock.getAsLong();
    }

    @Override
    public void planned(int units, int skipped, String noun) {
        out.println("  " + units + " " + noun + (units == 1 ? "" : "s") + " to read" + (skipped > 0 ? ", " + skipped + " already loaded" : ""));
        unitStarted = clock.getAsLong();
    }

    @Override
    public synchronized void progress(String unit, long rows, double percent) {
        long now = clock.getAsLong();
        long elapsed = now - unitStarted;
        String text = "  " + unit + "  " + (percent >= 0 ? String.format(Locale.ROOT, "%.0f%%  ", percent) : "")
                + Format.count(rows) + " rows  " + Format.rate(rows, elapsed);
        if (terminal) {
            out.print("\r" + text + "\u001b[K");
            out.flush();
            progressShown = true;
        } else if (now - Math.max(lastPlainLine, unitStarted) >= PLAIN_INTERVAL_MS) {
            out.println(text);
            lastPlainLine = now;
        }
    }

    @Override
    public synchronized void staged(String unit, long loaded, long rejected, long millis) {
        if (progressShown) {
            out.print("\r\u001b[K");
            progressShown = false;
        }
        out.println("  " + unit + "  " + Format.rows(loaded) + (rejected > 0 ? ", " + Format.count(rejected) + " rejected" : "")
                + "  " + Format.millis(millis) + (millis > 0 ? "  " + Format.rate(loaded + rejected, millis) : ""));
        unitStarted = clock.getAsLong();
    }

    // Warnings are not printed as they come: the run's summary lists them all, next to its counts.
}
