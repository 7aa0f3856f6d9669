package io.tributary.metadata;

import io.tributary.config.Secrets;
import io.tributary.error.ErrorKind;
import io.tributary.error.TributaryException;
import io.tributary.spi.ConnectionSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Properties;
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

    /**
     * The store in the PostgreSQL database of the named connection ({@code metadata: {connection: NAME}}).
     * The PostgreSQL driver comes with the connectors on the class path.
     *
     * @throws TributaryException of kind {@link ErrorKind#SOURCE_UNREACHABLE} when the database cannot be reached
     */
    public static MetadataStore postgres(ConnectionSpec connection) {
        String description = "the metadata store in connection '" + connection.name() + "' (" + connection.describe() + ")";
        Migrations.ConnectionSource connections = () -> connect(connection);
        try (Connection probe = connections.open()) {
            probe.isValid(5);
        } catch (SQLException e) {
            throw new TributaryException(ErrorKind.SOURCE_UNREACHABLE, "cannot reach " + description + ": "
                    + Secrets.redact(String.valueOf(e.getMessage())) + ". Check that the server runs and accepts connection '"
                    + connection.name() + "' of tributary.yml, or leave out metadata: to keep the run history in the warehouse.", e);
        }
        return postgres(connections, description);
    }

    private static Connection connect(ConnectionSpec connection) throws SQLException {
        String url = "jdbc:postgresql://" + connection.host() + ":" + connection.effectivePort() + "/" + connection.database();
        Properties properties = new Properties();
        properties.setProperty("ApplicationName", "tributary metadata");
        properties.setProperty("connectTimeout", "10");
        if (connection.user() != null) {
            properties.setProperty("user", connection.user());
        }
        if (connection.password() != null) {
            properties.setProperty("password", connection.password());
        }
        connection.options().forEach(properties::setProperty);
        return DriverManager.getConnection(url, properties);
    }

    private static Connection duplicate(Connection warehouse) throws SQLException {
        return warehouse.unwrap(DuckDBConnection.class).duplicate();
    }
}
