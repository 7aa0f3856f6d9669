package io.tributary.app;

import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.MetadataStores;
import io.tributary.metadata.RunRecord;
import io.tributary.project.MetadataSpec;
import io.tributary.project.WarehouseSpec;
import io.tributary.warehouse.Warehouse;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/**
 * Reads the run history for {@code tributary runs} (and the server's history page) without standing
 * in a run's way: the warehouse is opened read-only, and only a history older than this version is
 * opened for writing, once, to be migrated.
 */
public final class History {
    private History() {}

    /**
     * The latest {@code limit} runs, newest first, of one pipeline or (null) of all; empty when there is
     * no history yet because no run has created the warehouse. Reading never creates it.
     */
    public static Optional<List<RunRecord>> runs(WarehouseSpec warehouseSpec, String pipeline, int limit) {
        if (!Files.exists(warehouseSpec.path())) {
            return Optional.empty();
        }
        try (Warehouse warehouse = Warehouse.open(warehouseSpec, true)) {
            Optional<MetadataStore> current = MetadataStores.inWarehouseReadOnly(warehouse.connection(), describe(warehouse));
            if (current.isPresent()) {
                try (MetadataStore store = current.get()) {
                    return Optional.of(store.runs(pipeline, limit));
                }
            }
        }
        try (Warehouse warehouse = Warehouse.open(warehouseSpec, false, true);
             MetadataStore store = MetadataStores.inWarehouse(warehouse.connection(), describe(warehouse))) {
            return Optional.of(store.runs(pipeline, limit));
        }
    }

    /**
     * As {@link #runs(WarehouseSpec, String, int)}, from wherever the project keeps its history: the
     * PostgreSQL store that {@code metadata:} names, or the warehouse.
     */
    public static Optional<List<RunRecord>> runs(MetadataSpec metadata, WarehouseSpec warehouseSpec, String pipeline, int limit) {
        if (metadata.inWarehouse()) {
            return runs(warehouseSpec, pipeline, limit);
        }
        try (MetadataStore store = MetadataStores.postgres(metadata.connection())) {
            return Optional.of(store.runs(pipeline, limit));
        }
    }

    private static String describe(Warehouse warehouse) {
        return "the warehouse " + warehouse.path();
    }
}
