package io.tributary.project;

import io.tributary.spi.ConnectionSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A validated project: {@code tributary.yml} plus every {@code pipelines/*.yml}.
 *
 * @param metadata where the run history lives ({@code metadata:}; the warehouse by default)
 */
public record ProjectSpec(Path dir, String name, WarehouseSpec warehouse, Map<String, ConnectionSpec> connections,
                          Map<String, AlertChannel> alerts, List<PipelineSpec> pipelines, MetadataSpec metadata) {

    /** A project keeping its history in the warehouse. */
    public ProjectSpec(Path dir, String name, WarehouseSpec warehouse, Map<String, ConnectionSpec> connections,
                       Map<String, AlertChannel> alerts, List<PipelineSpec> pipelines) {
        this(dir, name, warehouse, connections, alerts, pipelines, MetadataSpec.IN_WAREHOUSE);
    }

    public ProjectSpec {
        metadata = metadata == null ? MetadataSpec.IN_WAREHOUSE : metadata;
    }

    public Optional<PipelineSpec> pipeline(String name) {
        return pipelines.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
