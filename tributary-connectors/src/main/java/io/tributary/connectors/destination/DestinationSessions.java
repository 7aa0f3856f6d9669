package io.tributary.connectors.destination;

import io.tributary.jdbc.ConnectionFailure;
import io.tributary.jdbc.Connections;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Opening the session a destination database is published over, with its failures in the destination's words. */
public final class DestinationSessions {
    private DestinationSessions() {}

    /** Builds a destination on an open session, setting the session up as that database needs. */
    @FunctionalInterface
    public interface OnSession {
        Destination open(Connection session) throws SQLException;
    }

    /**
     * Opens a session as {@code session} says (the user's {@code connection}, perhaps with options the
     * destination needs) and builds the destination on it. A session the destination cannot be set up
     * on is closed again.
     */
    public static Destination open(ConnectionSpec connection, ConnectionSpec session, Path projectDir, OnSession build)
            throws DestinationException {
        Connection jdbc;
        try {
            jdbc = Connections.open(session, projectDir);
        } catch (ConnectionFailure e) {
            throw new DestinationException(e.getMessage(), e);
        }
        try {
            return build.open(jdbc);
        } catch (SQLException e) {
            try {
                jdbc.close();
            } catch (SQLException ignored) {
                // already failing
            }
            throw new DestinationException("destination " + connection.describe() + ": setting up the session failed: " + e.getMessage(), e);
        }
    }
}
