package io.tributary.cli.commands;

import io.tributary.alert.AlertDispatcher;
import io.tributary.alert.AlertSenders;
import io.tributary.alert.Delivery;
import io.tributary.app.AlertTester;
import io.tributary.cli.output.Io;
import io.tributary.cli.output.TextTable;
import io.tributary.error.ExitCode;
import io.tributary.project.AlertChannel;
import io.tributary.project.AlertChannels;
import io.tributary.project.ProjectLoader;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tributary alerts} lists the alert channels of tributary.yml; {@code alerts test} sends each a test alert. */
@Command(name = "alerts", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "List the alert channels defined in tributary.yml (secrets never shown).",
        subcommands = AlertsCommand.Test.class,
        footer = {"", "Examples:", "  tributary alerts", "  tributary alerts test ops_slack", "  tributary alerts test"})
public final class AlertsCommand implements Callable<Integer> {
    private static final String NONE = "no alert channels in tributary.yml (define them under alerts:, see docs/alerts.md)";
    private final Io io;

    @Mixin
    ProjectOption project;

    public AlertsCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        AlertChannels channels = ProjectLoader.standard().loadAlerts(project.dir());
        if (channels.channels().isEmpty()) {
            io.out().println(NONE);
            return ExitCode.OK;
        }
        TextTable table = new TextTable(List.of("channel", "type", "where"));
        channels.channels().values().forEach(c -> table.add(List.of(c.name(), c.type(), c.settings().describe())));
        table.print(io.out());
        return ExitCode.OK;
    }

    @Command(name = "test", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Send a test alert (severity info) to the channel named, or to every channel, and report delivered, "
                    + "or FAILED with the reason and the number of attempts. Exit 0 when all were delivered, 1 when any failed, "
                    + "2 for an unknown channel.")
    public static final class Test implements Callable<Integer> {
        private final Io io;

        @Mixin
        ProjectOption project;

        @Parameters(paramLabel = "CHANNEL", arity = "0..1", description = "Only this channel.")
        String name;

        public Test(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            AlertTester tester = new AlertTester(ProjectLoader.standard().loadAlerts(project.dir()),
                    new AlertDispatcher(AlertSenders.standard()), Clock.systemUTC());
            List<AlertChannel> chosen = tester.select(name);
            if (chosen.isEmpty()) {
                io.out().println(NONE);
                return ExitCode.OK;
            }
            List<AlertDispatcher.Sent> sent = tester.test(chosen);
            TextTable table = new TextTable(List.of("channel", "type", "result", "attempts", "reason"));
            for (AlertDispatcher.Sent s : sent) {
                Delivery d = s.delivery();
                table.add(List.of(s.channel().name(), s.channel().type(), d.delivered() ? "delivered" : "FAILED",
                        Integer.toString(d.attempts()), d.delivered() ? "" : d.reason()));
            }
            table.print(io.out());
            return sent.stream().allMatch(s -> s.delivery().delivered()) ? ExitCode.OK : ExitCode.RUN_FAILED;
        }
    }
}
