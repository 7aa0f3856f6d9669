package io.tributary.spi;

/**
 * The typed settings of a connection kind whose keys are not a database's (host, port, database...):
 * what its {@link ConnectionKind} read, carried in {@link ConnectionSpec#settings()}.
 */
public interface ConnectionSettings {

    /** Where the connection points, without secrets, for messages and {@code tributary connections}. */
    String describe();
}
