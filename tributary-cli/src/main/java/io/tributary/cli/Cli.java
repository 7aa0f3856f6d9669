package io.tributary.cli;

import io.tributary.cli.commands.AlertsCommand;
import io.tributary.cli.commands.AssessCommand;
import io.tributary.cli.commands.BackfillCommand;
import io.tributary.cli.commands.ChecksCommand;
import io.tributary.cli.commands.ConnectionsCommand;
import io.tributary.cli.commands.DemoCommand;
import io.tributary.cli.commands.InitCommand;
import io.tributary.cli.commands.LogsCommand;
import io.tributary.cli.commands.ModelsCommand;
import io.tributary.cli.commands.ProjectOption;
import io.tributary.cli.commands.QuarantineCommand;
import io.tributary.cli.commands.RunCommand;
import io.tributary.cli.commands.RunsCommand;
import io.tributary.cli.commands.ScheduleCommand;
import io.tributary.cli.commands.ServerCommand;
import io.tributary.cli.commands.StatusCommand;
import io.tributary.cli.commands.SqlCommand;
import io.tributary.cli.commands.TablesCommand;
import io.tributary.cli.commands.ValidateCommand;
import io.tributary.cli.commands.Version;
import io.tributary.cli.output.Io;
import io.tributary.config.Secrets;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Builds the command line and maps every exception to an exit code in one place:
 * 0 ok, 1 a run failed, 2 invalid input or usage.
 */
@Command(name = "tributary", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Data pipelines for small businesses: files, databases and APIs into one warehouse, checked and on schedule.",
        subcommands = {InitCommand.class, ValidateCommand.class, RunCommand.class, BackfillCommand.class, RunsCommand.class, ChecksCommand.class,
                QuarantineCommand.class, ModelsCommand.class, AssessCommand.class, ScheduleCommand.class, ServerCommand.class, StatusCommand.class, LogsCommand.class,
                TablesCommand.class, SqlCommand.class, ConnectionsCommand.class, AlertsCommand.class, DemoCommand.class, CommandLine.HelpCommand.class,
                io.tributary.cli.commands.PauseCommand.class, io.tributary.cli.commands.ResumeCommand.class,
                io.tributary.cli.commands.PruneCommand.class, io.tributary.cli.commands.TokenCommand.class,
                io.tributary.cli.commands.ReloadCommand.class},
        footer = {"", "Examples:", "  tributary demo", "  tributary init my-business", "  tributary -p my-business run orders",
                "  tributary sql \"SELECT count(*) FROM orders\""})
public final class Cli {

    /** {@code tributary -p DIR COMMAND}: the commands look here when not given their own. */
    @CommandLine.Mixin
    ProjectOption project;

    private Cli() {}

    /**
     * Runs the command line. Whatever the commands print to {@code out} and {@code err} passes through a
     * {@link RedactingWriter}, so secrets are masked whoever calls this, not only {@link Main}.
     */
    public static int execute(String[] args, PrintWriter rawOut, PrintWriter rawErr, boolean terminal) {
        PrintWriter out = rawOut instanceof RedactingWriter ? rawOut : new RedactingWriter(rawOut);
        PrintWriter err = rawErr instanceof RedactingWriter ? rawErr : new RedactingWriter(rawErr);
        try {
            return execute(args, new Io(out, err, terminal));
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static int execute(String[] args, Io io) {
        PrintWriter out = io.out();
        PrintWriter err = io.err();
        CommandLine commandLine = new CommandLine(new Cli(), new CommandFactory(io));
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            if (exception instanceof TributaryException user) {
                err.println(user.getMessage());
                return user.exitCode();
            }
            err.println("unexpected error: " + Secrets.redact(String.valueOf(exception)));
            if (System.getenv("TRIBUTARY_DEBUG") != null) {
                exception.printStackTrace(err);
            } else {
                err.println("(set TRIBUTARY_DEBUG=1 to see the stack trace, and please report it)");
            }
            return ExitCode.RUN_FAILED;
        });
        commandLine.setParameterExceptionHandler((exception, arguments) -> usageError(exception, err));
        return commandLine.execute(args);
    }

    /**
     * A usage mistake: say what was wrong in one line, suggest the nearest command or option, and
     * point to --help instead of printing the whole usage.
     */
    private static int usageError(CommandLine.ParameterException exception, PrintWriter err) {
        CommandLine command = exception.getCommandLine();
        if (exception instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String word = unmatched.getUnmatched().get(0);
            java.util.Set<String> candidates = word.startsWith("-")
                    ? new java.util.TreeSet<>(command.getCommandSpec().optionsMap().keySet())
                    : command.getSubcommands().keySet();
            String what = word.startsWith("-") ? "option" : candidates.isEmpty() ? "argument" : "command";
            String closest = candidates.isEmpty() ? null : io.tributary.config.DidYouMean.closest(word, candidates);
            err.println("unknown " + what + " '" + word + "'" + (closest != null ? ". Did you mean '" + closest + "'?" : ""));
        } else {
            err.println(exception.getMessage());
        }
        err.println("(see: " + command.getCommandSpec().qualifiedName() + " --help)");
        return ExitCode.INVALID_INPUT;
    }

    /** Hands each command the injected streams. */
    private record CommandFactory(Io io) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(Io.class).newInstance(io);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
