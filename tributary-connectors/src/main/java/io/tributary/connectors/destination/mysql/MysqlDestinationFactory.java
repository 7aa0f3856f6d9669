package io.tributary.connectors.destination.mysql;

import io.tributary.connectors.destination.DestinationSessions;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import io.tributary.spi.DestinationFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** MySQL/MariaDB ({@code kind: mysql}, {@code mariadb}) as a destination. */
public final class MysqlDestinationFactory implements DestinationFactory {

    @Override
    public Set<String> kinds() {
        return Set.of("mysql", "mariadb");
    }

    @Override
    public Destination open(ConnectionSpec connection, Path projectDir) throws DestinationException {
        return open(connection, projectDir, false);
    }

    /** {@code forceInserts}: without LOAD DATA LOCAL even where the server allows it (for tests). */
    static Destination open(ConnectionSpec connection, Path projectDir, boolean forceInserts) throws DestinationException {
        return DestinationSessions.open(connection, withLocalInfile(connection), projectDir,
                jdbc -> new MysqlDestination(connection, jdbc, forceInserts));
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
