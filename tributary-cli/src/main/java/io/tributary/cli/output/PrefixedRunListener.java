package io.tributary.cli.output;

import io.tributary.engine.RunListener;
import java.io.PrintWriter;

/**
 * Shows one of several runs going on at once: whole lines only (no progress line rewritten in
 * place, which the runs would overwrite in turn), each starting with the pipeline's name.
 */
public final class PrefixedRunListener implements RunListener {
    private final PrintWriter out;
    private final String prefix;

    public PrefixedRunListener(PrintWriter out, String pipeline) {
        this.out = out;
        this.prefix = "[" + pipeline + "] ";
    }

    @Override
    public void started(long runId, String pipeline, String source) {
        line("run " + runId + " <- " + source);
    }

    @Override
    public void planned(int units, int skipped, String noun) {
        line(units + " " + noun + (units == 1 ? "" : "s") + " to read" + (skipped > 0 ? ", " + skipped + " already loaded" : ""));
    }

    @Override
    public void staged(String unit, long loaded, long rejected, long millis) {
        line(unit + "  " + Format.rows(loaded) + (rejected > 0 ? ", " + Format.count(rejected) + " rejected" : "") + "  " + Format.millis(millis));
    }

    private void line(String text) {
        synchronized (out) {
            out.println(prefix + text);
            out.flush();
        }
    }
}
