package io.tributary.cli.commands;

import io.tributary.app.Catalog;
import io.tributary.cli.output.Format;
import io.tributary.cli.output.Io;
import io.tributary.cli.remote.ServerApi;
import io.tributary.cli.output.TextTable;
import io.tributary.error.ExitCode;
import io.tributary.project.WarehouseSpec;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tables", mixinStandardHelpOptions = true, versionProvider = Version.class, description = "List the warehouse's tables with row counts and sizes.")
public final class TablesCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ProjectOption project;

    @Option(names = "--all", description = "Also show Tributary's own tables (schema _tributary).")
    boolean all;

    public TablesCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        WarehouseSpec warehouseSpec = project.warehouse();
        var server = project.server(io);
        Optional<Catalog.Listing> found = server.isPresent() ? Optional.of(new ServerApi(server.get()).tables(all))
                : Catalog.list(warehouseSpec, all);
        if (found.isEmpty()) {
            io.out().println("no tables yet: the warehouse " + warehouseSpec.path() + " does not exist until the first run (tributary run NAME)");
            return ExitCode.OK;
        }
        Catalog.Listing listing = found.get();
        if (listing.tables().isEmpty()) {
            io.out().println("the warehouse has no tables yet: run a pipeline (tributary run NAME)");
        } else {
            TextTable table = new TextTable(List.of("TABLE", "ROWS", "COLUMNS", "SIZE"));
            for (Catalog.Table entry : listing.tables()) {
                table.add(List.of(entry.displayName(), Format.count(entry.rows()), String.valueOf(entry.columns()), Format.bytes(entry.bytes())));
            }
            table.print(io.out());
        }
        io.out().println();
        io.out().println("warehouse: " + listing.warehouse() + " (" + Format.bytes(listing.fileBytes()) + ")");
        return ExitCode.OK;
    }
}
