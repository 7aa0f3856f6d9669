package io.tributary.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.config.Problem;
import io.tributary.error.InvalidProjectException;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Alert rules: a pipeline's {@code alerts:} in its three shapes and tributary.yml's {@code alerting:}. */
class AlertRulesConfigTest {
    @TempDir
    Path dir;

    private static final String SOURCE = "source: {type: test_queue, connection: events, topic: orders}\n";
    private static final String CHANNELS = """
            name: shop
            connections:
              events: {kind: test_queue, brokers: ["k:9092"], fixtures: queue}
            alerts:
              ops_slack: {type: webhook, url: "http://127.0.0.1:9/slack"}
              pager: {type: pagerduty, routing_key: abc, url: "http://127.0.0.1:9/pd"}
            """;

    private TestProject project(String alerting) {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", CHANNELS + alerting);
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
    void aListOfChannelNamesStillMeansOnFailureAndTheProjectDefaultsApply() {
        TestProject project = project("");
        project.pipeline("orders", SOURCE + "load: {table: orders}\nalerts: [ops_slack]\n");
        ProjectSpec spec = project.load();
        AlertingSpec.Effective rules = spec.alerting().effective(spec.pipeline("orders").orElseThrow().alertRules());
        assertThat(rules.channels()).isEqualTo(Map.of("ops_slack", Set.of(AlertEvent.FAILURE)));
        assertThat(rules.remind()).isNull();
        assertThat(spec.alerting().group()).isEqualTo(Duration.ofMinutes(1));
        assertThat(spec.pipeline("orders").orElseThrow().alerts()).containsExactly("ops_slack");
    }

    @Test
    void rulesNameEventsPerChannelOrForAllAndTheProjectAddsItsOwnChannelsAndDefaults() {
        TestProject project = project("""
                alerting:
                  channels: [pager]
                  on: [failure, stale]
                  remind: 4h
                  group: 30s
                """);
        project.pipeline("orders", SOURCE + "load: {table: orders}\nalerts:\n  - ops_slack\n  - {channel: pager, on: [failure]}\n");
        project.pipeline("refunds", SOURCE + "load: {table: refunds}\n"
                + "alerts: {channels: [ops_slack], on: [check_error, check_warn, health], remind: 30m}\n");
        project.pipeline("quiet", SOURCE + "load: {table: quiet}\n");
        ProjectSpec spec = project.load();
        AlertingSpec alerting = spec.alerting();
        assertThat(alerting.group()).isEqualTo(Duration.ofSeconds(30));

        AlertingSpec.Effective orders = alerting.effective(spec.pipeline("orders").orElseThrow().alertRules());
        assertThat(orders.channels()).as("a rule without on: takes the project's; a pipeline's rule for a project channel replaces it")
                .isEqualTo(Map.of("pager", Set.of(AlertEvent.FAILURE), "ops_slack", Set.of(AlertEvent.FAILURE, AlertEvent.STALE)));
        assertThat(orders.remind()).isEqualTo(Duration.ofHours(4));

        AlertingSpec.Effective refunds = alerting.effective(spec.pipeline("refunds").orElseThrow().alertRules());
        assertThat(refunds.channelsFor(AlertEvent.CHECK_WARN)).containsExactly("ops_slack");
        assertThat(refunds.channelsFor(AlertEvent.STALE)).containsExactly("pager");
        assertThat(refunds.remind()).isEqualTo(Duration.ofMinutes(30));

        assertThat(alerting.effective(spec.pipeline("quiet").orElseThrow().alertRules()).channels())
                .as("the project's channels alert for every pipeline").isEqualTo(Map.of("pager", Set.of(AlertEvent.FAILURE, AlertEvent.STALE)));
    }

    @Test
    void unknownEventsAndChannelsArePointedAtWithASuggestion() {
        TestProject project = project("alerting:\n  channels: [pagr]\n  on: [failure]\n");
        project.pipeline("orders", SOURCE + "load: {table: orders}\nalerts:\n  - {channel: ops_slak, on: [failure, stail]}\n");
        project.pipeline("refunds", SOURCE + "load: {table: refunds}\nalerts: {channels: [ops_slack], on: [chek_warn], remind: soon}\n");
        List<Problem> problems = problems(project);

        Problem channel = at(problems, "alerts[0].channel");
        assertThat(channel.message()).isEqualTo("unknown alert channel 'ops_slak'");
        assertThat(channel.hint()).isEqualTo("did you mean 'ops_slack'?");
        assertThat(channel.location().line()).isEqualTo(5);

        Problem event = problems.stream().filter(p -> p.message().contains("'stail'")).findFirst().orElseThrow();
        assertThat(event.message()).isEqualTo("'stail' is not an alert event");
        assertThat(event.hint()).isEqualTo("did you mean 'stale'?");
        assertThat(event.location().file().getFileName().toString()).isEqualTo("orders.yml");
        assertThat(event.location().line()).isEqualTo(5);

        assertThat(at(problems, "alerts.on").hint()).isEqualTo("did you mean 'check_warn'?");
        assertThat(at(problems, "alerts.remind").message()).isEqualTo("'soon' is not a duration");

        Problem projectChannel = at(problems, "alerting.channels[0]");
        assertThat(projectChannel.hint()).isEqualTo("did you mean 'pager'?");
        assertThat(projectChannel.location().file().getFileName().toString()).isEqualTo("tributary.yml");
    }
}
