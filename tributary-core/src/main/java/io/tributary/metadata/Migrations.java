package io.tributary.metadata;

import io.tributary.error.ErrorKind;
import io.tributary.error.TributaryException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Versioned schema migrations of Tributary's own tables, with Flyway: SQL (and, where a step depends
 * on the data it finds, Java) migrations named {@code V<n>__<what>} in one folder per store, applied
 * in order and recorded in a history table of their own, so several sets can share one schema.
 * Existing warehouses whose tables predate migrations are baselined at version 0 and their first
 * migration only creates what is missing ({@code IF NOT EXISTS}), so their history is kept.
 *
 * <p>Flyway costs about 0.2 s per set to start and to look at its history table (in DuckDB, a
 * dozen catalog queries per migration), and every command would pay it. So a set is first checked with one
 * query against its history table, and Flyway runs only when that shows a version other than the
 * set's newest. The newest version of each set is not written down by hand: the build asks Flyway
 * which migrations it finds in each folder and packages the answer ({@link MigrationIndex}), so a new
 * migration file can never be skipped by a stale number. A fresh warehouse does not run Flyway at
 * all: it starts as a copy of the empty warehouse the build migrated ({@code EmptyWarehouse}).
 */
public final class Migrations {

    /** One folder of migrations and its history table. */
    public record Set(String location, String historyTable) {
        /**
         * The newest version in the folder, as the build found it ({@link MigrationIndex});
         * {@link MigrationIndex#UNKNOWN} when this copy was not built with its index (then Flyway always runs).
         */
        public int newest() {
            return MigrationIndex.packaged().newest(this);
        }
    }

    /** The warehouse's own tables: source state and load records (which commit with the data), rejected rows. */
    public static final Set WAREHOUSE = new Set("classpath:io/tributary/warehouse/migration", "warehouse_schema_history");
    /** The run history and the rest of the metadata store, inside the DuckDB warehouse. */
    public static final Set METADATA_DUCKDB = new Set("classpath:io/tributary/metadata/migration/duckdb", "metadata_schema_history");
    /** The same in PostgreSQL. */
    public static final Set METADATA_POSTGRES = new Set("classpath:io/tributary/metadata/migration/postgres", "metadata_schema_history");
    /** Every set, for the build's index. */
    public static final List<Set> ALL = List.of(WAREHOUSE, METADATA_DUCKDB, METADATA_POSTGRES);

    private Migrations() {}

    /**
     * Brings {@code set} up to date in {@code schema}. {@code connections} hands out connections to
     * the database (Flyway closes them); the first one is also used for the quick check.
     */
    public static void migrate(ConnectionSource connections, String schema, Set set, String where) {
        try {
            int version;
            try (Connection connection = connections.open()) {
                version = appliedVersion(connection, schema, set.historyTable());
            }
            int newest = set.newest();
            if (version == newest) {
                return;
            }
            if (newest != MigrationIndex.UNKNOWN && version > newest) {
                throw new TributaryException(ErrorKind.INVALID_INPUT, "Tributary's tables in " + where
                        + " were upgraded by a newer version of Tributary (schema version " + version + "; this one knows up to "
                        + newest + "). Use that version, or a newer one.");
            }
            flyway(connections, schema, set).migrate();
        } catch (SQLException | RuntimeException e) {
            if (e instanceof TributaryException t) {
                throw t;
            }
            throw TributaryException.failed("cannot bring Tributary's tables in " + where + " up to date: " + e.getMessage());
        }
    }

    /**
     * Flyway for {@code set}. All pending migrations run in one transaction ({@code group}): an upgrade
     * is all or nothing, and Flyway refreshes its history and takes its lock once instead of once per
     * migration. No callbacks are looked for, as there are none.
     */
    static Flyway flyway(ConnectionSource connections, String schema, Set set) {
        return Flyway.configure(Migrations.class.getClassLoader())
                .dataSource(dataSource(connections))
                .schemas(schema)
                .table(set.historyTable())
                .locations(set.location())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .validateMigrationNaming(true)
                .group(true)
                .skipDefaultCallbacks(true)
                .load();
    }

    /** True when {@code set} is applied in {@code schema} up to its newest version. */
    public static boolean isCurrent(ConnectionSource connections, String schema, Set set) {
        try (Connection connection = connections.open()) {
            return appliedVersion(connection, schema, set.historyTable()) == set.newest();
        } catch (SQLException e) {
            return false;
        }
    }

    /** The newest successfully applied version, 0 for a baseline only, -1 when the set was never applied. */
    static int appliedVersion(Connection connection, String schema, String historyTable) {
        String sql = "SELECT max(CAST(version AS INTEGER)) FROM " + schema + "." + historyTable + " WHERE success AND version IS NOT NULL";
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            int version = rs.getInt(1);
            return rs.wasNull() ? -1 : version;
        } catch (SQLException e) {
            return -1;
        }
    }

    /** A source of new connections to one database. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    /** Flyway takes a {@link DataSource}; ours only opens connections. */
    private static DataSource dataSource(ConnectionSource connections) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                return connections.open();
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return connections.open();
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {}

            @Override
            public void setLoginTimeout(int seconds) {}

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException();
            }

            @Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> type) {
                return false;
            }
        };
    }
}
