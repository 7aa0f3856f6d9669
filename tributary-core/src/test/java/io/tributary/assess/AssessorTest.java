package io.tributary.assess;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.project.LoadedProject;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectLoader;
import io.tributary.project.ProjectSpec;
import io.tributary.spi.SourceRegistry;
import io.tributary.testkit.TestProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline's source assessed through the SPI (a plug-in source, as core sees every connector):
 * staged into a scratch engine, never into the warehouse; the checks it suggests load as written.
 */
class AssessorTest {
    @TempDir
    Path dir;

    private TestProject queueProject() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: shop\nconnections:\n  events: {kind: test_queue, brokers: [\"k:9092\"]}\n");
        StringBuilder csv = new StringBuilder("order_id,email,total,status,updated_at\n");
        for (int i = 1; i <= 40; i++) {
            csv.append(i).append(',').append(i % 10 == 0 ? "" : "c" + i + "@shop.test").append(',').append(i * 2.5).append(',')
                    .append(i % 2 == 0 ? "paid" : "open").append(",2026-05-31 ").append(String.format("%02d", i % 24)).append(":00:00\n");
        }
        project.file("queue/orders.csv", csv.toString());
        project.pipeline("orders", "source: {type: test_queue, connection: events, topic: orders}\nload: {table: sales.orders}");
        return project;
    }

    @Test
    void aPipelinesSourceIsProfiledWithoutCreatingTheWarehouse() {
        TestProject project = queueProject();
        ProjectSpec spec = project.load();
        PipelineSpec pipeline = spec.pipeline("orders").orElseThrow();

        Assessment assessment = new Assessor(SourceRegistry.load(), spec.dir(), spec.connections(), null)
                .pipeline(pipeline, new Assessor.Request(null, null, null, Instant.parse("2026-06-01T00:00:00Z")));

        assertThat(assessment.access().reached()).isTrue();
        assertThat(assessment.kind()).isEqualTo("test_queue");
        assertThat(assessment.impact()).as("the default of a kind without its own").isEqualTo(5);
        assertThat(assessment.tables()).hasSize(1);
        TableAssessment orders = assessment.tables().get(0);
        assertThat(orders.profile().table()).isEqualTo("sales.orders");
        assertThat(orders.profile().rows()).isEqualTo(40);
        assertThat(orders.profile().key()).isEqualTo("order_id");
        assertThat(orders.profile().column("email").orElseThrow().nulls()).isEqualTo(4);
        assertThat(orders.scores().completeness().value()).isEqualTo(98);
        assertThat(orders.plan().priority()).isEqualTo("medium");
        assertThat(Files.exists(dir.resolve(".tributary"))).as("no warehouse, no state").isFalse();
    }

    @Test
    void theSuggestedChecksLoadAsWrittenInThePipeline() {
        TestProject project = queueProject();
        ProjectSpec spec = project.load();
        Assessment assessment = new Assessor(SourceRegistry.load(), spec.dir(), spec.connections(), null)
                .pipeline(spec.pipeline("orders").orElseThrow(), new Assessor.Request(null, null, null, Instant.parse("2026-06-01T00:00:00Z")));
        String checks = assessment.tables().get(0).suggestedChecks();
        assertThat(checks).contains("unique: [order_id]").contains("accepted_values: {column: status")
                .contains("range: {column: total, min: 0}").contains("pattern: {column: email, format: email}")
                .contains("freshness: {column: updated_at");

        project.pipeline("orders", "source: {type: test_queue, connection: events, topic: orders}\nload: {table: sales.orders}\n" + checks);
        LoadedProject loaded = new ProjectLoader(SourceRegistry.load(), Map.of()).loadPartially(dir);

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.spec().pipeline("orders").orElseThrow().checks()).hasSize(checks.split("\n  - ").length - 1);
    }
}
