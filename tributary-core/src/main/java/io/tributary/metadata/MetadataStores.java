package io.tributary.metadata;

import java.sql.Connection;
import java.sql.SQLException;
import org.duckdb.DuckDBConnection;

/** Opens the metadata store where the project says it lives, its schema migrated to this version. */
public final class MetadataStores {
    /** The schema of Tributary's own tables, in the warehouse and in a PostgreSQL store alike. */
    public static final String SCHEMA = "_tributary";

    private MetadataStores() {}

    /**
     * The store inside the DuckDB warehouse (the default), on a connection of its own to the
     * warehouse's database ({@code duplicate()}), so its statements never interleave with a run's.
     */
    public static MetadataStore inWarehouse(Connection warehouse, String description) {
        Migrations.ConnectionSource connections = () -> duplicate(warehouse);
        Migrations.migrate(connections, SCHEMA, Migrations.METADATA_DUCKDB, description);
        return new JdbcMetadataStore(description, true, SCHEMA, connections, true);
    }

    /**
     * The store inside a warehouse opened read-only, for reading the history while nothing may be
     * written; empty when its tables are missing or older than this version (open the warehouse for
     * writing then, which migrates them).
     */
    public static java.util.Optional<MetadataStore> inWarehouseReadOnly(Connection warehouse, String description) {
        Migrations.ConnectionSource connections = () -> duplicate(warehouse);
        if (!Migrations.isCurrent(connections, SCHEMA, Migrations.METADATA_DUCKDB)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new JdbcMetadataStore(description, true, SCHEMA, connections, true));
    }

    /** A store in a PostgreSQL database; {@code connections} opens a connection to it. */
    public static MetadataStore postgres(Migrations.ConnectionSource connections, String description) {
        Migrations.migrate(connections, SCHEMA, Migrations.METADATA_POSTGRES, description);
        return new JdbcMetadataStore(description, false, SCHEMA, connections, true);
    }

    private static Connection duplicate(Connection warehouse) throws SQLException {
        return warehouse.unwrap(DuckDBConnection.class).duplicate();
    }
}
