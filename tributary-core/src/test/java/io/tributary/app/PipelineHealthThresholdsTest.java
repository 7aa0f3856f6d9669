package io.tributary.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.error.ErrorKind;
import io.tributary.metadata.FinishedRun;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.MetadataStores;
import io.tributary.metadata.NewRun;
import io.tributary.metadata.Owner;
import io.tributary.metadata.RunStatus;
import io.tributary.project.HealthThresholds;
import io.tributary.project.HealthThresholds.Staleness;
import io.tributary.schedule.Cron;
import io.tributary.spi.RunCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Each of {@code health:}'s thresholds changes a pipeline's status where the default would not (and the other way round). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineHealthThresholdsTest {
    private static final HealthThresholds DEFAULT = HealthThresholds.DEFAULT;
    private static final Cron HOURLY = Cron.parse("0 * * * *", ZoneOffset.UTC);
    private final Owner me = Owner.thisProcess();
    private Path dir;
    private Connection warehouse;
    private MetadataStore store;

    @BeforeAll
    void open() throws Exception {
        dir = Files.createTempDirectory("tributary-health");
        warehouse = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
        store = MetadataStores.inWarehouse(warehouse, "the warehouse");
    }

    @AfterAll
    void close() throws Exception {
        store.close();
        warehouse.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Runs of {@code pipeline}, oldest first: S succeeded, F failed. */
    private void runs(String pipeline, String outcomes) {
        for (char outcome : outcomes.toCharArray()) {
            long runId = store.startRun(new NewRun(pipeline, "main." + pipeline, "append", false, me));
            boolean ok = outcome == 'S';
            store.finishRun(new FinishedRun(runId, ok ? RunStatus.SUCCESS : RunStatus.FAILED, RunCounts.NONE, ok ? null : ErrorKind.INTERNAL,
                    ok ? null : "the source said no", List.of(), Map.of()));
        }
    }

    private PipelineHealth health(String pipeline, Cron cron, HealthThresholds limits, Instant now) {
        return PipelineHealth.of(store, pipeline, cron, limits, now);
    }

    private PipelineHealth health(String pipeline, HealthThresholds limits) {
        return health(pipeline, null, limits, Instant.now());
    }

    private static HealthThresholds with(int window, double degradedBelow, int errors, int inARow) {
        return new HealthThresholds(window, degradedBelow, errors, inARow, DEFAULT.staleAfter(), DEFAULT.criticalStaleAfter());
    }

    @Test
    void aSmallerWindowCountsOnlyTheNewestRuns() {
        runs("window", "FF" + "S".repeat(10));

        assertThat(health("window", DEFAULT).status()).isEqualTo(PipelineHealth.Status.DEGRADED);
        PipelineHealth last10 = health("window", with(10, 0.95, 10, 3));
        assertThat(last10.status()).isEqualTo(PipelineHealth.Status.HEALTHY);
        assertThat(last10.reason()).isEqualTo("100% of the last 10 runs succeeded");
    }

    @Test
    void aLowerDegradedBelowToleratesMoreFailures() {
        runs("rate", "F" + "S".repeat(9));

        assertThat(health("rate", DEFAULT).status()).isEqualTo(PipelineHealth.Status.DEGRADED);
        assertThat(health("rate", with(20, 0.90, 10, 3)).status()).isEqualTo(PipelineHealth.Status.HEALTHY);
        assertThat(health("rate", with(20, 0.99, 10, 3)).reason()).isEqualTo("90% of the last 10 runs succeeded");
    }

    @Test
    void fewerCriticalErrorsIn24HoursMakeAPipelineCriticalSooner() {
        runs("errors", "FSFSFSFS");

        assertThat(health("errors", DEFAULT).status()).isEqualTo(PipelineHealth.Status.DEGRADED);
        PipelineHealth strict = health("errors", with(20, 0.95, 3, 3));
        assertThat(strict.status()).isEqualTo(PipelineHealth.Status.CRITICAL);
        assertThat(strict.reason()).isEqualTo("4 failed runs in the last 24 hours");
    }

    @Test
    void fewerFailedRunsInARowMakeAPipelineCriticalSooner() {
        runs("in_a_row", "SSSSSSSSFF");

        assertThat(health("in_a_row", DEFAULT).status()).isEqualTo(PipelineHealth.Status.DEGRADED);
        PipelineHealth strict = health("in_a_row", with(20, 0.95, 10, 2));
        assertThat(strict.status()).isEqualTo(PipelineHealth.Status.CRITICAL);
        assertThat(strict.reason()).isEqualTo("its last 2 runs failed: the source said no");
    }

    @Test
    void staleAfterInScheduleIntervalsMovesWhenDataCountsAsStale() {
        runs("stale", "S");
        Instant later = Instant.now().plus(Duration.ofMinutes(90));

        PipelineHealth byDefault = health("stale", HOURLY, DEFAULT, later);
        assertThat(byDefault.status()).isEqualTo(PipelineHealth.Status.DEGRADED);
        assertThat(byDefault.reason()).startsWith("stale: its data is ").endsWith(" old, its schedule every 60 min");
        HealthThresholds lenient = new HealthThresholds(20, 0.95, 10, 3, Staleness.intervals(1.75), Staleness.intervals(3));
        PipelineHealth lenientHealth = health("stale", HOURLY, lenient, later);
        assertThat(lenientHealth.status()).isEqualTo(PipelineHealth.Status.HEALTHY);
        assertThat(lenientHealth.staleAfter()).isEqualTo(Duration.ofMinutes(105));
    }

    @Test
    void aStaleAfterAgeMakesEvenAnUnscheduledPipelineStale() {
        runs("stale_age", "S");
        Instant later = Instant.now().plus(Duration.ofMinutes(45));

        assertThat(health("stale_age", null, DEFAULT, later).status()).as("no schedule, no staleness by default")
                .isEqualTo(PipelineHealth.Status.HEALTHY);
        HealthThresholds halfHour = new HealthThresholds(20, 0.95, 10, 3, Staleness.age(Duration.ofMinutes(30)), Staleness.OFF);
        PipelineHealth stale = health("stale_age", null, halfHour, later);
        assertThat(stale.status()).isEqualTo(PipelineHealth.Status.DEGRADED);
        assertThat(stale.reason()).startsWith("stale: its data is ").endsWith(" old, more than 30 min");
    }

    @Test
    void criticalStaleAfterMovesWhenStaleDataTurnsCritical() {
        runs("critical_stale", "S");
        Instant later = Instant.now().plus(Duration.ofMinutes(150));

        PipelineHealth byDefault = health("critical_stale", HOURLY, DEFAULT, later);
        assertThat(byDefault.status()).isEqualTo(PipelineHealth.Status.CRITICAL);
        assertThat(byDefault.reason()).endsWith(" old, more than two schedule intervals (60 min each)");
        HealthThresholds threeIntervals = new HealthThresholds(20, 0.95, 10, 3, Staleness.intervals(1), Staleness.intervals(3));
        assertThat(health("critical_stale", HOURLY, threeIntervals, later).status()).isEqualTo(PipelineHealth.Status.DEGRADED);
    }

    @Test
    void stalenessOffNeverJudgesTheDataAge() {
        runs("never_stale", "S");
        Instant muchLater = Instant.now().plus(Duration.ofHours(20));
        HealthThresholds off = new HealthThresholds(20, 0.95, 10, 3, Staleness.OFF, Staleness.OFF);

        assertThat(health("never_stale", HOURLY, DEFAULT, muchLater).status()).isEqualTo(PipelineHealth.Status.CRITICAL);
        PipelineHealth health = health("never_stale", HOURLY, off, muchLater);
        assertThat(health.status()).isEqualTo(PipelineHealth.Status.HEALTHY);
        assertThat(health.staleAfter()).isNull();
    }
}
