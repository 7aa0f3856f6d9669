package io.tributary.spi;

import io.tributary.config.ConfigReader;
import java.util.List;

/**
 * A kind of connection under {@code tributary.yml}'s {@code connections:}, chosen by its {@code kind:}
 * and registered through {@code META-INF/services/io.tributary.spi.ConnectionKind}. The built-in
 * database kinds register exactly like a third-party one (a message queue, an object store), so a new
 * kind never touches the engine: a source or a {@link DestinationFactory} serving the same kind reads
 * the typed settings back with {@link ConnectionSpec#settings(Class)}.
 */
public interface ConnectionKind {

    /** The words users write as {@code kind:}; one kind may answer to several ({@code mysql}, {@code mariadb}). */
    List<String> names();

    /**
     * Called when the project is loaded: reads and checks the connection's keys (besides {@code kind},
     * already read), reporting each problem to {@code config.problems()} and calling
     * {@link ConfigReader#finish()} so unknown keys are caught. Must not touch the network. Registers
     * any password it reads with {@link io.tributary.config.Secrets#remember} so messages mask it.
     *
     * @param name the connection's name (the key under {@code connections:})
     * @param kind which of {@link #names()} the user wrote
     */
    ConnectionSpec read(String name, String kind, ConfigReader config);
}
