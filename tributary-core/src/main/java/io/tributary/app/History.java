package io.tributary.app;

import io.tributary.metadata.CheckResult;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.MetadataStores;
import io.tributary.metadata.RunRecord;
import io.tributary.project.MetadataSpec;
import io.tributary.project.WarehouseSpec;
import io.tributary.warehouse.Warehouse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the run history and the stored check results for {@code tributary runs} and
 * {@code tributary checks} (and the server's pages) without standing in a run's way: the warehouse is
 * opened read-only, and only a history older than this version is opened for writing, once, to be
 * migrated.
 */
public final class History {
    /** How far back {@link #latestChecks} looks for each pipeline's newest run. */
    private static final int RECENT_RUNS = 500;

    private History() {}

    /**
     * The latest {@code limit} runs, newest first, of one pipeline or (null) of all; empty when there is
     * no history yet because no run has created the warehouse. Reading never creates it.
     */
    public static Optional<List<RunRecord>> runs(WarehouseSpec warehouseSpec, String pipeline, int limit) {
        return read(warehouseSpec, store -> store.runs(pipeline, limit));
    }

    /**
     * As {@link #runs(WarehouseSpec, String, int)}, from wherever the project keeps its history: the
     * PostgreSQL store that {@code metadata:} names, or the warehouse.
     */
    public static Optional<List<RunRecord>> runs(MetadataSpec metadata, WarehouseSpec warehouseSpec, String pipeline, int limit) {
        return read(metadata, warehouseSpec, store -> store.runs(pipeline, limit));
    }

    /** The check results of one run, in the order they ran; empty when there is no history yet. */
    public static Optional<List<CheckResult>> checks(MetadataSpec metadata, WarehouseSpec warehouseSpec, long runId) {
        return read(metadata, warehouseSpec, store -> store.checkResults(runId));
    }

    /**
     * The check results of the newest run of one pipeline, or (null) of each pipeline's newest run that
     * checked anything, pipelines in the order of their newest runs.
     */
    public static Optional<List<CheckResult>> latestChecks(MetadataSpec metadata, WarehouseSpec warehouseSpec, String pipeline) {
        return read(metadata, warehouseSpec, store -> latestChecks(store, pipeline));
    }

    /** As {@link #latestChecks(MetadataSpec, WarehouseSpec, String)}, on a store open already (the server's). */
    public static List<CheckResult> latestChecks(MetadataStore store, String pipeline) {
        List<CheckResult> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RunRecord run : store.runs(pipeline, pipeline == null ? RECENT_RUNS : 1)) {
            if (seen.contains(run.pipeline())) {
                continue;
            }
            List<CheckResult> results = store.checkResults(run.runId());
            if (!results.isEmpty() || pipeline != null) {
                seen.add(run.pipeline());
                out.addAll(results);
            }
        }
        return out;
    }

    /** A query on the store wherever the project keeps it; empty when the history is in a warehouse not created yet. */
    public static <T> Optional<T> read(MetadataSpec metadata, WarehouseSpec warehouseSpec, Function<MetadataStore, T> query) {
        if (metadata.inWarehouse()) {
            return read(warehouseSpec, query);
        }
        try (MetadataStore store = MetadataStores.postgres(metadata.connection())) {
            return Optional.of(query.apply(store));
        }
    }

    private static <T> Optional<T> read(WarehouseSpec warehouseSpec, Function<MetadataStore, T> query) {
        if (!Files.exists(warehouseSpec.path())) {
            return Optional.empty();
        }
        try (Warehouse warehouse = Warehouse.open(warehouseSpec, true)) {
            Optional<MetadataStore> current = MetadataStores.inWarehouseReadOnly(warehouse.connection(), describe(warehouse));
            if (current.isPresent()) {
                try (MetadataStore store = current.get()) {
                    return Optional.of(query.apply(store));
                }
            }
        }
        try (Warehouse warehouse = Warehouse.open(warehouseSpec, false, true);
             MetadataStore store = MetadataStores.inWarehouse(warehouse.connection(), describe(warehouse))) {
            return Optional.of(query.apply(store));
        }
    }

    private static String describe(Warehouse warehouse) {
        return "the warehouse " + warehouse.path();
    }
}
