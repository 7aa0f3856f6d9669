package io.tributary.connectors.destination;

import io.tributary.jdbc.ConnectionFailure;
import io.tributary.jdbc.Connections;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import io.tributary.spi.DestinationFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** PostgreSQL ({@code kind: postgres}) and MySQL/MariaDB ({@code kind: mysql}, {@code mariadb}) as destinations. */
public final class DatabaseDestinationFactory implements DestinationFactory {

    @Override
    public Set<String> kinds() {
        return Set.of("postgres", "mysql", "mariadb");
    }

    @Override
    public Destination open(ConnectionSpec connection, Path projectDir) throws DestinationException {
        return open(connection, projectDir, false);
    }

    /** {@code forceInserts}: MySQL/MariaDB without LOAD DATA LOCAL even where the server allows it (for tests). */
    static Destination open(ConnectionSpec connection, Path projectDir, boolean forceInserts) throws DestinationException {
        boolean postgres = "postgres".equals(connection.kind());
        ConnectionSpec spec = postgres ? connection : withLocalInfile(connection);
        Connection jdbc;
        try {
            jdbc = Connections.open(spec, projectDir);
        } catch (ConnectionFailure e) {
            throw new DestinationException(e.getMessage(), e);
        }
        try {
            return postgres ? new PostgresDestination(connection, jdbc, () -> session(spec, projectDir))
                    : new MysqlDestination(connection, jdbc, forceInserts);
        } catch (SQLException e) {
            try {
                jdbc.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new DestinationException("destination " + connection.describe() + ": setting up the session failed: " + e.getMessage(), e);
        }
    }

    /** Another session to a destination database, for a parallel load. */
    private static Connection session(ConnectionSpec spec, Path projectDir) throws SQLException {
        try {
            return Connections.open(spec, projectDir);
        } catch (ConnectionFailure e) {
            throw new SQLException("opening another session: " + e.getMessage(), e);
        }
    }

    /** The driver only sends a local file for LOAD DATA LOCAL INFILE when allowed to; the user's own setting wins. */
    private static ConnectionSpec withLocalInfile(ConnectionSpec spec) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("allowLocalInfile", "true");
        options.putAll(spec.options());
        return new ConnectionSpec(spec.name(), spec.kind(), spec.host(), spec.port(), spec.database(), spec.user(), spec.password(),
                options, spec.url(), spec.driver(), spec.location());
    }
}
