package io.tributary.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.app.Backfills;
import io.tributary.app.RunService;
import io.tributary.engine.RunListener;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backfill of an api source whose incremental parameters are time-based: each window asks for its own range. */
class ApiBackfillTest {
    @TempDir
    Path dir;
    FakeApi api;
    TestProject project;

    @BeforeEach
    void start() {
        api = FakeApi.start();
        RecordingPacer.install();
        project = TestProject.in(dir).env("STRIPE_KEY", FakeApi.STRIPE_KEY);
    }

    @AfterEach
    void stop() {
        RecordingPacer.uninstall();
        api.close();
    }

    private void pipeline(String extra) {
        project.pipeline("charges", """
                source:
                  type: api
                  preset: stripe
                  base_url: %s/v1
                  api_key: ${env:STRIPE_KEY}
                  resource: charges
                %s
                load: {table: charges, mode: merge, key: id}
                """.formatted(api.url(), extra));
    }

    private Backfills.Outcome backfill(String from, String to) {
        ProjectSpec spec = project.load();
        PipelineSpec pipeline = spec.pipeline("charges").orElseThrow();
        try (RunService service = RunService.open(spec)) {
            return new Backfills(service).run(pipeline, Backfills.Request.parse(pipeline, from, to, "1d"), w -> RunListener.NONE);
        }
    }

    @Test
    void stripeWindowsSendCreatedGteAndLtAndLeaveTheSavedCursorAlone() {
        long day = 1_767_225_600L; // 2026-01-01T00:00:00Z
        api.put("charges", FakeApi.charge("ch_old", day - 10, 100));
        api.put("charges", FakeApi.charge("ch_1", day + 3600, 1000));
        api.put("charges", FakeApi.charge("ch_2", day + 86_400 + 3600, 2000));
        api.put("charges", FakeApi.charge("ch_new", day + 3 * 86_400, 3000));
        pipeline("");

        Backfills.Outcome outcome = backfill("2026-01-01", "2026-01-03");

        assertThat(outcome.end()).isEqualTo(Backfills.End.COMPLETE);
        assertThat(api.requests("/v1/charges")).extracting(r -> r.param("created[gte]") + ".." + r.param("created[lt]"))
                .containsExactly(day + ".." + (day + 86_400), (day + 86_400) + ".." + (day + 2 * 86_400));
        assertThat(project.rows("SELECT id FROM charges ORDER BY id")).extracting(r -> r.get("id")).containsExactly("ch_1", "ch_2");
        assertThat(project.rows("SELECT value FROM _tributary.state WHERE pipeline = 'charges'")).as("no state published").isEmpty();
    }

    @Test
    void anApiWithoutAParameterThatEndsTheRangeIsRefused() {
        project.pipeline("charges", "source:\n  type: api\n  base_url: " + api.url() + "\n  endpoint: /generic/next_url\n"
                + "  records: results.items\n  pagination: {style: next_url, next_url: links.next}\n"
                + "  incremental: {cursor_field: updated_at, param: since}\nload: {table: charges, mode: merge, key: id}\n");
        assertThatThrownBy(() -> backfill("2026-01-01", "2026-01-03"))
                .hasMessageContaining("pipeline charges (charges.yml) cannot be backfilled").hasMessageContaining("until_param");
    }
}
