package io.tributary.cli.commands;

import io.tributary.cli.output.Io;
import io.tributary.cli.remote.ServerApi;
import io.tributary.cli.remote.ServerClient;
import io.tributary.engine.RunEvents;
import io.tributary.cli.output.ConsoleRunListener;
import io.tributary.cli.output.Format;
import io.tributary.cli.output.PrefixedRunListener;
import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.error.ErrorKind;
import io.tributary.error.ExitCode;
import io.tributary.metadata.RunStatus;
import io.tributary.error.TributaryException;
import io.tributary.project.BrokenPipeline;
import io.tributary.project.LoadedProject;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.app.PipelineSelection;
import io.tributary.app.RunRequest;
import io.tributary.app.RunService;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.tributary.app.ModelBuilds;
import io.tributary.cli.output.ModelPrinter;
import io.tributary.models.ModelSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run pipelines now: extract, transform, check, and publish all or nothing.",
        footer = {"", "Examples:", "  tributary run orders", "  tributary run orders customers", "  tributary run --all",
                "  tributary run --all --parallel 4", "  tributary run orders --full-refresh", "",
                "After the runs, the models downstream of the tables they published are built, each once (see tributary models).",
                "A broken pipeline file stops only its own pipeline: the others run, with a warning naming it.",
                "Exit codes: 0 every run succeeded, 1 a run (or a model after it) failed, 2 invalid project or usage",
                "(also after --all ran the valid pipelines, when a pipeline file is broken),",
                "75 busy: another run holds a pipeline (or another process the warehouse); try again later."})
public final class RunCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "PIPELINE", arity = "0..*", description = "Pipelines to run, in this order.")
    List<String> names = new ArrayList<>();

    @Option(names = "--all", description = "Run every pipeline of the project, in file-name order.")
    boolean all;

    @Option(names = "--full-refresh", description = "Ignore what was loaded before: read everything again and rebuild the table.")
    boolean fullRefresh;

    @Option(names = "--parallel", paramLabel = "N",
            description = "Run up to N pipelines at once (default: the number of cores; 1 runs them one after another, in the order given).")
    int parallel = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-models", description = "Do not build the models downstream of the pipelines' tables after they publish.")
    boolean noModels;

    @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "0",
            description = "When another run holds a pipeline, wait up to SECONDS for it instead of skipping the pipeline (default ${DEFAULT-VALUE}).")
    long waitSeconds;

    public RunCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (parallel < 1 || parallel > MAX_PARALLEL) {
            throw TributaryException.invalid("--parallel must be between 1 and " + MAX_PARALLEL + ", not " + parallel);
        }
        if (waitSeconds < 0) {
            throw TributaryException.invalid("--wait must be 0 or more seconds, not " + waitSeconds);
        }
        LoadedProject loaded = project.loadPartially();
        ProjectSpec spec = loaded.spec();
        List<PipelineSpec> pipelines = PipelineSelection.select(loaded, names, all);
        PrintWriter out = io.out();
        for (BrokenPipeline broken : loaded.broken()) {
            io.err().println("warning: " + broken.summary(spec.dir()));
        }
        io.err().flush();
        RunRequest request = new RunRequest(fullRefresh, Duration.ofSeconds(waitSeconds));
        List<RunResult> results;
        boolean modelsFailed = false;
        // One at a time, a run shows its progress as it goes; several at once, whole lines named for their pipeline.
        boolean oneAtATime = parallel == 1 || pipelines.size() == 1;
        java.util.Optional<ServerClient> server = project.server(io);
        if (server.isPresent()) {
            // the server owns the warehouse: it runs them one after another, each with the models downstream of it; printed as here
            ServerApi api = new ServerApi(server.get());
            results = new ArrayList<>();
            ModelPrinter models = new ModelPrinter(out);
            for (PipelineSpec pipeline : pipelines) {
                ServerApi.Run run = api.run(pipeline.name(), request, !noModels);
                RunEvents.replay(run.events(), run.result(), RunListener.all(List.of(oneAtATime
                        ? new ConsoleRunListener(out, io.terminal()) : new PrefixedRunListener(out, pipeline.name()), finished(out))));
                results.add(run.result());
                run.models().forEach(models::built);
                modelsFailed |= run.models().stream().anyMatch(m -> !m.succeeded());
            }
        } else try (RunService service = RunService.open(spec)) {
            results = service.runAll(pipelines, request, parallel, pipeline -> RunListener.all(List.of(oneAtATime
                    ? new ConsoleRunListener(out, io.terminal()) : new PrefixedRunListener(out, pipeline.name()), finished(out))));
            if (!noModels) {
                // each model once, after all the runs that feed it
                ModelBuilds models = service.models();
                List<ModelSpec> after = models.after(results);
                if (!after.isEmpty()) {
                    modelsFailed = models.build(after, false, new ModelPrinter(out)).stream().anyMatch(r -> !r.succeeded());
                }
            }
        }
        int code = modelsFailed && exitCode(results) == ExitCode.OK ? ExitCode.RUN_FAILED : exitCode(results);
        // --all promised every pipeline: a broken file is a problem to fix, whatever the others did
        return all && !loaded.isValid() ? ExitCode.INVALID_INPUT : code;
    }

    /** At most this many runs at once: each holds connections and DuckDB memory of its own. */
    static final int MAX_PARALLEL = 32;

    /** Prints each run's summary as it ends. */
    private static RunListener finished(PrintWriter out) {
        return new RunListener() {
            @Override
            public void finished(RunResult result) {
                synchronized (out) {
                    print(result, out);
                }
            }
        };
    }

    /** 0 when every run succeeded; 75 when none failed but some were skipped as busy; 1 when any failed. */
    static int exitCode(List<RunResult> results) {
        boolean failed = results.stream().anyMatch(r -> !r.succeeded() && r.errorKind() != ErrorKind.BUSY);
        if (failed) {
            return ExitCode.RUN_FAILED;
        }
        return results.stream().allMatch(RunResult::succeeded) ? ExitCode.OK : ExitCode.BUSY;
    }

    static void print(RunResult result, PrintWriter out) {
        for (String warning : result.warnings()) {
            out.println("  warning: " + warning);
        }
        for (var step : result.steps()) {
            out.println("  " + step.describe());
        }
        String counts = "read " + Format.count(result.rowsRead())
                + (result.rowsExploded() > 0 ? ", exploded +" + Format.count(result.rowsExploded()) : "")
                + ", loaded " + Format.count(result.rowsLoaded())
                + ", rejected " + Format.count(result.rowsRejected())
                + (result.rowsFiltered() > 0 ? ", filtered " + Format.count(result.rowsFiltered()) : "")
                + (result.rowsQuarantined() > 0 ? ", quarantined " + Format.count(result.rowsQuarantined()) : "")
                + (result.skippedBlank() > 0 ? ", skipped " + Format.count(result.skippedBlank()) + " blank line"
                        + (result.skippedBlank() == 1 ? "" : "s") : "");
        if (result.status() == RunStatus.SKIPPED) {
            out.println("BUSY  " + result.pipeline() + " (run " + result.runId() + ", skipped): " + result.error());
        } else if (result.succeeded()) {
            out.println("OK  " + result.pipeline() + " -> " + result.target() + ": " + counts + ", " + Format.bytes(result.bytesRead())
                    + " in " + Format.millis(result.millis()) + (result.rowsRead() > 0 ? " (" + Format.rate(result.rowsRead(), result.millis()) + ")" : ""));
        } else {
            out.println("FAILED  " + result.pipeline() + " (run " + result.runId() + "): " + counts + ", nothing published");
            out.println("  " + result.error().replace("\n", "\n  "));
        }
        out.flush();
    }
}
