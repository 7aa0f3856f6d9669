package io.tributary.cli.demo.shop;

import io.tributary.cli.output.TextTable;
import io.tributary.engine.RunResult;
import io.tributary.metadata.CheckResult;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * What the checks caught in the demo's runs, and where each row went: a check that did not pass,
 * the rows it found, and what the run did with them (quarantined, published with a warning, or
 * nothing published); and the rows a transform step left out on purpose.
 */
public record CaughtReport(List<Caught> caught, List<String> filtered) {

    public record Caught(String pipeline, String table, String check, String status, long rows, String outcome) {}

    public static CaughtReport of(List<RunResult> results) {
        List<Caught> caught = new ArrayList<>();
        List<String> filtered = new ArrayList<>();
        for (RunResult result : results) {
            for (CheckResult check : result.checks()) {
                if (check.status() == CheckResult.Status.PASS && check.failing() == 0) {
                    continue;
                }
                caught.add(new Caught(result.pipeline(), check.table(), check.check(), check.status().word(), check.failing(), outcome(check)));
            }
            for (var step : result.steps()) {
                if (step.filtered() > 0) {
                    filtered.add(result.pipeline() + ": " + step.describe());
                }
            }
        }
        return new CaughtReport(List.copyOf(caught), List.copyOf(filtered));
    }

    private static String outcome(CheckResult check) {
        String message = check.message() == null ? "" : check.message();
        if (message.contains("quarantined in ")) {
            String table = message.substring(message.indexOf("quarantined in ") + "quarantined in ".length());
            return "quarantined in " + table.substring(0, table.indexOf(' ') < 0 ? table.length() : table.indexOf(' '));
        }
        return switch (check.status()) {
            case PASS -> "within its tolerance (" + check.threshold() + "): published";
            case WARN -> "published, reported as a warning";
            default -> "the run failed: nothing published";
        };
    }

    public void print(PrintWriter out) {
        out.println("== What the checks caught (every result is kept: tributary checks)");
        if (caught.isEmpty() && filtered.isEmpty()) {
            out.println("nothing: every check passed");
            return;
        }
        TextTable table = new TextTable(List.of("table", "check", "status", "rows", "what happened"));
        for (Caught c : caught) {
            table.add(List.of(c.table(), c.check(), c.status(), String.valueOf(c.rows()), c.outcome()));
        }
        table.print(out);
        for (String line : filtered) {
            out.println("left out on purpose: " + line);
        }
    }
}
