package io.tributary.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OAuth2 client credentials, basic and query-parameter keys, and the requests-per-second budget. */
class AuthAndLimitsTest {
    @TempDir
    Path dir;
    FakeApi api;
    RecordingPacer pacer;
    TestProject project;

    @BeforeEach
    void start() {
        api = FakeApi.start();
        pacer = RecordingPacer.install();
        project = TestProject.in(dir).env("CLIENT_SECRET", "client-secret-xyz").env("API_PASSWORD", "pa55-word-secret");
        for (int id = 1; id <= 6; id++) {
            ObjectNode item = FakeApi.JSON.createObjectNode();
            item.put("id", id);
            api.put("items", item);
        }
    }

    @AfterEach
    void stop() {
        RecordingPacer.uninstall();
        api.close();
    }

    private void securePipeline() {
        project.pipeline("items", """
                source:
                  type: api
                  base_url: %s
                  endpoint: /secure/items
                  records: items
                  auth: {type: oauth2, token_url: %s/oauth/token, client_id: client-1, client_secret: "${env:CLIENT_SECRET}", scopes: [read_items]}
                  pagination: {style: page_number, size_param: per_page, size: 2}
                load: {table: items, mode: replace}
                """.formatted(api.url(), api.url()));
    }

    @Test
    void anOAuth2TokenIsFetchedOnceAndReusedForEveryPage() {
        securePipeline();

        RunResult result = project.run("items");

        assertThat(result.error()).isNull();
        assertThat(api.tokensIssued.get()).isEqualTo(1);
        assertThat(api.requests("/oauth/token").get(0).body()).contains("grant_type=client_credentials").contains("scope=read_items");
        assertThat(project.count("items")).isEqualTo(6);
    }

    @Test
    void aTokenThatExpiresMidRunIsReplacedAfterThe401AndNoPageIsLostOrDoubled() {
        api.tokenUses = 2;   // the server stops accepting a token after two pages
        securePipeline();

        RunResult result = project.run("items");

        assertThat(result.error()).isNull();
        assertThat(api.tokensIssued.get()).isEqualTo(2);
        assertThat(api.requests("/secure/items")).extracting(r -> r.param("page")).containsExactly("1", "2", "3", "3", "4");
        assertThat(project.rows("SELECT id FROM items ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    }

    @Test
    void aTokenIsRenewedBeforeItExpires() {
        api.tokenLifetimeSeconds = 100;   // renewed 10 s before: after 90 s
        securePipeline();
        Pacer slow = new Pacer() {
            @Override public long nanoTime() {
                return pacer.nanoTime();
            }

            @Override public long currentMillis() {
                // every look at the clock is 50 s later: the second page finds the token near its end
                pacer.advance(Duration.ofSeconds(50));
                return pacer.currentMillis();
            }

            @Override public void sleep(Duration duration, String reason) {
                pacer.sleep(duration, reason);
            }
        };
        Pacer.Current.pacer = slow;

        RunResult result = project.run("items");

        assertThat(result.error()).isNull();
        assertThat(api.requests("/secure/items")).as("no request was refused").hasSize(4);
        assertThat(api.tokensIssued.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void wrongClientCredentialsFailWithoutTheSecret() {
        project.env("CLIENT_SECRET", "wrong-secret-value");
        securePipeline();

        RunResult result = project.run("items");

        assertThat(result.error()).contains("POST " + api.url() + "/oauth/token was refused: HTTP 401").contains("invalid_client")
                .contains("token_url, client_id and client_secret").doesNotContain("wrong-secret-value");
    }

    @Test
    void aPersistent401AfterATokenRefreshFails() {
        api.tokenUses = 0;
        securePipeline();

        RunResult result = project.run("items");

        assertThat(result.error()).contains("HTTP 401").contains("The access token expired");
        assertThat(api.tokensIssued.get()).isEqualTo(2);
    }

    @Test
    void basicAuthAndAQueryParameterKeyAreSentAndTheKeyIsMaskedInMessages() {
        project.env("API_KEY", "qk-secret-123456");
        project.pipeline("items", """
                source:
                  type: api
                  base_url: %s
                  endpoint: /generic/missing
                  auth: {type: api_key, param: api_key, value: "${env:API_KEY}"}
                load: {table: items, mode: replace}
                """.formatted(api.url()));

        RunResult missing = project.run("items");

        assertThat(api.requests("/generic/missing").get(0).param("api_key")).isEqualTo("qk-secret-123456");
        assertThat(missing.error()).contains("HTTP 404").contains("api_key=****").contains("source.base_url and source.endpoint")
                .doesNotContain("qk-secret-123456");

        project.pipeline("items", """
                source:
                  type: api
                  base_url: %s
                  endpoint: /generic/offset
                  auth: {type: basic, user: etl, password: "${env:API_PASSWORD}"}
                load: {table: items, mode: replace}
                """.formatted(api.url()));
        assertThat(project.run("items").error()).isNull();
        assertThat(api.requests("/generic/offset").get(0).headers()).containsEntry("authorization",
                "Basic " + Base64.getEncoder().encodeToString("etl:pa55-word-secret".getBytes()));
    }

    @Test
    void aRequestsPerSecondBudgetSpacesTheRequests() {
        project.pipeline("items", """
                source:
                  type: api
                  base_url: %s
                  endpoint: /generic/offset
                  pagination: {style: offset, limit: 2}
                  rate_limit: {requests_per_second: 0.5}
                load: {table: items, mode: replace}
                """.formatted(api.url()));

        RunResult result = project.run("items");

        assertThat(result.error()).isNull();
        assertThat(api.requests("/generic/offset")).hasSize(4);
        // one request every 2 s: each of the 3 later requests waits for what is left of its 2 s (how
        // much is left depends on how long the request before took, which a loaded machine stretches)
        List<RecordingPacer.Pause> pauses = pacer.pausesFor("requests_per_second");
        assertThat(pauses).hasSize(3).allSatisfy(p -> assertThat(p.duration()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(2000)));
        for (int i = 1; i < pauses.size(); i++) {
            assertThat(Duration.ofNanos(pauses.get(i).endsAt() - pauses.get(i - 1).endsAt())).as("between paced requests %d and %d", i, i + 1)
                    .isGreaterThanOrEqualTo(Duration.ofMillis(1990));
        }
    }
}
