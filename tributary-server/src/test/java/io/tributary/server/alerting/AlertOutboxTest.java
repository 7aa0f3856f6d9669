package io.tributary.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.alert.Alert;
import io.tributary.alert.AlertKind;
import io.tributary.alert.AlertSeverity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What one grouped message says about the alerts its window held. */
class AlertOutboxTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");

    private static AlertOutbox.Pending failed(String pipeline) {
        return new AlertOutbox.Pending(Alert.of(AlertSeverity.CRITICAL, AlertKind.FAILURE, pipeline, "Pipeline " + pipeline + " failed: run 1 published nothing",
                "connection refused\nat line 2", 1L, null, NOW), "failed");
    }

    @Test
    void alertsOfSeveralKindsMakeOneSummaryPerKindTheMostSevereKindAndOneDetailLineEach() {
        Alert recovered = Alert.recovery(failed("d").alert(), "Pipeline d recovered: run 2 succeeded", 2L, null, NOW);
        Alert grouped = AlertOutbox.grouped(List.of(new AlertOutbox.Pending(recovered, "recovered"), failed("a"), failed("b"), failed("c")), NOW);

        assertThat(grouped.summary()).isEqualTo("1 pipeline recovered: d; 3 pipelines failed: a, b, c");
        assertThat(grouped.severity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(grouped.kind()).isEqualTo(AlertKind.FAILURE);
        assertThat(grouped.pipeline()).isNull();
        assertThat(grouped.dedupKey()).isEqualTo("tributary/group/failure");
        assertThat(grouped.detail().lines()).containsExactly("- Pipeline d recovered: run 2 succeeded",
                "- Pipeline a failed: run 1 published nothing: connection refused", "- Pipeline b failed: run 1 published nothing: connection refused",
                "- Pipeline c failed: run 1 published nothing: connection refused");
    }

    @Test
    void oneAlertIsSentAsItIsAndLongListsAreCut() {
        AlertOutbox.Pending one = failed("a");
        assertThat(AlertOutbox.grouped(List.of(one), NOW)).isSameAs(one.alert());
        List<AlertOutbox.Pending> many = java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(i -> failed("p" + i)).toList();
        assertThat(AlertOutbox.grouped(many, NOW).summary()).isEqualTo("12 pipelines failed: p1, p2, p3, p4, p5, p6, p7, p8, p9, p10 and 2 more");
    }
}
