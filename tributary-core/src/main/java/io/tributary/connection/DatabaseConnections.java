package io.tributary.connection;

import io.tributary.config.ConfigReader;
import io.tributary.config.Secrets;
import io.tributary.spi.ConnectionKind;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.JdbcUrl;
import java.util.List;
import java.util.Map;

/**
 * The built-in database connections: {@code postgres}, {@code mysql}, {@code mariadb} (host, port,
 * database, user, password, options) and {@code jdbc} (a URL for any driver in the project's
 * {@code drivers/} folder).
 */
public final class DatabaseConnections implements ConnectionKind {

    @Override
    public List<String> names() {
        return List.of("postgres", "mysql", "mariadb", "jdbc");
    }

    @Override
    public ConnectionSpec read(String name, String kind, ConfigReader entry) {
        boolean jdbc = "jdbc".equals(kind);
        String host = entry.string("host", jdbc ? null : "127.0.0.1");
        Long port = entry.integer("port", null, 1, 65535);
        String database = entry.string("database", null);
        String user = entry.string("user", null);
        String password = entry.string("password", null);
        Map<String, String> options = entry.has("options") ? entry.stringMap("options") : Map.of();
        String url = entry.string("url", null);
        String driver = entry.string("driver", null);
        if (jdbc) {
            if (url == null) {
                entry.requiredString("url", "the driver's JDBC URL, e.g. url: jdbc:sqlserver://db:1433;databaseName=shop "
                        + "(put the driver's jar in the project's drivers/ folder)");
            }
        } else {
            if (url != null) {
                entry.problem("url", "url is only for kind: jdbc", "give host, port and database for " + kind);
            }
            if (database == null) {
                entry.requiredString("database", "the database to connect to, e.g. database: shop");
            }
        }
        entry.finish();
        // a password written as it is (not ${env:...}), or inside the URL, is masked in every message all the same
        Secrets.remember(password);
        Secrets.remember(JdbcUrl.password(url));
        return new ConnectionSpec(name, kind, host, port == null ? null : port.intValue(), database, user,
                password, options, url, driver, entry.location());
    }
}
