package io.tributary.project;

import io.tributary.spi.ConnectionSpec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A validated project: {@code tributary.yml} plus every {@code pipelines/*.yml}. */
public record ProjectSpec(Path dir, String name, WarehouseSpec warehouse, Map<String, ConnectionSpec> connections,
                          Map<String, AlertChannel> alerts, List<PipelineSpec> pipelines) {

    public Optional<PipelineSpec> pipeline(String name) {
        return pipelines.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
