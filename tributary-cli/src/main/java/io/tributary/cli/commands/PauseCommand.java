package io.tributary.cli.commands;

import io.tributary.app.PipelinePause;
import io.tributary.cli.output.Io;
import io.tributary.error.ExitCode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pause", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Pause a pipeline: the server does not run it on its schedule until tributary resume (kept in the run history, "
                + "across restarts). Its fire times pass without a run; tributary run still runs it when asked.",
        footer = {"", "Examples:", "  tributary pause orders --reason \"supplier migrating their API\"", "",
                "While a server runs on the project, this goes through it.", "",
                "Exit codes: 0 paused (or already); 2 unknown pipeline; 75 busy: another process holds the warehouse."})
public final class PauseCommand implements Callable<Integer> {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
    private final Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "PIPELINE", description = "The pipeline to pause.")
    String name;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for whoever looks (tributary status, tributary schedule, the API).")
    String reason;

    public PauseCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        var server = project.server(io);
        PipelinePause.Paused paused = server.isPresent() ? new io.tributary.cli.remote.ServerApi(server.get()).pause(name, reason)
                : PipelinePause.withStore(project.load(), pauses -> pauses.pause(name, reason, Instant.now()));
        String since = TIME.format(paused.pause().pausedAt().atOffset(ZoneOffset.UTC));
        String why = paused.pause().reason() == null ? "" : " (" + paused.pause().reason() + ")";
        io.out().println(paused.paused() ? "paused " + name + why + ": the server does not run it until tributary resume " + name
                : name + " is already paused, since " + since + why + "; tributary resume " + name + " resumes it");
        return ExitCode.OK;
    }
}
