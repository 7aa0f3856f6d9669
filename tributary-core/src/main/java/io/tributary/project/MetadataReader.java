package io.tributary.project;

import io.tributary.config.ConfigReader;
import io.tributary.config.DidYouMean;
import io.tributary.spi.ConnectionSpec;
import java.util.Map;

/** Reads {@code metadata: {connection: NAME}} from {@code tributary.yml}; NAME must be a postgres connection. */
final class MetadataReader {
    /** The kinds a metadata store can live in (besides the warehouse). */
    static final String KIND = "postgres";

    private MetadataReader() {}

    /** The metadata block of {@code config} (the file's root), checked against the file's connections. */
    static MetadataSpec read(ConfigReader config, Map<String, ConnectionSpec> connections) {
        if (!config.has("metadata")) {
            return MetadataSpec.IN_WAREHOUSE;
        }
        ConfigReader metadata = config.map("metadata");
        if (metadata == null) {
            return MetadataSpec.IN_WAREHOUSE;
        }
        String name = metadata.requiredString("connection",
                "the postgres connection (under connections:) to keep the run history in, e.g. metadata: {connection: ops_db}; "
                        + "leave out metadata: to keep it in the warehouse");
        metadata.finish();
        if (name == null) {
            return MetadataSpec.IN_WAREHOUSE;
        }
        ConnectionSpec connection = connections.get(name);
        if (connection == null) {
            metadata.problem("connection", "unknown connection '" + name + "'", connections.isEmpty()
                    ? "define it under connections: in " + ProjectLoader.PROJECT_FILE + " (kind: postgres)"
                    : DidYouMean.hint(name, connections.keySet()));
            return MetadataSpec.IN_WAREHOUSE;
        }
        if (!KIND.equals(connection.kind())) {
            metadata.problem("connection", "connection '" + name + "' is of kind " + connection.kind()
                    + ", but the run history can only be kept in PostgreSQL", "name a connection of kind: postgres, "
                    + "or leave out metadata: to keep the history in the warehouse");
            return MetadataSpec.IN_WAREHOUSE;
        }
        return new MetadataSpec(connection, config.keyLocationOf("metadata"));
    }
}
