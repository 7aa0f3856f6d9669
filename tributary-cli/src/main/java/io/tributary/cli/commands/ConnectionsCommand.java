package io.tributary.cli.commands;

import io.tributary.cli.Cli;
import io.tributary.cli.ProjectOption;
import io.tributary.cli.output.TextTable;
import io.tributary.config.DidYouMean;
import io.tributary.config.Secrets;
import io.tributary.jdbc.ConnectionFailure;
import io.tributary.jdbc.Connections;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.spi.ConnectionSpec;
import io.tributary.project.ProjectLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code tributary connections} lists the named connections of tributary.yml; {@code connections test} tries them. */
@Command(name = "connections", mixinStandardHelpOptions = true, versionProvider = io.tributary.cli.Version.class,
        description = "List the database connections defined in tributary.yml (passwords never shown).",
        subcommands = ConnectionsCommand.Test.class,
        footer = {"", "Examples:", "  tributary connections", "  tributary connections test", "  tributary connections test shop_db"})
public final class ConnectionsCommand implements Callable<Integer> {
    private final Cli.Io io;

    @Mixin
    ProjectOption project;

    public ConnectionsCommand(Cli.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        Map<String, ConnectionSpec> connections = ProjectLoader.standard().loadConnections(project.dir());
        if (connections.isEmpty()) {
            io.out().println("no connections in tributary.yml (define them under connections:, see docs/pipeline-spec.md)");
            return ExitCode.OK;
        }
        TextTable table = new TextTable(List.of("connection", "kind", "where"));
        connections.values().forEach(c -> table.add(List.of(c.name(), c.kind(), c.describe())));
        table.print(io.out());
        return ExitCode.OK;
    }

    @Command(name = "test", mixinStandardHelpOptions = true, versionProvider = io.tributary.cli.Version.class,
            description = "Connect to each connection (or the one named) and report OK with the latency and server version, "
                    + "or FAILED with the reason. Exit 0 when all are reachable, 1 when any failed, 2 for an unknown name.")
    public static final class Test implements Callable<Integer> {
        private final Cli.Io io;

        @Mixin
        ProjectOption project;

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "Only this connection.")
        String name;

        public Test(Cli.Io io) {
            this.io = io;
        }

        @Override
        public Integer call() {
            Path dir = project.dir();
            Map<String, ConnectionSpec> connections = ProjectLoader.standard().loadConnections(dir);
            List<ConnectionSpec> chosen;
            if (name != null) {
                ConnectionSpec spec = connections.get(name);
                if (spec == null) {
                    String closest = DidYouMean.closest(name, connections.keySet());
                    throw TributaryException.invalid("no connection named '" + name + "' in tributary.yml"
                            + (closest != null ? "; did you mean '" + closest + "'?"
                            : connections.isEmpty() ? "; it defines no connections (add them under connections:)"
                            : "; its connections are " + String.join(", ", connections.keySet())));
                }
                chosen = List.of(spec);
            } else {
                chosen = List.copyOf(connections.values());
            }
            if (chosen.isEmpty()) {
                io.out().println("no connections in tributary.yml (define them under connections:, see docs/pipeline-spec.md)");
                return ExitCode.OK;
            }
            List<List<String>> rows = new java.util.ArrayList<>();
            int failed = 0;
            for (ConnectionSpec spec : chosen) {
                long started = System.nanoTime();
                try (Connection connection = Connections.open(spec, dir)) {
                    DatabaseMetaData meta = connection.getMetaData();
                    String server = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
                    long ms = (System.nanoTime() - started) / 1_000_000;
                    rows.add(List.of(spec.name(), "OK", spec.describe(), ms + " ms", server));
                } catch (ConnectionFailure e) {
                    failed++;
                    rows.add(List.of(spec.name(), "FAILED", spec.describe(), "-", e.reason() + (e.hint() == null ? "" : " (" + e.hint() + ")")));
                } catch (SQLException e) {
                    failed++;
                    rows.add(List.of(spec.name(), "FAILED", spec.describe(), "-", Secrets.redact(String.valueOf(e.getMessage()))));
                }
            }
            print(rows);
            return failed == 0 ? ExitCode.OK : ExitCode.RUN_FAILED;
        }

        /** Aligned columns; the last (server version or reason) is printed whole, however long. */
        private void print(List<List<String>> rows) {
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
