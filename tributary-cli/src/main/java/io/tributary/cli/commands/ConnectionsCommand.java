package io.tributary.cli.commands;

import io.tributary.app.ConnectionTester;
import io.tributary.cli.output.Io;
import io.tributary.cli.output.TextTable;
import io.tributary.jdbc.ConnectionFailure;
import io.tributary.jdbc.Connections;
import io.tributary.error.ExitCode;
import io.tributary.project.ProjectLoader;
import io.tributary.spi.ConnectionSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tributary connections} lists the named connections of tributary.yml; {@code connections test} tries them. */
@Command(name = "connections", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "List the database connections defined in tributary.yml (passwords never shown).",
        subcommands = ConnectionsCommand.Test.class,
        footer = {"", "Examples:", "  tributary connections", "  tributary connections test", "  tributary connections test shop_db"})
public final class ConnectionsCommand implements Callable<Integer> {
    private static final String NONE = "no connections in tributary.yml (define them under connections:, see docs/pipeline-spec.md)";
    private final Io io;

    @Mixin
    ProjectOption project;

    public ConnectionsCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Map<String, ConnectionSpec> connections = ProjectLoader.standard().loadConnections(project.dir());
        if (connections.isEmpty()) {
            io.out().println(NONE);
            return ExitCode.OK;
        }
        TextTable table = new TextTable(List.of("connection", "kind", "where"));
        connections.values().forEach(c -> table.add(List.of(c.name(), c.kind(), c.describe())));
        table.print(io.out());
        return ExitCode.OK;
    }

    @Command(name = "test", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Connect to each connection (or the one named) and report OK with the latency and server version, "
                    + "or FAILED with the reason. Exit 0 when all are reachable, 1 when any failed, 2 for an unknown name.")
    public static final class Test implements Callable<Integer> {
        private final Io io;

        @Mixin
        ProjectOption project;

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "Only this connection.")
        String name;

        public Test(Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            Path dir = project.dir();
            ConnectionTester tester = new ConnectionTester(ProjectLoader.standard().loadConnections(dir), opener(dir));
            List<ConnectionSpec> chosen = tester.select(name);
            if (chosen.isEmpty()) {
                io.out().println(NONE);
                return ExitCode.OK;
            }
            List<ConnectionTester.Outcome> outcomes = tester.test(chosen);
            print(outcomes);
            return outcomes.stream().allMatch(ConnectionTester.Outcome::reached) ? ExitCode.OK : ExitCode.RUN_FAILED;
        }

        /** Connections open as a pipeline's would (drivers from the project's drivers/ folder); a refusal keeps its plain words. */
        private static ConnectionTester.Opener opener(Path dir) {
            return spec -> {
                try {
                    return Connections.open(spec, dir);
                } catch (ConnectionFailure e) {
                    throw new ConnectionTester.Refused(e.reason(), e.hint(), e);
                }
            };
        }

        /** Aligned columns; the last (server version or reason) is printed whole, however long. */
        private void print(List<ConnectionTester.Outcome> outcomes) {
            List<List<String>> rows = outcomes.stream().map(o -> List.of(o.connection().name(), o.reached() ? "OK" : "FAILED",
                    o.connection().describe(), o.reached() ? o.millis() + " ms" : "-", o.reached() ? o.server() : o.failure())).toList();
            int[] widths = new int[4];
            for (List<String> row : rows) {
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = Math.max(widths[i], row.get(i).length());
                }
            }
            for (List<String> row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < widths.length; i++) {
                    String cell = row.get(i);
                    line.append(i == 3 ? " ".repeat(widths[i] - cell.length()) + cell : cell + " ".repeat(widths[i] - cell.length())).append("  ");
                }
                io.out().println(line.append(row.get(4)));
            }
        }
    }
}
