package io.tributary.spi;

import java.nio.file.Path;
import java.util.Set;

/**
 * A kind of destination database other than the embedded DuckDB warehouse, registered through
 * {@code META-INF/services/io.tributary.spi.DestinationFactory} and chosen by the connection's
 * {@code kind} when a pipeline says {@code load.destination: NAME}.
 */
public interface DestinationFactory {

    /** The connection kinds this factory serves, e.g. {@code postgres}. */
    Set<String> kinds();

    /** Connects. The message of a failure names the connection and says what to do; it never holds the password. */
    Destination open(ConnectionSpec connection, Path projectDir) throws DestinationException;
}
