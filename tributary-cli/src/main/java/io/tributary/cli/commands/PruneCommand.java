package io.tributary.cli.commands;

import io.tributary.app.HistoryPruner;
import io.tributary.cli.output.Io;
import io.tributary.error.ExitCode;
import io.tributary.metadata.Pruned;
import io.tributary.project.HistorySpec;
import io.tributary.project.ProjectSpec;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prune", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Remove old runs from the run history, with their logs and check results: runs older than history.keep_days "
                + "(default 90) or beyond the newest history.keep_runs (default 1000) of their pipeline (tributary.yml). A pipeline's "
                + "newest run, running runs and what backfills and open alerts refer to stay; the warehouse's data is never touched. "
                + "A running server does this itself, at start and every 24 hours.",
        footer = {"", "Examples:", "  tributary prune --dry-run", "  tributary prune", "",
                "Exit codes: 0 pruned (or nothing to prune); 2 invalid tributary.yml; 75 busy: a server (or a run) holds the warehouse "
                        + "(the server prunes daily)."})
public final class PruneCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ProjectOption project;

    @Option(names = "--dry-run", description = "Print what would be removed, and remove nothing.")
    boolean dryRun;

    public PruneCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        ProjectSpec spec = project.loadPartially().spec();
        HistorySpec history = spec.history();
        Pruned pruned = HistoryPruner.prune(spec, Instant.now(), dryRun);
        String rule = "older than " + history.keepDays() + " days or beyond the newest " + history.keepRuns() + " of their pipeline";
        if (pruned.isEmpty()) {
            io.out().println("nothing to prune: no run is " + rule + " (history: in tributary.yml)");
            return ExitCode.OK;
        }
        io.out().println((dryRun ? "would remove " : "removed ") + pruned.describe() + ", of runs " + rule + ":");
        int width = pruned.runsByPipeline().keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Long> pipeline : pruned.runsByPipeline().entrySet()) {
            io.out().println("  " + pipeline.getKey() + " ".repeat(width - pipeline.getKey().length()) + "  " + pipeline.getValue()
                    + (pipeline.getValue() == 1 ? " run" : " runs"));
        }
        if (dryRun) {
            io.out().println("dry run: nothing was removed; tributary prune removes them");
        }
        return ExitCode.OK;
    }
}
