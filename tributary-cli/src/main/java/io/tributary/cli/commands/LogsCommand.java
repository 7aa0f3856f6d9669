package io.tributary.cli.commands;

import io.tributary.app.History;
import io.tributary.cli.output.Io;
import io.tributary.cli.remote.ServerApi;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.metadata.LogLine;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show a run's log as kept with the run: what it planned, each phase and its time, warnings, failed checks, how it ended.",
        footer = {"", "Exit codes: 0; 2 no such run (see tributary runs)."})
public final class LogsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private final Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "RUN_ID", description = "The run (tributary runs shows the ids).")
    long runId;

    public LogsCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        var metadata = project.metadata();
        var warehouse = project.warehouse();
        var server = project.server(io);
        Optional<List<LogLine>> remote = server.map(s -> new ServerApi(s).logs(runId).orElse(null));
        boolean known = server.isPresent() ? remote.isPresent()
                : History.read(metadata, warehouse, store -> store.run(runId).isPresent()).orElse(false);
        if (!known) {
            throw TributaryException.invalid("no run " + runId + " in the history; tributary runs lists them");
        }
        List<LogLine> lines = server.isPresent() ? remote.get() : History.read(metadata, warehouse, store -> store.logs(runId)).orElse(List.of());
        if (lines.isEmpty()) {
            io.out().println("run " + runId + " has no log lines (runs recorded before logs were kept have none)");
        }
        for (LogLine line : lines) {
            io.out().println(TIME.format(line.at().atOffset(ZoneOffset.UTC)) + "  " + String.format("%-5s", line.level()) + "  " + line.message());
        }
        return ExitCode.OK;
    }
}
