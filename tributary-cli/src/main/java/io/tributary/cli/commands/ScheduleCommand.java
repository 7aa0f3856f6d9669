package io.tributary.cli.commands;

import io.tributary.app.History;
import io.tributary.app.PipelinePause;
import io.tributary.app.PipelineSelection;
import io.tributary.app.SchedulePreview;
import io.tributary.cli.output.Io;
import io.tributary.cli.output.TextTable;
import io.tributary.cli.remote.ServerApi;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.Pause;
import io.tributary.metadata.RunRecord;
import io.tributary.project.LoadedProject;
import io.tributary.project.PipelineSpec;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "schedule", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Preview the schedule: each pipeline's next fire times, and the runs a (re)start now would create for the fire "
                + "times missed since its newest run (by its catchup: policy). Changes nothing.",
        footer = {"", "Examples:", "  tributary schedule", "  tributary schedule orders -n 10", "  tributary schedule --at 2026-03-29T00:30:00Z",
                "", "While a server runs on the project, the history it reads comes through the server.",
                "", "Exit codes: 0; 2 invalid project or unknown pipeline."})
public final class ScheduleCommand implements Callable<Integer> {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");
    private final Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "PIPELINE", arity = "0..*", description = "Only these pipelines (default: all).")
    List<String> names = new ArrayList<>();

    @Option(names = {"-n", "--next"}, paramLabel = "N", defaultValue = "5", description = "How many fire times to show (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--at", paramLabel = "INSTANT", description = "Preview as if it were this instant (e.g. 2026-03-29T00:30:00Z) instead of now.")
    Instant at;

    @Option(names = "--backfill", description = "Instead: the windows tributary backfill PIPELINE --from --to [--window] would run (see tributary backfill --dry-run).")
    boolean backfill;

    @Option(names = "--from", paramLabel = "DATE", description = "With --backfill: the range's start.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "With --backfill: the range's end (not read).")
    String to;

    @Option(names = "--window", paramLabel = "SIZE", defaultValue = "1d", description = "With --backfill: the window size (default ${DEFAULT-VALUE}).")
    String window;

    public ScheduleCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (count < 1 || count > 1000) {
            throw TributaryException.invalid("--next must be between 1 and 1000, not " + count);
        }
        LoadedProject loaded = project.loadPartially();
        if (backfill) {
            return BackfillCommand.preview(loaded, names, from, to, window, io.out());
        }
        List<PipelineSpec> pipelines = PipelineSelection.select(loaded, names, names.isEmpty());
        Instant now = at != null ? at : Instant.now();
        PrintWriter out = io.out();
        java.util.Map<String, Pause> paused = new java.util.HashMap<>();
        // while a server runs it holds the history: its pauses and newest runs come through its API
        var server = project.server(io).map(ServerApi::new);
        (server.isPresent() ? server.get().pauses()
                : History.read(loaded.spec().metadata(), loaded.spec().warehouse(), MetadataStore::pauses).orElse(List.of()))
                .forEach(p -> paused.put(p.pipeline(), p));
        List<SchedulePreview.Pipeline> previews = server.isPresent()
                ? SchedulePreview.of(pipelines, now, count, p -> server.get().runs(p.name(), 1).stream().map(RunRecord::startedAt)
                        .findFirst().orElse(null))
                : SchedulePreview.of(loaded.spec(), pipelines, now, count);
        for (SchedulePreview.Pipeline preview : previews) {
            PipelineSpec spec = loaded.spec().pipeline(preview.pipeline()).orElseThrow();
            if (spec.scheduling().follows()) {
                out.println(preview.pipeline() + ": runs after " + String.join(", ", spec.scheduling().after())
                        + ", once their runs for one fire time have all succeeded (skipped if one fails)");
                printPause(out, paused.get(preview.pipeline()), List.of(), ZoneOffset.UTC);
                out.println();
                continue;
            }
            if (preview.cron() == null) {
                out.println(preview.pipeline() + ": no schedule (runs only when asked: tributary run " + preview.pipeline() + ")");
                out.println();
                continue;
            }
            ZoneId zone = preview.cron().zone();
            out.println(preview.pipeline() + ": \"" + preview.cron().expression() + "\" in " + zone + ", catchup: " + preview.policy().word());
            TextTable table = new TextTable(List.of("NEXT (" + zone + ")", "UTC"));
            for (Instant fire : preview.next()) {
                table.add(List.of(LOCAL.format(fire.atZone(zone)), LOCAL.format(fire.atOffset(ZoneOffset.UTC))));
            }
            table.print(out);
            if (preview.lastRun() == null) {
                out.println("  never ran: a start now creates no catch-up run; the first is at the next fire time");
            } else {
                out.println("  newest run started " + LOCAL.format(preview.lastRun().atZone(zone)) + "; fire times missed since: "
                        + preview.missed().size());
                out.println("  a restart now would create " + (paused.containsKey(preview.pipeline()) ? "no run (it is paused)"
                        : preview.catchUp().isEmpty() ? "no catch-up run"
                        : preview.catchUp().size() + " catch-up run" + (preview.catchUp().size() == 1 ? "" : "s") + ": "
                                + preview.catchUp().stream().limit(10).map(f -> LOCAL.format(f.atZone(zone))).collect(Collectors.joining(", "))
                                + (preview.catchUp().size() > 10 ? ", …" : "")));
            }
            Pause pause = paused.get(preview.pipeline());
            printPause(out, pause, pause == null ? List.of()
                    : PipelinePause.catchUp(spec.scheduling(), pause, preview.lastRun(), now), zone);
            out.println();
        }
        return ExitCode.OK;
    }

    /** A paused pipeline: since when, why, and exactly the runs a resume now would create. */
    private static void printPause(PrintWriter out, Pause pause, List<Instant> onResume, ZoneId zone) {
        if (pause == null) {
            return;
        }
        out.println("  PAUSED since " + LOCAL.format(pause.pausedAt().atZone(zone)) + (pause.reason() == null ? "" : " (" + pause.reason() + ")")
                + ": the fire times above pass without a run until tributary resume " + pause.pipeline());
        out.println("  a resume now would create " + (onResume.isEmpty() ? "no catch-up run"
                : onResume.size() + " catch-up run" + (onResume.size() == 1 ? "" : "s") + ": "
                        + onResume.stream().limit(10).map(f -> LOCAL.format(f.atZone(zone))).collect(Collectors.joining(", "))
                        + (onResume.size() > 10 ? ", …" : "")));
    }
}
