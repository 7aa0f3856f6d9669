package io.tributary.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.config.Problem;
import io.tributary.error.InvalidProjectException;
import io.tributary.schedule.Concurrency;
import io.tributary.spi.SourceRegistry;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code concurrency:}, {@code timeout:}, {@code after:} of a pipeline and {@code server:} of tributary.yml, as read and checked. */
class SchedulingConfigTest {
    private static final String SOURCE = "source: {type: test_queue, connection: events, topic: orders}\n";

    @TempDir
    Path dir;

    private TestProject project(String server) {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: shop\nconnections:\n  events: {kind: test_queue, brokers: [\"k:9092\"]}\n" + server);
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

    @Test
    void theKeysAreReadWithTheServersDefaultTimeoutForPipelinesThatSetNone() {
        TestProject project = project("server: {max_runs: 3, timeout: 2h}\n");
        project.pipeline("orders", "schedule: \"0 * * * *\"\nconcurrency: queue\ntimeout: 30m\n" + SOURCE + "load: {table: orders}\n");
        project.pipeline("customers", "schedule: \"0 * * * *\"\n" + SOURCE + "load: {table: customers}\n");
        project.pipeline("report", "after: [orders, customers]\n" + SOURCE + "load: {table: report}\n");

        ProjectSpec spec = load();

        assertThat(spec.server()).isEqualTo(new ServerSpec(3, Duration.ofHours(2)));
        var orders = spec.pipeline("orders").orElseThrow().scheduling();
        assertThat(orders.concurrency()).isEqualTo(Concurrency.QUEUE);
        assertThat(orders.timeout()).isEqualTo(Duration.ofMinutes(30));
        var customers = spec.pipeline("customers").orElseThrow().scheduling();
        assertThat(customers.concurrency()).as("the default").isEqualTo(Concurrency.SKIP);
        assertThat(customers.timeout()).isEqualTo(Duration.ofHours(2));
        var report = spec.pipeline("report").orElseThrow().scheduling();
        assertThat(report.after()).containsExactly("orders", "customers");
        assertThat(report.follows()).isTrue();
        assertThat(report.scheduled()).isFalse();
    }

    @Test
    void aMisspeltConcurrencyAZeroTimeoutAndAScheduleBesideAfterAreReportedWhereWritten() {
        TestProject project = project("server: {max_runs: 0}\n");
        project.pipeline("orders", "concurrency: queu\ntimeout: 0s\n" + SOURCE + "load: {table: orders}\n");
        project.pipeline("report", "schedule: \"0 * * * *\"\nafter: orders\n" + SOURCE + "load: {table: report}\n");

        List<Problem> problems = problems();

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("concurrency");
            assertThat(p.location().line()).isEqualTo(2);
            assertThat(p.hint()).isEqualTo("did you mean 'queue'?");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("timeout");
            assertThat(p.location().line()).isEqualTo(3);
            assertThat(p.message()).contains("would stop every run");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("schedule");
            assertThat(p.location().file().getFileName().toString()).isEqualTo("report.yml");
            assertThat(p.message()).contains("runs after orders", "cannot also have a schedule");
        });
        assertThat(problems).anySatisfy(p -> assertThat(p.path()).isEqualTo("server.max_runs"));
    }

    @Test
    void afterNamesKnownPipelinesOtherThanItselfWithoutGoingRoundInACircle() {
        TestProject project = project("");
        project.pipeline("orders", "schedule: \"0 * * * *\"\n" + SOURCE + "load: {table: orders}\n");
        project.pipeline("report", "after: [ordres]\n" + SOURCE + "load: {table: report}\n");
        project.pipeline("self", "after:\n  - self\n" + SOURCE + "load: {table: self}\n");
        project.pipeline("a", "after: [b]\n" + SOURCE + "load: {table: a}\n");
        project.pipeline("b", "after: [a]\n" + SOURCE + "load: {table: b}\n");

        List<Problem> problems = problems();

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.location().file().getFileName().toString()).isEqualTo("report.yml");
            assertThat(p.location().line()).isEqualTo(2);
            assertThat(p.location().column()).isEqualTo(9);
            assertThat(p.message()).isEqualTo("unknown pipeline 'ordres'");
            assertThat(p.hint()).isEqualTo("did you mean 'orders'?");
        });
        assertThat(problems).anySatisfy(p -> {
            assertThat(p.location().file().getFileName().toString()).isEqualTo("self.yml");
            assertThat(p.location().line()).isEqualTo(3);
            assertThat(p.message()).contains("cannot run after itself");
        });
        assertThat(problems).filteredOn(p -> p.message().contains("circle")).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("a → b → a");
            assertThat(p.location().file().getFileName().toString()).isEqualTo("a.yml");
            assertThat(p.location().line()).isEqualTo(2);
        });
    }
}
