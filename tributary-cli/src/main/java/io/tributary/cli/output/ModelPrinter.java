package io.tributary.cli.output;

import io.tributary.metadata.RunStatus;
import io.tributary.models.ModelListener;
import io.tributary.models.ModelResult;
import java.io.PrintWriter;

/** A line per model built (and its warnings), as {@code tributary run} prints a line per run. */
public final class ModelPrinter implements ModelListener {
    private final PrintWriter out;

    public ModelPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void problem(String problem) {
        out.println("warning: " + problem + " (this model is not built; the others are)");
        out.flush();
    }

    @Override
    public void built(ModelResult result) {
        for (String warning : result.warnings()) {
            out.println("  warning: " + warning);
        }
        String what = "model " + result.model() + " (" + result.materialized().word() + ")";
        if (result.succeeded()) {
            out.println("OK  " + what + " in " + result.where() + (result.rows() >= 0 ? ": " + Format.rows(result.rows()) : "")
                    + " in " + Format.millis(result.millis()));
        } else if (result.status() == RunStatus.SKIPPED) {
            out.println("SKIPPED  " + what + ": " + result.error());
        } else {
            out.println("FAILED  " + what + (result.runId() > 0 ? " (run " + result.runId() + ")" : "") + ":");
            out.println("  " + result.error().replace("\n", "\n  "));
        }
        out.flush();
    }
}
