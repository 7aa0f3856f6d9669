package io.tributary.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spi.Staging;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A run may change an instance-wide setting only while it is the one run, and no run starts meanwhile. */
class EngineSharingTest {
    private final EngineSharing sharing = new EngineSharing();

    @Test
    void theOnlyRunGetsTheEngineToItselfAndARunStartingMeanwhileWaits() throws Exception {
        sharing.runStarted();
        Staging.EngineLease lease = sharing.toItself();
        assertThat(lease).isNotNull();

        CompletableFuture<Void> second = CompletableFuture.runAsync(sharing::runStarted);
        Thread.sleep(200); // a wait that must NOT end: the second run may not start while the lease is held
        assertThat(second).isNotDone();

        lease.close();
        second.get(10, TimeUnit.SECONDS);
        assertThat(sharing.toItself()).as("two runs now share the engine").isNull();
    }

    @Test
    void withAnotherRunGoingOnTheEngineIsNeverAnyonesAlone() {
        sharing.runStarted();
        sharing.runStarted();
        assertThat(sharing.toItself()).isNull();
        sharing.runEnded();
        Staging.EngineLease lease = sharing.toItself();
        assertThat(lease).as("the other run ended").isNotNull();
        lease.close();
    }
}
