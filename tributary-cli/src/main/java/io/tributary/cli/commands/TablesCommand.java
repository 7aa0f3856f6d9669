package io.tributary.cli.commands;

import io.tributary.cli.Cli;
import io.tributary.cli.ProjectOption;
import io.tributary.cli.output.Format;
import io.tributary.cli.output.TextTable;
import io.tributary.sql.Sql;
import io.tributary.warehouse.Warehouse;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.project.WarehouseSpec;
import java.nio.file.Files;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "tables", mixinStandardHelpOptions = true, versionProvider = io.tributary.cli.Version.class, description = "List the warehouse's tables with row counts and sizes.")
public final class TablesCommand implements Callable<Integer> {
    private final Cli.Io io;

    @Mixin
    ProjectOption project;

    @Option(names = "--all", description = "Also show Tributary's own tables (schema _tributary).")
    boolean all;

    public TablesCommand(Cli.Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        WarehouseSpec warehouseSpec = project.warehouse();
        if (!java.nio.file.Files.exists(warehouseSpec.path())) {
            io.out().println("no tables yet: the warehouse " + warehouseSpec.path() + " does not exist until the first run (tributary run NAME)");
            return ExitCode.OK;
        }
        try (Warehouse warehouse = Warehouse.open(warehouseSpec, true)) {
            TextTable table = new TextTable(List.of("TABLE", "ROWS", "COLUMNS", "SIZE"));
            for (String[] entry : tables(warehouse)) {
                String qualified = Sql.ident(entry[0]) + "." + Sql.ident(entry[1]);
                String name = "main".equals(entry[0]) ? entry[1] : entry[0] + "." + entry[1];
                table.add(List.of(name, Format.count(scalar(warehouse, "SELECT count(*) FROM " + qualified)), entry[2],
                        Format.bytes(scalar(warehouse, "SELECT coalesce(count(DISTINCT block_id), 0) * 262144 FROM pragma_storage_info("
                                + Sql.literal(qualified) + ") WHERE block_id IS NOT NULL AND block_id >= 0"))));
            }
            if (table.size() == 0) {
                io.out().println("the warehouse has no tables yet: run a pipeline (tributary run NAME)");
            } else {
                table.print(io.out());
            }
            io.out().println();
            io.out().println("warehouse: " + warehouse.path() + " (" + Format.bytes(Files.size(warehouse.path())) + ")");
        } catch (SQLException e) {
            throw TributaryException.failed("cannot list the warehouse's tables: " + e.getMessage());
        }
        return ExitCode.OK;
    }

    private List<String[]> tables(Warehouse warehouse) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement statement = warehouse.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT schema_name, table_name, column_count FROM duckdb_tables() WHERE NOT temporary "
                     + "AND table_name NOT LIKE '" + Warehouse.STAGE_PREFIX + "%'" + (all ? "" : " AND schema_name <> '" + Warehouse.META + "'")
                     + " ORDER BY schema_name = 'main' DESC, schema_name, table_name")) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2), String.valueOf(rs.getLong(3))});
            }
        }
        return out;
    }

    private static long scalar(Warehouse warehouse, String sql) throws SQLException {
        try (Statement statement = warehouse.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
