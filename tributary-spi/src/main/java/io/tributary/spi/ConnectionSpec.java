package io.tributary.spi;

import io.tributary.config.Location;
import java.util.Map;

/**
 * A named database connection from {@code tributary.yml}'s {@code connections:} block, referenced by
 * name from a pipeline's source ({@code source.connection}) or destination ({@code load.destination}).
 *
 * @param name     the key under {@code connections:}
 * @param kind     the word written as {@code kind:}: built in are {@code postgres}, {@code mysql}, {@code mariadb} and
 *                 {@code jdbc} (any driver from the project's {@code drivers/} folder); others come from a {@link ConnectionKind}
 * @param host     server host (not for {@code jdbc})
 * @param port     server port, or null for the kind's default
 * @param database database name
 * @param user     user name, may be null
 * @param password resolved secret (already registered for redaction), may be null
 * @param options  driver properties appended to the connection (e.g. {@code sslmode: require})
 * @param url      the full JDBC URL, for kind {@code jdbc} only
 * @param driver   the driver class for kind {@code jdbc}, when the jar does not register itself
 * @param location where the connection is defined, for messages
 * @param settings the typed settings of a kind that is not a database (null for the database kinds)
 */
public record ConnectionSpec(String name, String kind, String host, Integer port, String database, String user,
                             String password, Map<String, String> options, String url, String driver, Location location,
                             ConnectionSettings settings) {

    /** A database connection: its settings are the fields above. */
    public ConnectionSpec(String name, String kind, String host, Integer port, String database, String user,
                          String password, Map<String, String> options, String url, String driver, Location location) {
        this(name, kind, host, port, database, user, password, options, url, driver, location, null);
    }

    /** A connection of a kind with settings of its own. */
    public static ConnectionSpec of(String name, String kind, ConnectionSettings settings, Location location) {
        return new ConnectionSpec(name, kind, null, null, null, null, null, Map.of(), null, null, location, settings);
    }

    /**
     * The kind's typed settings, for the source or destination that serves the kind; a connection of
     * another kind is a message naming it and its kind.
     */
    public <T extends ConnectionSettings> T settings(Class<T> type) {
        if (!type.isInstance(settings)) {
            throw io.tributary.error.TributaryException.invalid("connection '" + name + "' is of kind " + kind + ", not one that has "
                    + type.getSimpleName());
        }
        return type.cast(settings);
    }

    /** The kind's default port, or null for {@code jdbc}. */
    public Integer effectivePort() {
        if (port != null) {
            return port;
        }
        return switch (kind) {
            case "postgres" -> 5432;
            case "mysql", "mariadb" -> 3306;
            default -> null;
        };
    }

    /** The user name: {@code user:}, or for {@code jdbc} the one its URL carries; may be null. */
    public String effectiveUser() {
        return user != null || !"jdbc".equals(kind) ? user : JdbcUrl.user(url);
    }

    /** Where it points, without secrets: {@code postgres://user@host:5432/db}; a JDBC URL with its password masked. */
    public String describe() {
        if (settings != null) {
            return io.tributary.config.Secrets.redact(settings.describe());
        }
        if ("jdbc".equals(kind)) {
            return io.tributary.config.Secrets.redact(JdbcUrl.masked(url));
        }
        return kind + "://" + (user == null ? "" : user + "@") + host + ":" + effectivePort() + "/" + (database == null ? "" : database);
    }
}
