package io.tributary.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spi.RunCounts;
import io.tributary.testkit.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

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

    /**
     * A PostgreSQL store is shared by processes, each with a store (and a connection) of its own:
     * when several take over a pipeline whose lease is stale at the same moment, exactly one gets it.
     * (Deleting the stale lease by pipeline alone let a late taker delete the winner's fresh lease.)
     */
    @Test
    void storesOfSeveralProcessesTakingOverAStaleLeaseAtOnceLetExactlyOneHaveIt() throws Exception {
        int takers = 4;
        List<MetadataStore> stores = new ArrayList<>();
        for (int i = 0; i < takers; i++) {
            stores.add(MetadataStores.postgres(database::connect, "postgres " + database.name()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(takers);
        Owner me = Owner.thisProcess();
        try {
            for (int round = 0; round < 40; round++) {
                String pipeline = "race_" + round + "_" + System.nanoTime();
                long stale = stores.get(0).startRun(new NewRun(pipeline, "t", "append", false, me));
                assertThat(stores.get(0).acquirePipeline(pipeline, stale, me)).isTrue();
                stores.get(0).finishRun(new FinishedRun(stale, RunStatus.FAILED, RunCounts.NONE, null, "x", List.of(), Map.of()));
                List<Long> runs = new ArrayList<>();
                for (MetadataStore store : stores) {
                    runs.add(store.startRun(new NewRun(pipeline, "t", "append", false, me)));
                }
                CyclicBarrier together = new CyclicBarrier(takers);
                List<Future<Boolean>> took = new ArrayList<>();
                for (int i = 0; i < takers; i++) {
                    MetadataStore store = stores.get(i);
                    long run = runs.get(i);
                    took.add(pool.submit(() -> {
                        together.await();
                        return store.acquirePipeline(pipeline, run, me);
                    }));
                }
                int winners = 0;
                for (Future<Boolean> one : took) {
                    winners += one.get() ? 1 : 0;
                }
                assertThat(winners).as("round %d: runs that think they hold %s", round, pipeline).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
            stores.forEach(MetadataStore::close);
        }
    }
}
