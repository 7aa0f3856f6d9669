package io.tributary.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.config.Problem;
import io.tributary.engine.RunResult;
import io.tributary.error.InvalidProjectException;
import io.tributary.metadata.CheckResult;
import io.tributary.quality.CheckSpec;
import io.tributary.testkit.TestProject;
import io.tributary.testplugin.ChatChannel;
import io.tributary.testplugin.DivisibleByCheck;
import io.tributary.testplugin.LakeDestination;
import io.tributary.testplugin.QueueConnectionKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection kind, a destination, an alert channel type and a check type that exist only in this
 * module's test class path (package {@code io.tributary.testplugin}, registered in the test
 * {@code META-INF/services}): the loader and the engine use them like the built-in ones, with their
 * own typed settings and located problems, though no main source file names them.
 */
class PluggableKindsTest {
    @TempDir
    Path dir;

    private static final String PROJECT = """
            name: plugins
            connections:
              events: {kind: test_queue, brokers: ["kafka1:9092", "kafka2:9092"], fixtures: queue}
              lake: {kind: test_lake, path: lake/, format: csv}
            alerts:
              team: {type: test_chat, room: data-ops, mention: here}
            """;

    private TestProject project() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", PROJECT);
        project.file("queue/orders.csv", "id,qty\n1,6\n2,12\n3,7\n");
        return project;
    }

    private static List<Problem> problems(TestProject project) {
        InvalidProjectException invalid = catchThrowableOfType(InvalidProjectException.class, project::load);
        assertThat(invalid).as("the project should be invalid").isNotNull();
        return invalid.problems();
    }

    private static Problem at(List<Problem> problems, String path) {
        return problems.stream().filter(p -> path.equals(p.path())).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + path + "; problems: " + problems));
    }

    @Test
    void aProjectUsingKindsFromTheClassPathLoadsWithTheirTypedSettings() {
        TestProject project = project();
        project.pipeline("orders", """
                source: {type: test_queue, connection: events, topic: orders}
                checks:
                  - divisible_by: {column: qty, by: 6}
                    severity: warn
                alerts: [team]
                load: {table: orders}
                """);
        project.pipeline("to_lake", "source: {type: test_queue, connection: events, topic: orders}\nload: {table: lake_orders, destination: lake}");

        ProjectSpec spec = project.load();

        QueueConnectionKind.Settings queue = spec.connections().get("events").settings(QueueConnectionKind.Settings.class);
        assertThat(queue.brokers()).containsExactly("kafka1:9092", "kafka2:9092");
        assertThat(spec.connections().get("events").describe()).isEqualTo("test_queue://kafka1:9092,kafka2:9092");
        assertThat(spec.connections().get("lake").settings(LakeDestination.Settings.class).format()).isEqualTo("csv");
        assertThat(spec.alerts().get("team").settings()).isEqualTo(new ChatChannel.Settings("data-ops", "here"));
        CheckSpec check = spec.pipeline("orders").orElseThrow().checks().get(0);
        assertThat(check.type()).isEqualTo("divisible_by");
        assertThat(check.check()).isEqualTo(new DivisibleByCheck.Rule("qty", 6));
        assertThat(check.severity()).isEqualTo(CheckSpec.Severity.WARN);
        assertThat(spec.pipeline("to_lake").orElseThrow().load().destination()).isEqualTo("lake");
    }

    @Test
    void eachKindValidatesItsOwnKeysWithLocationsAndSuggestions() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", """
                connections:
                  events:
                    kind: test_queue
                    brokers: [kafka1]
                    fixtrues: queue
                  lake: {kind: test_lake, format: orc}
                  typo: {kind: test_queeu, brokers: [a:1]}
                alerts:
                  team: {type: test_chat, mention: all}
                  other: {type: test_chta, room: x}
                """);
        project.pipeline("orders", """
                source: {type: test_queue, connection: events, topic: orders}
                checks:
                  - divisible_by: {column: qty, by: 0}
                  - divisible_by: {colum: qty, by: 2}
                  - divisable_by: {column: qty, by: 2}
                load: {table: orders}
                """);

        List<Problem> problems = problems(project);

        Problem broker = at(problems, "connections.events.brokers");
        assertThat(broker.message()).isEqualTo("'kafka1' is not host:port");
        assertThat(broker.location().line()).isEqualTo(4);
        Problem unknownKey = at(problems, "connections.events.fixtrues");
        assertThat(unknownKey.location().line()).isEqualTo(5);
        assertThat(unknownKey.hint()).isEqualTo("did you mean 'fixtures'?");
        assertThat(at(problems, "connections.lake.path").message()).isEqualTo("the key 'path' is required");
        assertThat(at(problems, "connections.lake.format").message()).contains("'orc' is not one of parquet, csv");
        Problem kind = at(problems, "connections.typo.kind");
        assertThat(kind.location().line()).isEqualTo(7);
        assertThat(kind.hint()).isEqualTo("did you mean 'test_queue'?");
        assertThat(at(problems, "alerts.team.room").message()).isEqualTo("the key 'room' is required");
        assertThat(at(problems, "alerts.team.mention").message()).contains("'all' is not one of nobody, here, everyone");
        assertThat(at(problems, "alerts.other.type").hint()).isEqualTo("did you mean 'test_chat'?");
        Problem by = at(problems, "checks[0].divisible_by.by");
        assertThat(by.location().file().getFileName().toString()).isEqualTo("orders.yml");
        assertThat(by.location().line()).isEqualTo(4);
        assertThat(by.message()).contains("must be between 1 and");
        assertThat(at(problems, "checks[1].divisible_by.colum").hint()).isEqualTo("did you mean 'column'?");
        Problem checkType = at(problems, "checks[2]");
        assertThat(checkType.message()).startsWith("a check must start with one of: ")
                .contains("divisible_by", "not_null, unique, accepted_values, range, row_count, expression");
        assertThat(checkType.hint()).isEqualTo("did you mean 'divisible_by'?");
    }

    @Test
    void aRunExecutesACheckOfAPluggedInTypeInTheQualityGate() {
        TestProject project = project();
        project.pipeline("orders", """
                source: {type: test_queue, connection: events, topic: orders}
                checks:
                  - divisible_by: {column: qty, by: 6}
                load: {table: orders}
                """);

        RunResult failed = project.run("orders");

        assertThat(failed.succeeded()).as("order 3's quantity 7 is no multiple of 6").isFalse();
        CheckResult result = failed.checks().get(0);
        assertThat(result.type()).isEqualTo("divisible_by");
        assertThat(result.check()).isEqualTo("divisible_by(qty, 6)");
        assertThat(result.status()).isEqualTo(CheckResult.Status.FAIL);
        assertThat(result.failing()).isEqualTo(1);
        assertThat(result.rows()).isEqualTo(3);
        assertThat(result.samples()).as("the failing rows, whole").singleElement().asString().contains("'qty': 7");
        assertThat(failed.error()).contains("divisible_by(qty, 6): 1 of 3 rows fail (e.g. '7')");

        project.file("queue/orders.csv", "id,qty\n1,6\n2,12\n");
        RunResult passed = project.run("orders");

        assertThat(passed.succeeded()).as(passed.error()).isTrue();
        assertThat(passed.checks()).extracting(CheckResult::status).containsExactly(CheckResult.Status.PASS);
        assertThat(project.count("orders")).isEqualTo(2);
    }
}
