package io.tributary.metadata;

import io.tributary.testkit.TestDatabase;

class PostgresMetadataStoreTest extends MetadataStoreContract {
    private TestDatabase database;

    @Override
    MetadataStore openStore() {
        database = TestDatabase.postgres();
        return MetadataStores.postgres(database::connect, "postgres " + database.name());
    }

    @Override
    void dropStore() {
        database.close();
    }
}
