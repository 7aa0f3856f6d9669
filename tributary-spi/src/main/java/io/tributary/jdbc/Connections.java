package io.tributary.jdbc;

import io.tributary.config.Secrets;
import io.tributary.spi.ConnectionSpec;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Opens JDBC connections for named connections. PostgreSQL and MySQL/MariaDB drivers are built in
 * (MySQL servers are reached with MariaDB Connector/J, which speaks the same protocol); any other
 * database works with its driver jar dropped into the project's {@code drivers/} folder. Failures
 * become a message that says what went wrong and what to do, with the password redacted.
 */
public final class Connections {
    public static final String DRIVERS_DIR = "drivers";

    private Connections() {}

    /** The JDBC URL for a connection (never holds the password: it goes in the properties). */
    public static String url(ConnectionSpec spec) {
        return switch (spec.kind()) {
            case "postgres" -> "jdbc:postgresql://" + spec.host() + ":" + spec.effectivePort() + "/" + spec.database();
            case "mysql", "mariadb" -> "jdbc:mariadb://" + spec.host() + ":" + spec.effectivePort() + "/" + spec.database();
            default -> spec.url();
        };
    }

    /** Driver properties: user, password, the connection's options, and the kind's defaults. */
    static Properties properties(ConnectionSpec spec) {
        Properties properties = new Properties();
        if ("postgres".equals(spec.kind())) {
            properties.setProperty("ApplicationName", "tributary");
            properties.setProperty("connectTimeout", "10");
        } else if ("mysql".equals(spec.kind()) || "mariadb".equals(spec.kind())) {
            properties.setProperty("connectTimeout", "10000");
        }
        if (spec.user() != null) {
            properties.setProperty("user", spec.user());
        }
        if (spec.password() != null) {
            properties.setProperty("password", spec.password());
        }
        for (Map.Entry<String, String> option : spec.options().entrySet()) {
            properties.setProperty(option.getKey(), option.getValue());
        }
        return properties;
    }

    /**
     * Connects, or throws {@link ConnectionFailure} whose message names the connection, where it
     * points, the reason in plain words, and the fix.
     */
    public static Connection open(ConnectionSpec spec, Path projectDir) throws ConnectionFailure {
        String url = url(spec);
        Driver driver = driverFor(spec, url, projectDir);
        try {
            Connection connection = driver.connect(url, properties(spec));
            if (connection == null) {
                throw new ConnectionFailure(spec, "the driver " + driver.getClass().getName() + " does not accept the URL " + Secrets.redact(url),
                        "check url: in connection '" + spec.name() + "'");
            }
            return connection;
        } catch (SQLException e) {
            throw ConnectionFailure.of(spec, e);
        }
    }

    private static Driver driverFor(ConnectionSpec spec, String url, Path projectDir) throws ConnectionFailure {
        ClassLoader loader = driverLoader(projectDir);
        try {
            if (spec.driver() != null) {
                return (Driver) Class.forName(spec.driver(), true, loader).getDeclaredConstructor().newInstance();
            }
            for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
                if (driver.acceptsURL(url)) {
                    return driver;
                }
            }
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new ConnectionFailure(spec, "cannot load the driver class " + spec.driver() + ": " + e,
                    "put the driver's jar in " + projectDir.resolve(DRIVERS_DIR) + " and check driver: in connection '" + spec.name() + "'");
        } catch (SQLException e) {
            throw ConnectionFailure.of(spec, e);
        }
        throw new ConnectionFailure(spec, "no JDBC driver accepts " + Secrets.redact(url),
                "put the database's JDBC driver jar in " + projectDir.resolve(DRIVERS_DIR) + " (and name its class with driver: if it does not register itself)");
    }

    /** The class path plus every jar in {@code drivers/}. */
    static ClassLoader driverLoader(Path projectDir) throws ConnectionFailure {
        Path folder = projectDir.resolve(DRIVERS_DIR);
        ClassLoader parent = Connections.class.getClassLoader();
        if (!Files.isDirectory(folder)) {
            return parent;
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path jar : files.filter(f -> f.toString().endsWith(".jar")).sorted().collect(Collectors.toList())) {
                jars.add(jar.toUri().toURL());
            }
        } catch (IOException e) {
            throw new ConnectionFailure(null, "cannot list " + folder + ": " + e.getMessage(), "check the folder's permissions");
        }
        return jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
    }
}
