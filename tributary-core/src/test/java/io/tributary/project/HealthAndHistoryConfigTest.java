package io.tributary.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.config.Problem;
import io.tributary.error.InvalidProjectException;
import io.tributary.project.HealthThresholds.Staleness;
import io.tributary.spi.SourceRegistry;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code health:} in tributary.yml and in pipeline files, {@code history:} in tributary.yml: as read and checked. */
class HealthAndHistoryConfigTest {
    private static final String SOURCE = "source: {type: test_queue, connection: events, topic: orders}\n";

    @TempDir
    Path dir;

    private TestProject project(String settings) {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: shop\nconnections:\n  events: {kind: test_queue, brokers: [\"k:9092\"]}\n" + settings);
        return project;
    }

    private ProjectSpec load() {
        return new ProjectLoader(SourceRegistry.load(), Map.of()).load(dir);
    }

    private List<Problem> problems() {
        InvalidProjectException invalid = catchThrowableOfType(InvalidProjectException.class, this::load);
        assertThat(invalid).as("the project should be invalid").isNotNull();
        return invalid.problems();
    }

    private static Problem at(List<Problem> problems, String path) {
        return problems.stream().filter(p -> path.equals(p.path())).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + path + "; problems: " + problems));
    }

    @Test
    void withoutHealthAndHistoryTheDefaultsApply() {
        project("").pipeline("orders", SOURCE + "load: {table: orders}\n");

        ProjectSpec spec = load();

        assertThat(spec.health()).isEqualTo(HealthThresholds.DEFAULT);
        assertThat(spec.history()).isEqualTo(new HistorySpec(90, 1000));
        assertThat(spec.pipeline("orders").orElseThrow().health()).isEqualTo(new HealthThresholds(20, 0.95, 10, 3,
                Staleness.intervals(1), Staleness.intervals(2)));
    }

    @Test
    void theProjectsThresholdsApplyToEveryPipelineAndAPipelineOverridesThemKeyByKey() {
        TestProject project = project("""
                health:
                  window: 50
                  degraded_below: 90%
                  critical_errors_24h: 5
                  critical_failed_in_a_row: 4
                  stale_after: 1.5x
                  critical_stale_after: 3x
                history: {keep_days: 30, keep_runs: 200}
                """);
        project.pipeline("orders", SOURCE + "load: {table: orders}\nhealth: {degraded_below: 0.5, stale_after: 6h, critical_stale_after: 1d}\n");
        project.pipeline("customers", SOURCE + "load: {table: customers}\n");

        ProjectSpec spec = load();

        HealthThresholds projectWide = new HealthThresholds(50, 0.90, 5, 4, Staleness.intervals(1.5), Staleness.intervals(3));
        assertThat(spec.health()).isEqualTo(projectWide);
        assertThat(spec.pipeline("customers").orElseThrow().health()).isEqualTo(projectWide);
        assertThat(spec.pipeline("orders").orElseThrow().health()).isEqualTo(new HealthThresholds(50, 0.5, 5, 4,
                Staleness.age(Duration.ofHours(6)), Staleness.age(Duration.ofDays(1))));
        assertThat(spec.history()).isEqualTo(new HistorySpec(30, 200));
    }

    @Test
    void stalenessCanBeTurnedOff() {
        project("health: {stale_after: off, critical_stale_after: off}\n").pipeline("orders", SOURCE + "load: {table: orders}\n");

        HealthThresholds health = load().health();

        assertThat(health.staleAfter().off()).isTrue();
        assertThat(health.criticalStaleAfter().off()).isTrue();
    }

    @Test
    void badThresholdsAreReportedWhereTheyAreWritten() {
        project("""
                health:
                  window: 0
                  degraded_below: 120%
                  critical_errors_24h: many
                  stale_after: 2
                  critical_stale_after: soon
                  windw: 10
                """);

        List<Problem> problems = problems();

        Problem window = at(problems, "health.window");
        assertThat(window.message()).isEqualTo("must be between 1 and 1000 but is 0");
        assertThat(window.location().line()).isEqualTo(5);
        assertThat(window.location().file().getFileName().toString()).isEqualTo("tributary.yml");
        Problem rate = at(problems, "health.degraded_below");
        assertThat(rate.message()).isEqualTo("'120%' is not a success rate");
        assertThat(rate.hint()).contains("95%");
        assertThat(rate.location().line()).isEqualTo(6);
        assertThat(at(problems, "health.critical_errors_24h").message()).contains("expected a whole number");
        Problem stale = at(problems, "health.stale_after");
        assertThat(stale.message()).isEqualTo("'2' is not a data age");
        assertThat(stale.hint()).contains("1x").contains("6h").contains("off");
        assertThat(at(problems, "health.critical_stale_after").location().line()).isEqualTo(9);
        assertThat(at(problems, "health.windw").hint()).contains("window");
    }

    @Test
    void criticalStalenessSoonerThanStaleIsReportedInThePipelineFileThatWritesIt() {
        TestProject project = project("health: {stale_after: 2x}\n");
        project.pipeline("orders", SOURCE + "load: {table: orders}\nhealth:\n  critical_stale_after: 1x\n");

        Problem problem = at(problems(), "health.critical_stale_after");

        assertThat(problem.message()).isEqualTo("critical_stale_after (1x) is sooner than stale_after (2x): data would turn critical before it is stale");
        assertThat(problem.location().file().getFileName().toString()).isEqualTo("orders.yml");
        assertThat(problem.location().line()).isEqualTo(5);
    }

    @Test
    void badHistoryKeysAreReportedWhereTheyAreWritten() {
        project("""
                history:
                  keep_days: 0
                  keep_runs: lots
                  keep: 5
                """);

        List<Problem> problems = problems();

        Problem days = at(problems, "history.keep_days");
        assertThat(days.message()).isEqualTo("must be between 1 and 36500 but is 0");
        assertThat(days.location().line()).isEqualTo(5);
        assertThat(at(problems, "history.keep_runs").message()).contains("expected a whole number");
        assertThat(at(problems, "history.keep").message()).isEqualTo("unknown key 'keep'");
    }
}
