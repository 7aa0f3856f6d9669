package io.tributary.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code after:} windows: a downstream is ready once every upstream's run for one fire time has ended. */
class AfterGroupsTest {
    private static final Instant NINE = Instant.parse("2026-12-04T09:00:00Z");
    private static final Instant TEN = Instant.parse("2026-12-04T10:00:00Z");

    private final AfterGroups<String> groups = new AfterGroups<>(Map.of("report", List.of("orders", "customers"), "mail", List.of("report")));

    @Test
    void theDownstreamRunsOnceWhenAllUpstreamsOfOneFireTimeSucceededWithTheirPayloads() {
        assertThat(groups.ended("orders", TEN, true, null, "run 1")).isEmpty();
        assertThat(groups.ended("customers", NINE, true, null, "run 0")).as("another window").isEmpty();
        List<AfterGroups.Ready<String>> ready = groups.ended("customers", TEN, true, null, "run 2");

        assertThat(ready).containsExactly(new AfterGroups.Ready<>("report", TEN, true, null, List.of("run 1", "run 2")));
        assertThat(groups.ended("customers", TEN, true, null, "run 3")).as("the window was used: once per fire time").isEmpty();
        assertThat(groups.ended("report", TEN, true, null, "run 4")).as("a chain: the next window, same fire time")
                .containsExactly(new AfterGroups.Ready<>("mail", TEN, true, null, List.of("run 4")));
    }

    @Test
    void aFailedOrSkippedUpstreamMakesTheDownstreamSkipWithTheReason() {
        groups.ended("orders", TEN, false, "failed: checks failed (run 7)", "run 7");
        AfterGroups.Ready<String> ready = groups.ended("customers", TEN, false, "was skipped: its previous run was still going", "run 8").get(0);

        assertThat(ready.run()).isFalse();
        assertThat(ready.reason()).isEqualTo("it runs after orders, customers when their runs for 2026-12-04T10:00:00Z have all succeeded, but "
                + "orders failed: checks failed (run 7); customers was skipped: its previous run was still going");
        assertThat(groups.hasDownstream("orders")).isTrue();
        assertThat(groups.hasDownstream("mail")).isFalse();
    }

    @Test
    void windowsThatNeverCompleteAreBounded() {
        for (int i = 0; i < AfterGroups.OPEN_WINDOWS + 10; i++) {
            groups.ended("orders", TEN.plusSeconds(60L * i), true, null, "x");
        }
        assertThat(groups.ended("customers", TEN, true, null, "y")).as("the oldest window was dropped").isEmpty();
        assertThat(groups.ended("customers", TEN.plusSeconds(60L * (AfterGroups.OPEN_WINDOWS + 9)), true, null, "y")).hasSize(1);
    }
}
