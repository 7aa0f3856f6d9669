package io.tributary.cli.commands;

import io.tributary.app.QuarantinedRows;
import io.tributary.cli.output.Io;
import io.tributary.cli.output.TextTable;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.quality.Quarantine;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "quarantine", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"List the rows that quarantining checks set aside from a table, or release fixed ones back into it.",
                "Fix a row with SQL in TABLE__quarantine, then release it: it is checked again, and goes into TABLE only if it passes."},
        footer = {"", "Examples:", "  tributary quarantine orders",
                "  tributary sql \"UPDATE orders__quarantine SET total_price = 25.50 WHERE _tributary_row_id = '...'\"",
                "  tributary quarantine orders --release 3f2a9c1e-...", "  tributary quarantine orders --all"})
public final class QuarantineCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "TABLE", description = "The table whose quarantined rows to show (orders for orders__quarantine).")
    String table;

    @Option(names = "--release", paramLabel = "ID", split = ",", description = "Release these rows (their _tributary_row_id).")
    List<String> release;

    @Option(names = "--all", description = "Release every quarantined row of the table that now passes its checks.")
    boolean all;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "How many rows to list (default ${DEFAULT-VALUE}).", defaultValue = "50")
    int limit;

    public QuarantineCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (table.endsWith(Quarantine.SUFFIX)) {
            table = table.substring(0, table.length() - Quarantine.SUFFIX.length());
        }
        if (all && release != null) {
            throw TributaryException.invalid("give --release IDS or --all, not both");
        }
        if (all || release != null) {
            return release();
        }
        Optional<QuarantinedRows.Listing> listing = QuarantinedRows.list(project.load(), table, limit);
        if (listing.isEmpty() || listing.get().total() == 0) {
            io.out().println("nothing is quarantined in " + table + (listing.isEmpty() ? " (no run has quarantined rows of it)" : ""));
            return ExitCode.OK;
        }
        QuarantinedRows.Listing rows = listing.get();
        TextTable out = new TextTable(rows.columns());
        rows.rows().forEach(row -> out.add(row.stream().map(v -> v == null ? "NULL" : v).toList()));
        out.print(io.out());
        io.out().println(rows.total() + (rows.total() == 1 ? " row" : " rows") + " in " + rows.table()
                + (rows.total() > rows.rows().size() ? " (showing " + rows.rows().size() + "; --limit N for more)" : "")
                + ". Fix one with SQL, then: tributary quarantine " + table + " --release ID");
        return ExitCode.OK;
    }

    private int release() {
        QuarantinedRows.Released released = QuarantinedRows.release(project.load(), table, all ? List.of() : release);
        io.out().println("released " + released.released().size() + (released.released().size() == 1 ? " row" : " rows") + " into " + table);
        released.stillFailing().forEach((id, reason) -> io.out().println("  still failing, kept in quarantine: " + id + ": " + reason));
        released.unknown().forEach(id -> io.err().println("  no quarantined row has id " + id));
        return released.unknown().isEmpty() ? ExitCode.OK : ExitCode.INVALID_INPUT;
    }
}
