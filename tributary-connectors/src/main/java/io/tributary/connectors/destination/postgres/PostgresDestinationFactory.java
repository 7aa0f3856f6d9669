package io.tributary.connectors.destination.postgres;

import io.tributary.connectors.destination.DestinationSessions;
import io.tributary.jdbc.ConnectionFailure;
import io.tributary.jdbc.Connections;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import io.tributary.spi.DestinationFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/** PostgreSQL ({@code kind: postgres}) as a destination. */
public final class PostgresDestinationFactory implements DestinationFactory {

    @Override
    public Set<String> kinds() {
        return Set.of("postgres");
    }

    @Override
    public Destination open(ConnectionSpec connection, Path projectDir) throws DestinationException {
        return DestinationSessions.open(connection, connection, projectDir,
                jdbc -> new PostgresDestination(connection, jdbc, () -> session(connection, projectDir)));
    }

    /** Another session to a destination database, for a parallel load. */
    private static Connection session(ConnectionSpec spec, Path projectDir) throws SQLException {
        try {
            return Connections.open(spec, projectDir);
        } catch (ConnectionFailure e) {
            throw new SQLException("opening another session: " + e.getMessage(), e);
        }
    }
}
