package io.tributary.cli.commands;

import io.tributary.app.PipelinePause;
import io.tributary.cli.output.Io;
import io.tributary.error.ExitCode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "resume", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Resume a paused pipeline: the server runs it on its schedule again, and its catchup: policy decides which "
                + "fire times missed while paused are run (tributary schedule PIPELINE shows them first).",
        footer = {"", "Examples:", "  tributary schedule orders   # what a resume now would create", "  tributary resume orders", "",
                "While a server runs on the project, this goes through it, and the server starts the catch-up runs at once.", "",
                "Exit codes: 0 resumed (or was not paused); 2 unknown pipeline; 75 busy: another process holds the warehouse."})
public final class ResumeCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "PIPELINE", description = "The pipeline to resume.")
    String name;

    public ResumeCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        var server = project.server(io);
        PipelinePause.Resumed resumed = server.isPresent() ? new io.tributary.cli.remote.ServerApi(server.get()).resume(name)
                : PipelinePause.withStore(project.load(), pauses -> pauses.resume(name, Instant.now()));
        if (!resumed.resumed()) {
            io.out().println(name + " was not paused; nothing changed");
            return ExitCode.OK;
        }
        io.out().println("resumed " + name + " (paused since " + PauseCommand.TIME.format(resumed.pause().pausedAt().atOffset(ZoneOffset.UTC)) + ")");
        if (!resumed.catchUp().isEmpty() && server.isPresent()) {
            io.out().println("  its catchup: policy keeps " + resumed.catchUp().size() + " missed fire time" + (resumed.catchUp().size() == 1 ? "" : "s")
                    + ": the server at " + server.get().url() + " runs " + (resumed.catchUp().size() == 1 ? "it" : "them") + " now (tributary runs " + name + ")");
        } else if (!resumed.catchUp().isEmpty()) {
            // no server holds the warehouse (this command could open it): the next server start catches up
            io.out().println("  its catchup: policy keeps " + resumed.catchUp().size() + " missed fire time" + (resumed.catchUp().size() == 1 ? "" : "s")
                    + " (" + resumed.catchUp().stream().limit(5).map(Instant::toString).collect(Collectors.joining(", "))
                    + (resumed.catchUp().size() > 5 ? ", …" : "") + "): the next start of tributary server catches up by that policy");
        }
        return ExitCode.OK;
    }
}
