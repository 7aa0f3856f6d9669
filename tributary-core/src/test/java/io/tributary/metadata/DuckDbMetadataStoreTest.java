package io.tributary.metadata;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

class DuckDbMetadataStoreTest extends MetadataStoreContract {
    private Path dir;
    private Connection warehouse;

    @Override
    MetadataStore openStore() throws Exception {
        dir = Files.createTempDirectory("tributary-store");
        warehouse = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
        return MetadataStores.inWarehouse(warehouse, "the warehouse");
    }

    @Override
    void dropStore() throws Exception {
        warehouse.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
