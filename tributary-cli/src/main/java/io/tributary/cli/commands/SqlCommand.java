package io.tributary.cli.commands;

import io.tributary.cli.output.Io;
import io.tributary.cli.remote.ServerApi;
import io.tributary.cli.output.QueryPrinter;
import io.tributary.query.QueryResult;
import io.tributary.warehouse.Warehouse;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.project.WarehouseSpec;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "Query the warehouse (read-only unless --write).",
        footer = {"", "Examples:", "  tributary sql \"SELECT status, count(*) FROM orders GROUP BY status\"",
                "  tributary sql \"SELECT * FROM orders\" --format csv > orders.csv",
                "  tributary sql \"SELECT * FROM _tributary.rejected_rows ORDER BY run_id DESC LIMIT 20\""})
public final class SqlCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "QUERY", description = "A DuckDB SQL statement.")
    String query;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table, csv or json (default ${DEFAULT-VALUE}).", defaultValue = "table")
    QueryPrinter.Style format;

    @Option(names = "--write", description = "Open the warehouse for writing, to change data or tables.")
    boolean write;

    @Option(names = "--max-rows", paramLabel = "N", description = "With --format table, show at most this many rows (default ${DEFAULT-VALUE}).", defaultValue = "1000")
    int maxRows;

    public SqlCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        WarehouseSpec warehouseSpec = project.warehouse();
        var server = project.server(io);
        if (server.isPresent()) {
            return throughServer(new ServerApi(server.get()), server.get().url());
        }
        try (Warehouse warehouse = Warehouse.open(warehouseSpec, !write);
             QueryResult result = QueryResult.execute(warehouse.connection(), query, format == QueryPrinter.Style.json)) {
            if (result.hasRows()) {
                new QueryPrinter(io.out(), format, maxRows).print(result);
            } else {
                io.out().println("OK, " + result.updateCount() + " rows changed");
            }
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            String hint = message.contains("read-only") ? "\n(the warehouse is opened read-only: add --write to change it)" : "";
            throw new TributaryException(ExitCode.INVALID_INPUT, "the query failed: " + message + hint);
        }
        return ExitCode.OK;
    }

    /** While a server owns the warehouse: the query runs there, read-only; a change cannot (it would need the writer). */
    private int throughServer(ServerApi api, String url) {
        if (write) {
            throw TributaryException.invalid("--write cannot change the warehouse while the server at " + url + " owns it (DuckDB has one writer): "
                    + "stop the server, run tributary sql --write, and start it again; or change the data with a pipeline run");
        }
        try (QueryResult result = api.query(query, format == QueryPrinter.Style.table ? Integer.valueOf(maxRows) : null,
                format == QueryPrinter.Style.json)) {
            new QueryPrinter(io.out(), format, maxRows).print(result);
        } catch (SQLException e) {
            throw new TributaryException(ExitCode.INVALID_INPUT, "the query failed: " + e.getMessage());
        }
        return ExitCode.OK;
    }
}
