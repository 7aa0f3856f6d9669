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
 * @param server   how {@code tributary server} runs it ({@code server:})
 * @param alerting the project-wide alert rule and defaults ({@code alerting:})
 * @param health   the project's health thresholds ({@code health:}; each pipeline has its effective ones)
 * @param history  how long the run history is kept ({@code history:})
 */
public record ProjectSpec(Path dir, String name, WarehouseSpec warehouse, Map<String, ConnectionSpec> connections,
                          Map<String, AlertChannel> alerts, List<PipelineSpec> pipelines, MetadataSpec metadata, ServerSpec server,
                          AlertingSpec alerting, HealthThresholds health, HistorySpec history) {

    /** A project with the health and history defaults ({@code health:}, {@code history:} not written). */
    public ProjectSpec(Path dir, String name, WarehouseSpec warehouse, Map<String, ConnectionSpec> connections,
                       Map<String, AlertChannel> alerts, List<PipelineSpec> pipelines, MetadataSpec metadata, ServerSpec server,
                       AlertingSpec alerting) {
        this(dir, name, warehouse, connections, alerts, pipelines, metadata, server, alerting, null, null);
    }

    /** A project with the alerting defaults ({@code alerting:} not written). */
    public ProjectSpec(Path dir, String name, WarehouseSpec warehouse, Map<String, ConnectionSpec> connections,
                       Map<String, AlertChannel> alerts, List<PipelineSpec> pipelines, MetadataSpec metadata, ServerSpec server) {
        this(dir, name, warehouse, connections, alerts, pipelines, metadata, server, null);
    }

    /** A project keeping its history in the warehouse. */
    public ProjectSpec(Path dir, String name, WarehouseSpec warehouse, Map<String, ConnectionSpec> connections,
                       Map<String, AlertChannel> alerts, List<PipelineSpec> pipelines) {
        this(dir, name, warehouse, connections, alerts, pipelines, MetadataSpec.IN_WAREHOUSE);
    }

    /** A project with the server's defaults ({@code server:} not written). */
    public ProjectSpec(Path dir, String name, WarehouseSpec warehouse, Map<String, ConnectionSpec> connections,
                       Map<String, AlertChannel> alerts, List<PipelineSpec> pipelines, MetadataSpec metadata) {
        this(dir, name, warehouse, connections, alerts, pipelines, metadata, ServerSpec.DEFAULTS);
    }

    public ProjectSpec {
        metadata = metadata == null ? MetadataSpec.IN_WAREHOUSE : metadata;
        server = server == null ? ServerSpec.DEFAULTS : server;
        alerting = alerting == null ? AlertingSpec.DEFAULT : alerting;
        health = health == null ? HealthThresholds.DEFAULT : health;
        history = history == null ? HistorySpec.DEFAULT : history;
    }

    public Optional<PipelineSpec> pipeline(String name) {
        return pipelines.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
