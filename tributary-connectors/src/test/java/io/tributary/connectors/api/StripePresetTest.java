package io.tributary.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code preset: stripe} against a local server that lists like Stripe: data, has_more, starting_after, created[gte]. */
class StripePresetTest {
    @TempDir
    Path dir;
    FakeApi api;
    TestProject project;

    @BeforeEach
    void start() {
        api = FakeApi.start();
        RecordingPacer.install();
        project = TestProject.in(dir).env("STRIPE_KEY", FakeApi.STRIPE_KEY);
        project.pipeline("charges", """
                source:
                  type: api
                  preset: stripe
                  base_url: %s/v1
                  api_key: ${env:STRIPE_KEY}
                  resource: charges
                  params: {limit: 2}
                load: {table: charges, mode: merge, key: id}
                """.formatted(api.url()));
    }

    @AfterEach
    void stop() {
        RecordingPacer.uninstall();
        api.close();
    }

    @Test
    void chargesArePagedWithStartingAfterTheLastIdWhileHasMoreIsTrue() {
        for (int i = 1; i <= 5; i++) {
            api.put("charges", FakeApi.charge("ch_" + i, 1_700_000_000L + i * 100, i * 1000));
        }

        RunResult result = project.run("charges");

        assertThat(result.error()).isNull();
        List<FakeApi.Request> requests = api.requests("/v1/charges");
        assertThat(requests).extracting(r -> r.param("starting_after")).containsExactly(null, "ch_4", "ch_2");
        assertThat(requests).allSatisfy(r -> assertThat(r.headers()).containsEntry("authorization", "Bearer " + FakeApi.STRIPE_KEY));
        assertThat(project.rows("SELECT id, amount, currency FROM charges ORDER BY id"))
                .extracting(r -> r.get("id") + " " + r.get("amount") + " " + r.get("currency"))
                .containsExactly("ch_1 1000 usd", "ch_2 2000 usd", "ch_3 3000 usd", "ch_4 4000 usd", "ch_5 5000 usd");
        assertThat(project.value("SELECT value FROM _tributary.state WHERE pipeline = 'charges'")).isEqualTo("1700000500");
        assertThat(project.columns("charges")).containsEntry("created", "TIMESTAMP WITH TIME ZONE").containsEntry("amount", "BIGINT");
        assertThat(project.value("SELECT CAST(timezone('UTC', created) AS VARCHAR) FROM charges WHERE id = 'ch_1'")).isEqualTo("2023-11-14 22:15:00");
    }

    @Test
    void aRefusedKeyIsReportedNamingTheApiKeyTheUserWrote() {
        project.env("STRIPE_KEY", "sk_test_wrong_key_000");
        api.put("charges", FakeApi.charge("ch_1", 1_700_000_100L, 1000));

        RunResult result = project.run("charges");

        assertThat(result.error()).contains("HTTP 401").contains("Check source.api_key").doesNotContain("source.auth")
                .doesNotContain("sk_test_wrong_key_000");
    }

    @Test
    void aSecondRunAsksOnlyForChargesCreatedSinceTheLastOne() {
        for (int i = 1; i <= 3; i++) {
            api.put("charges", FakeApi.charge("ch_" + i, 1_700_000_000L + i * 100, i * 1000));
        }
        assertThat(project.run("charges").error()).isNull();
        api.requests.clear();
        api.put("charges", FakeApi.charge("ch_9", 1_700_000_900L, 9000));

        RunResult second = project.run("charges");

        assertThat(second.error()).isNull();
        assertThat(api.requests("/v1/charges").get(0).param("created[gte]")).isEqualTo("1700000300");
        assertThat(second.rowsRead()).as("ch_3 again (created at the cursor) and ch_9").isEqualTo(2);
        assertThat(project.count("charges")).isEqualTo(4);
    }
}
