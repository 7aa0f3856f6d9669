package io.tributary.cli.commands;

import io.tributary.app.History;
import io.tributary.app.PipelineSelection;
import io.tributary.cli.output.Format;
import io.tributary.cli.output.Io;
import io.tributary.cli.remote.ServerApi;
import io.tributary.cli.output.TextTable;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.metadata.RunRecord;
import io.tributary.project.WarehouseSpec;
import io.tributary.spi.RunCounts;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "runs", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Show the run history, newest first (times in UTC).")
public final class RunsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "PIPELINE", arity = "0..1", description = "Only this pipeline's runs.")
    String pipeline;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "How many runs to show (default ${DEFAULT-VALUE}).", defaultValue = "20")
    int limit;

    public RunsCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        WarehouseSpec warehouseSpec = project.warehouse();
        var server = project.server(io);
        Optional<List<RunRecord>> history = server.isPresent() ? Optional.of(new ServerApi(server.get()).runs(pipeline, limit))
                : History.runs(project.metadata(), warehouseSpec, pipeline, limit);
        if (history.isEmpty()) {
            io.out().println("no runs yet: the warehouse " + warehouseSpec.path() + " does not exist until the first run (tributary run NAME)");
            return ExitCode.OK;
        }
        List<RunRecord> runs = history.get();
        if (runs.isEmpty()) {
            io.out().println("no runs yet" + (pipeline == null ? "" : " of " + pipeline));
            if (pipeline != null) {
                noteUnknownPipeline();
            }
            return ExitCode.OK;
        }
        // rows filtered by transforms or quarantined by checks get a column only when some run has them
        boolean filtered = runs.stream().anyMatch(run -> run.counts().filtered() > 0);
        boolean quarantined = runs.stream().anyMatch(run -> run.counts().quarantined() > 0);
        List<String> header = new ArrayList<>(List.of("RUN", "PIPELINE", "STARTED (UTC)", "DURATION", "STATUS", "READ", "LOADED", "REJECTED"));
        if (filtered) {
            header.add("FILTERED");
        }
        if (quarantined) {
            header.add("QUARANTINED");
        }
        header.addAll(List.of("BYTES", "ERROR"));
        TextTable table = new TextTable(header);
        for (RunRecord run : runs) {
            String duration = run.endedAt() == null ? "" : Format.millis(Duration.between(run.startedAt(), run.endedAt()).toMillis());
            RunCounts counts = run.counts();
            List<String> row = new ArrayList<>(List.of(String.valueOf(run.runId()), run.pipeline(),
                    TIME.format(run.startedAt().atOffset(ZoneOffset.UTC)), duration, run.status().word(), Format.count(counts.read()),
                    Format.count(counts.loaded()), Format.count(counts.rejected())));
            if (filtered) {
                row.add(Format.count(counts.filtered()));
            }
            if (quarantined) {
                row.add(Format.count(counts.quarantined()));
            }
            row.addAll(List.of(Format.bytes(counts.bytes()), run.error() == null ? "" : run.error()));
            table.add(row);
        }
        table.print(io.out());
        return ExitCode.OK;
    }

    /** A name with no runs may be a typo: say so when the project (if it loads) has no such pipeline. */
    private void noteUnknownPipeline() {
        try {
            PipelineSelection.unknown(project.load(), pipeline).ifPresent(note -> io.err().println("note: " + note));
        } catch (TributaryException e) {
            // an invalid project: `tributary validate` says why; the history is what was asked for
        }
    }
}
