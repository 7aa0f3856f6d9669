package io.tributary.app;

import io.tributary.error.TributaryException;
import io.tributary.project.WarehouseSpec;
import io.tributary.sql.Sql;
import io.tributary.warehouse.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the warehouse holds: its tables with row counts, columns and sizes, for {@code tributary tables}
 * and, later, the server's catalog page. The warehouse is opened read-only, so listing never stands in
 * a run's way. Staging tables of runs in progress are never listed: they are a run's private work.
 */
public final class Catalog {
    /** DuckDB stores tables in blocks of this many bytes; a table's size is its blocks. */
    static final long BLOCK_BYTES = 262_144;

    /**
     * One table.
     *
     * @param schema  {@code main} for the tables pipelines load, {@value Warehouse#META} for Tributary's own
     * @param bytes   the storage its blocks take (an estimate: blocks shared with other tables count for each)
     */
    public record Table(String schema, String name, long rows, long columns, long bytes) {
        /** The name as a user writes it in SQL: bare in {@code main}, qualified elsewhere. */
        public String displayName() {
            return "main".equals(schema) ? name : schema + "." + name;
        }
    }

    /** The warehouse file, its size on disk, and its tables: those of {@code main} first, then by schema and name. */
    public record Listing(Path warehouse, long fileBytes, List<Table> tables) {}

    private Catalog() {}

    /**
     * Lists the warehouse's tables; {@code includeMetadata} adds Tributary's own (schema {@value Warehouse#META}).
     * Empty when the warehouse does not exist yet (no run has created it): listing never creates it.
     */
    public static Optional<Listing> list(WarehouseSpec spec, boolean includeMetadata) {
        if (!Files.exists(spec.path())) {
            return Optional.empty();
        }
        try (Warehouse warehouse = Warehouse.open(spec, true)) {
            List<Table> tables = tables(warehouse, includeMetadata);
            return Optional.of(new Listing(warehouse.path(), Files.size(warehouse.path()), tables));
        } catch (SQLException | IOException e) {
            throw TributaryException.failed("cannot list the tables of the warehouse " + spec.path() + ": " + e.getMessage());
        }
    }

    /** The tables of an open warehouse, with their row counts and sizes. */
    public static List<Table> tables(Warehouse warehouse, boolean includeMetadata) throws SQLException {
        return tables(warehouse.connection(), includeMetadata);
    }

    /**
     * The listing of a warehouse this process holds open (the server's), read on {@code connection}, a
     * session of its own: what {@link #list} gives for a warehouse no one holds.
     */
    public static Listing list(Warehouse warehouse, java.sql.Connection connection, boolean includeMetadata) {
        try {
            return new Listing(warehouse.path(), Files.size(warehouse.path()), tables(connection, includeMetadata));
        } catch (SQLException | IOException e) {
            throw TributaryException.failed("cannot list the tables of the warehouse " + warehouse.path() + ": " + e.getMessage());
        }
    }

    /** The tables, with their row counts and sizes, read on {@code connection}. */
    public static List<Table> tables(java.sql.Connection connection, boolean includeMetadata) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT schema_name, table_name, column_count FROM duckdb_tables() WHERE NOT temporary "
                     + "AND NOT starts_with(table_name, " + Sql.literal(Warehouse.STAGE_PREFIX) + ")"
                     + (includeMetadata ? "" : " AND schema_name <> " + Sql.literal(Warehouse.META))
                     + " ORDER BY schema_name = 'main' DESC, schema_name, table_name")) {
            while (rs.next()) {
                String schema = rs.getString(1);
                String name = rs.getString(2);
                String qualified = Sql.ident(schema) + "." + Sql.ident(name);
                tables.add(new Table(schema, name, scalar(connection, "SELECT count(*) FROM " + qualified), rs.getLong(3),
                        scalar(connection, "SELECT coalesce(count(DISTINCT block_id), 0) * " + BLOCK_BYTES + " FROM pragma_storage_info("
                                + Sql.literal(qualified) + ") WHERE block_id IS NOT NULL AND block_id >= 0")));
            }
        }
        return tables;
    }

    private static long scalar(java.sql.Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
