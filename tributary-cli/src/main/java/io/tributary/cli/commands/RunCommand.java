package io.tributary.cli.commands;

import io.tributary.cli.Cli;
import io.tributary.cli.ProjectOption;
import io.tributary.cli.output.ConsoleRunListener;
import io.tributary.cli.output.Format;
import io.tributary.config.DidYouMean;
import io.tributary.engine.PipelineRunner;
import io.tributary.engine.RunResult;
import io.tributary.warehouse.Warehouse;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = io.tributary.cli.Version.class,
        description = "Run pipelines now: extract, transform, check, and publish all or nothing.",
        footer = {"", "Examples:", "  tributary run orders", "  tributary run orders customers", "  tributary run --all",
                "  tributary run orders --full-refresh"})
public final class RunCommand implements Callable<Integer> {
    private final Cli.Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "PIPELINE", arity = "0..*", description = "Pipelines to run, in this order.")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "Run every pipeline of the project, in file-name order.")
    boolean all;

    @Option(names = "--full-refresh", description = "Ignore what was loaded before: read everything again and rebuild the table.")
    boolean fullRefresh;

    public RunCommand(Cli.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        ProjectSpec spec = project.load();
        List<PipelineSpec> pipelines = select(spec);
        PrintWriter out = io.out();
        boolean allSucceeded = true;
        try (Warehouse warehouse = Warehouse.open(spec.warehouse())) {
            PipelineRunner runner = new PipelineRunner(spec, new ConsoleRunListener(out, io.terminal()));
            for (PipelineSpec pipeline : pipelines) {
                RunResult result = runner.run(warehouse, pipeline, fullRefresh);
                print(result, out);
                allSucceeded &= result.succeeded();
            }
        }
        return allSucceeded ? ExitCode.OK : ExitCode.RUN_FAILED;
    }

    private List<PipelineSpec> select(ProjectSpec spec) {
        if (all) {
            if (spec.pipelines().isEmpty()) {
                throw TributaryException.invalid("the project has no pipelines: add a file to " + spec.dir().resolve("pipelines"));
            }
            return spec.pipelines();
        }
        if (names.isEmpty()) {
            throw TributaryException.invalid("name the pipelines to run, or use --all. Pipelines in this project: " + pipelineNames(spec));
        }
        List<PipelineSpec> selected = new ArrayList<>();
        for (String name : names) {
            PipelineSpec pipeline = spec.pipeline(name).orElseThrow(() -> TributaryException.invalid("no pipeline named '" + name + "' in "
                    + spec.dir() + ". " + hint(name, spec)));
            selected.add(pipeline);
        }
        return selected;
    }

    private static String hint(String name, ProjectSpec spec) {
        List<String> known = spec.pipelines().stream().map(PipelineSpec::name).toList();
        String closest = DidYouMean.closest(name, known);
        return closest != null ? "Did you mean '" + closest + "'?" : "Pipelines: " + pipelineNames(spec);
    }

    private static String pipelineNames(ProjectSpec spec) {
        return spec.pipelines().isEmpty() ? "(none)" : String.join(", ", spec.pipelines().stream().map(PipelineSpec::name).toList());
    }

    static void print(RunResult result, PrintWriter out) {
        for (String warning : result.warnings()) {
            out.println("  warning: " + warning);
        }
        String counts = "read " + Format.count(result.rowsRead()) + ", loaded " + Format.count(result.rowsLoaded())
                + ", rejected " + Format.count(result.rowsRejected())
                + (result.skippedBlank() > 0 ? ", skipped " + Format.count(result.skippedBlank()) + " blank line"
                        + (result.skippedBlank() == 1 ? "" : "s") : "");
        if (result.succeeded()) {
            out.println("OK  " + result.pipeline() + " -> " + result.target() + ": " + counts + ", " + Format.bytes(result.bytesRead())
                    + " in " + Format.millis(result.millis()) + (result.rowsRead() > 0 ? " (" + Format.rate(result.rowsRead(), result.millis()) + ")" : ""));
        } else {
            out.println("FAILED  " + result.pipeline() + " (run " + result.runId() + "): " + counts + ", nothing published");
            out.println("  " + result.error().replace("\n", "\n  "));
        }
        out.flush();
    }
}
