package io.tributary.app;

import io.tributary.config.DidYouMean;
import io.tributary.config.Secrets;
import io.tributary.error.TributaryException;
import io.tributary.spi.ConnectionSpec;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Tries the project's named connections, for {@code tributary connections test} and the server's
 * connection page: each is opened, timed and asked for its server's name and version, or reported as
 * unreachable with the reason in plain words (never a password).
 *
 * <p>Opening a connection is the connectors' job (drivers, URLs, the project's {@code drivers/} folder)
 * and core does not depend on them, so the caller passes the {@link Opener}.
 */
public final class ConnectionTester {
    /** Opens a connection to a database as a pipeline would. */
    @FunctionalInterface
    public interface Opener {
        /**
         * @throws Refused  when the opener can say why in plain words
         * @throws SQLException  otherwise; its message is shown, secrets masked
         */
        Connection open(ConnectionSpec connection) throws Refused, SQLException;
    }

    /** The connection could not be opened: the reason and, when known, what to check. */
    public static final class Refused extends Exception {
        private final String reason;
        private final String hint;

        public Refused(String reason, String hint, Throwable cause) {
            super(reason + (hint == null ? "" : " (" + hint + ")"), cause);
            this.reason = reason;
            this.hint = hint;
        }

        public String reason() {
            return reason;
        }

        public String hint() {
            return hint;
        }
    }

    /**
     * What one attempt found.
     *
     * @param millis  how long connecting and reading the server's version took; -1 when it failed
     * @param server  the server's product name and version, when reached
     * @param failure why it could not be reached (with what to check), secrets masked; null when reached
     */
    public record Outcome(ConnectionSpec connection, long millis, String server, String failure) {
        public boolean reached() {
            return failure == null;
        }
    }

    private final Map<String, ConnectionSpec> connections;
    private final Opener opener;

    /** Tests {@code connections} (the project's, by name) with {@code opener}. */
    public ConnectionTester(Map<String, ConnectionSpec> connections, Opener opener) {
        this.connections = connections;
        this.opener = opener;
    }

    /**
     * The connection named, or (null) all of them in the order of tributary.yml.
     *
     * @throws TributaryException (invalid input) when no connection has that name, saying which one is close
     */
    public List<ConnectionSpec> select(String name) {
        if (name == null) {
            return List.copyOf(connections.values());
        }
        ConnectionSpec spec = connections.get(name);
        if (spec == null) {
            String closest = DidYouMean.closest(name, connections.keySet());
            throw TributaryException.invalid("no connection named '" + name + "' in tributary.yml"
                    + (closest != null ? "; did you mean '" + closest + "'?"
                    : connections.isEmpty() ? "; it defines no connections (add them under connections:)"
                    : "; its connections are " + String.join(", ", connections.keySet())));
        }
        return List.of(spec);
    }

    /** Tries each connection in turn; one failing does not stop the others. */
    public List<Outcome> test(List<ConnectionSpec> chosen) {
        List<Outcome> outcomes = new ArrayList<>();
        for (ConnectionSpec spec : chosen) {
            outcomes.add(test(spec));
        }
        return outcomes;
    }

    /** Connects, reads the server's version and disconnects. */
    public Outcome test(ConnectionSpec spec) {
        long started = System.nanoTime();
        try (Connection connection = opener.open(spec)) {
            DatabaseMetaData meta = connection.getMetaData();
            String server = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
            return new Outcome(spec, (System.nanoTime() - started) / 1_000_000, server, null);
        } catch (Refused e) {
            return new Outcome(spec, -1, null, Secrets.redact(e.getMessage()));
        } catch (SQLException e) {
            return new Outcome(spec, -1, null, Secrets.redact(String.valueOf(e.getMessage())));
        }
    }
}
