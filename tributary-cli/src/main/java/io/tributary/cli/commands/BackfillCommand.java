package io.tributary.cli.commands;

import io.tributary.app.Backfills;
import io.tributary.app.ModelBuilds;
import io.tributary.cli.output.ModelPrinter;
import io.tributary.models.ModelSpec;
import io.tributary.app.RunService;
import io.tributary.cli.output.ConsoleRunListener;
import io.tributary.cli.output.Io;
import io.tributary.cli.remote.ServerApi;
import io.tributary.cli.remote.ServerClient;
import io.tributary.engine.RunEvents;
import io.tributary.cli.output.TextTable;
import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.error.ErrorKind;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.metadata.Backfill;
import io.tributary.metadata.BackfillWindow;
import io.tributary.project.LoadedProject;
import io.tributary.project.PipelineSpec;
import io.tributary.app.PipelineSelection;
import io.tributary.spi.TimeWindow;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backfill", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Load a past time range again, window by window: each window one run (history, checks, exactly-once publish) "
                + "reading only the rows whose incremental cursor lies in it. Each window runs once; a backfill that stopped resumes "
                + "at the first window not done. The pipeline's own incremental position does not move.",
        footer = {"", "Examples:", "  tributary backfill orders --from 2026-01-01 --to 2026-02-01",
                "  tributary backfill orders --from 2026-01-01 --to 2026-01-02 --window 6h --dry-run",
                "  tributary backfill orders --from 2026-01-01T00:00:00Z --to 2026-01-08T00:00:00Z --window 7d",
                "  tributary backfill --status orders", "",
                "The range is [from, to): from is read, to is not. Dates are midnight in the pipeline's time zone (its schedule's timezone:,",
                "else UTC); write an instant with an offset for another zone.",
                "Exit codes: 0 every window is done, 1 a window's run failed (run the same command again to resume there),",
                "2 invalid input (a pipeline without a time cursor, a replace table, an overlap with loaded windows), 75 busy: another",
                "run holds the pipeline or another process runs its backfills; try again later."})
public final class BackfillCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "PIPELINE", arity = "0..1", description = "The pipeline to backfill.")
    String name;

    @Option(names = "--from", paramLabel = "DATE", description = "Start of the range (read): 2026-01-01, 2026-01-01T06:00 or 2026-01-01T00:00:00Z.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "End of the range (not read).")
    String to;

    @Option(names = "--window", paramLabel = "SIZE", defaultValue = "1d", description = "Window size: 1d, 7d, 6h, 30m (default ${DEFAULT-VALUE}).")
    String window;

    @Option(names = "--dry-run", description = "List exactly the windows the backfill would run, marking those already done; change nothing.")
    boolean dryRun;

    @Option(names = "--status", description = "List the backfills (of PIPELINE, or all) with each window's progress.")
    boolean status;

    public BackfillCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        LoadedProject loaded = project.loadPartially();
        PrintWriter out = io.out();
        if (status) {
            if (name != null) {
                PipelineSelection.select(loaded, List.of(name), false);
            }
            try (RunService service = RunService.open(loaded.spec())) {
                List<Backfill> backfills = service.store().backfills(name, 20);
                if (backfills.isEmpty()) {
                    out.println("no backfills" + (name == null ? "" : " of " + name) + " yet");
                }
                for (Backfill backfill : backfills) {
                    printStatus(backfill, out);
                }
            }
            out.flush();
            return ExitCode.OK;
        }
        if (name == null || from == null || to == null) {
            throw TributaryException.invalid("backfill needs a pipeline, --from and --to, e.g. tributary backfill orders --from 2026-01-01 "
                    + "--to 2026-02-01 (or --status to list backfills)");
        }
        if (dryRun) {
            return preview(loaded, List.of(name), from, to, window, out);
        }
        PipelineSpec pipeline = PipelineSelection.select(loaded, List.of(name), false).get(0);
        Backfills.Request request = Backfills.Request.parse(pipeline, from, to, window);
        java.util.Optional<ServerClient> server = project.server(io);
        if (server.isPresent()) {
            return throughServer(new ServerApi(server.get()), pipeline, request, out);
        }
        try (RunService service = RunService.open(loaded.spec())) {
            Backfills backfills = new Backfills(service);
            Backfills.Started started = backfills.start(pipeline, request);
            Backfills.Plan plan = started.plan();
            int total = plan.windows().size();
            if (plan.toRun().isEmpty()) {
                out.println("nothing to run: all " + total + " window" + (total == 1 ? "" : "s") + " of " + pipeline.name() + " "
                        + span(request) + " were loaded before (backfill " + started.backfillId() + ")");
                out.flush();
                return ExitCode.OK;
            }
            out.println("backfill " + started.backfillId() + " of " + pipeline.name() + " " + span(request) + " by " + request.window() + ": "
                    + plan.toRun().size() + " of " + total + " window" + (total == 1 ? "" : "s") + " to run"
                    + (plan.resumes() != null ? " (resuming)" : ""));
            out.flush();
            List<Backfills.PlannedWindow> toRun = plan.toRun();
            Backfills.Outcome outcome = backfills.runWindows(started, w -> {
                int seq = toRun.stream().filter(p -> p.window().equals(w)).findFirst().map(Backfills.PlannedWindow::seq).orElse(0);
                out.println("window " + (seq + 1) + "/" + total + " " + w.describe());
                out.flush();
                return RunListener.all(List.of(new ConsoleRunListener(out, io.terminal()), new RunListener() {
                    @Override
                    public void finished(RunResult result) {
                        RunCommand.print(result, out);
                    }
                }));
            });
            // the models downstream of what the windows published, once, as after tributary run
            boolean modelsFailed = false;
            ModelBuilds models = service.models();
            List<ModelSpec> after = models.after(outcome.runs().stream().map(Backfills.WindowRun::result).toList());
            if (!after.isEmpty()) {
                modelsFailed = models.build(after, false, new ModelPrinter(out)).stream().anyMatch(r -> !r.succeeded());
            }
            if (modelsFailed && outcome.end() == Backfills.End.COMPLETE) {
                return ExitCode.RUN_FAILED;
            }
            return switch (outcome.end()) {
                case COMPLETE -> {
                    out.println("backfill " + outcome.backfillId() + " complete: " + total + " window" + (total == 1 ? "" : "s") + " done");
                    out.flush();
                    yield ExitCode.OK;
                }
                case FAILED -> {
                    out.println("backfill " + outcome.backfillId() + " stopped at a failed window; nothing of that window was published. "
                            + "Fix the cause and run the same command again: it resumes there.");
                    out.flush();
                    // a window refused as invalid (a date cursor and a 6h window, say) is the input's fault, not the run's
                    boolean invalid = outcome.runs().get(outcome.runs().size() - 1).result().errorKind() == ErrorKind.INVALID_INPUT;
                    yield invalid ? ExitCode.INVALID_INPUT : ExitCode.RUN_FAILED;
                }
                case BUSY -> {
                    out.println("backfill " + outcome.backfillId() + " stopped: the pipeline was busy. Run the same command again later: it resumes there.");
                    out.flush();
                    yield ExitCode.BUSY;
                }
            };
        }
    }

    /**
     * While the server owns the warehouse: it records and runs the backfill; this prints each window's run as it ends, as
     * above (the models after it are built by the server, silently).
     */
    private int throughServer(ServerApi api, PipelineSpec pipeline, Backfills.Request request, PrintWriter out) {
        ServerApi.BackfillStart started = api.backfill(pipeline.name(), from, to, window);
        int total = started.windows();
        if (started.toRun() == 0) {
            out.println("nothing to run: all " + total + " window" + (total == 1 ? "" : "s") + " of " + pipeline.name() + " "
                    + span(request) + " were loaded before (backfill " + started.id() + ")");
            out.flush();
            return ExitCode.OK;
        }
        out.println("backfill " + started.id() + " of " + pipeline.name() + " " + span(request) + " by " + request.window() + ": "
                + started.toRun() + " of " + total + " window" + (total == 1 ? "" : "s") + " to run" + (started.resuming() ? " (resuming)" : ""));
        out.flush();
        String end = api.followBackfill(started.id(), run -> {
            out.println("window " + (run.seq() + 1) + "/" + total + " " + run.window());
            out.flush();
            RunEvents.replay(run.events(), run.result(), RunListener.all(List.of(new ConsoleRunListener(out, io.terminal()), new RunListener() {
                @Override
                public void finished(RunResult result) {
                    RunCommand.print(result, out);
                }
            })));
        });
        return switch (end) {
            case "COMPLETE" -> {
                out.println("backfill " + started.id() + " complete: " + total + " window" + (total == 1 ? "" : "s") + " done");
                out.flush();
                yield ExitCode.OK;
            }
            case "BUSY" -> {
                out.println("backfill " + started.id() + " stopped: the pipeline was busy. Run the same command again later: it resumes there.");
                out.flush();
                yield ExitCode.BUSY;
            }
            default -> {
                out.println("backfill " + started.id() + " stopped at a failed window; nothing of that window was published. "
                        + "Fix the cause and run the same command again: it resumes there.");
                out.flush();
                yield api.lastBackfillRunInvalid() ? ExitCode.INVALID_INPUT : ExitCode.RUN_FAILED;
            }
        };
    }

    /** The windows a backfill would run, changing nothing: for --dry-run and tributary schedule --backfill. */
    static int preview(LoadedProject loaded, List<String> names, String from, String to, String window, PrintWriter out) {
        if (names.size() != 1 || from == null || to == null) {
            throw TributaryException.invalid("a backfill preview needs one pipeline, --from and --to, e.g. tributary schedule orders --backfill "
                    + "--from 2026-01-01 --to 2026-02-01");
        }
        PipelineSpec pipeline = PipelineSelection.select(loaded, names, false).get(0);
        Backfills.Request request = Backfills.Request.parse(pipeline, from, to, window);
        try (RunService service = RunService.open(loaded.spec())) {
            printPlan(new Backfills(service).preview(pipeline, request), out);
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String span(Backfills.Request request) {
        return new TimeWindow(request.from(), request.to(), request.zone()).describe();
    }

    private static void printPlan(Backfills.Plan plan, PrintWriter out) {
        Backfills.Request request = plan.request();
        out.println("backfill of " + plan.pipeline().name() + " " + span(request) + " by " + request.window() + " (" + request.zone() + "): "
                + plan.toRun().size() + " of " + plan.windows().size() + " windows would run"
                + (plan.resumes() != null ? ", resuming backfill " + plan.resumes().id() : ""));
        TextTable table = new TextTable(List.of("#", "WINDOW", "STATE"));
        for (Backfills.PlannedWindow w : plan.windows()) {
            table.add(List.of(String.valueOf(w.seq() + 1), w.window().describe(),
                    w.done() ? "done (run " + w.runId() + ", backfill " + w.doneBy() + ")" : "would run"));
        }
        table.print(out);
    }

    private static void printStatus(Backfill backfill, PrintWriter out) {
        ZoneId zone = ZoneId.of(backfill.zone());
        out.println("backfill " + backfill.id() + " of " + backfill.pipeline() + " " + new TimeWindow(backfill.from(), backfill.to(), zone).describe()
                + " by " + backfill.window() + ": " + backfill.done() + " of " + backfill.windows().size() + " windows done"
                + (backfill.complete() ? "" : "; run it again to resume: tributary backfill " + backfill.pipeline() + " --from "
                        + backfill.from() + " --to " + backfill.to() + " --window " + backfill.window()));
        TextTable table = new TextTable(List.of("#", "WINDOW", "STATE", "RUN"));
        List<List<String>> rows = new ArrayList<>();
        for (BackfillWindow w : backfill.windows()) {
            rows.add(List.of(String.valueOf(w.seq() + 1), new TimeWindow(w.from(), w.to(), zone).describe(), w.status().yamlName(),
                    w.runId() == null ? "" : String.valueOf(w.runId())));
        }
        rows.forEach(table::add);
        table.print(out);
    }
}
