package io.tributary.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.config.Problem;
import io.tributary.error.InvalidProjectException;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Phase one of the api source: every problem at file:line:col with the key and a hint, before any request. */
class ApiValidationTest {
    @TempDir
    Path dir;

    private List<Problem> problems(String pipelineYaml) {
        TestProject project = TestProject.in(dir).env("TOKEN", "tok-validation-secret");
        project.pipeline("p", pipelineYaml);
        InvalidProjectException invalid = catchThrowableOfType(InvalidProjectException.class, project::load);
        assertThat(invalid).as("the project should be invalid").isNotNull();
        return invalid.problems();
    }

    private static Problem at(List<Problem> problems, String path) {
        return problems.stream().filter(p -> path.equals(p.path())).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + path + "; problems: " + problems));
    }

    @Test
    void anUnknownPaginationStyleIsReportedWhereItIsWrittenWithASuggestion() {
        Problem problem = at(problems("""
                source:
                  type: api
                  base_url: https://api.example.com
                  pagination: {style: link_headr}
                load: {table: t}
                """), "source.pagination.style");

        assertThat(problem.location().line()).isEqualTo(5);
        assertThat(problem.location().column()).isEqualTo(23);
        assertThat(problem.message()).contains("'link_headr' is not one of none, link_header, cursor");
        assertThat(problem.hint()).isEqualTo("did you mean 'link_header'?");
    }

    @Test
    void aMissingBaseUrlAndAMisspeltKeyAreBothReported() {
        List<Problem> problems = problems("""
                source:
                  type: api
                  endpoint: /orders
                  paginaton: {style: cursor}
                load: {table: t}
                """);

        assertThat(at(problems, "source.base_url").hint()).contains("base_url: https://");
        Problem typo = at(problems, "source.paginaton");
        assertThat(typo.location().line()).isEqualTo(5);
        assertThat(typo.hint()).isEqualTo("did you mean 'pagination'?");
    }

    @Test
    void anIncrementalSourceWithAppendModeIsRefusedWithAHintToMerge() {
        Problem problem = at(problems("""
                source:
                  type: api
                  base_url: https://api.example.com
                  incremental: {cursor_field: updated_at, param: since, lookback: 10m}
                load: {table: t, mode: append}
                """), "source.incremental");

        assertThat(problem.location().line()).isEqualTo(5);
        assertThat(problem.message()).contains("duplicated");
        assertThat(problem.hint()).contains("mode: merge");
    }

    @Test
    void badValuesInsideBlocksAreReportedEachAtItsKey() {
        List<Problem> problems = problems("""
                source:
                  type: api
                  base_url: ftp://api.example.com
                  method: PUT
                  timeout: 30 seconds
                  auth: {type: bearr, token: "${env:TOKEN}"}
                  incremental: {cursor_field: updated_at, param: since, format: epoch}
                  retry: {max_attempts: 0}
                  children: {items: {table: t}}
                load: {table: t, mode: merge, key: id}
                """);

        assertThat(at(problems, "source.base_url").message()).contains("not an http:// or https:// address");
        assertThat(at(problems, "source.method").hint()).contains("GET (the default) or POST");
        assertThat(at(problems, "source.timeout").hint()).contains("30s");
        assertThat(at(problems, "source.auth.type").hint()).isEqualTo("did you mean 'bearer'?");
        assertThat(at(problems, "source.incremental.format").message()).contains("'epoch' is not one of iso, unix");
        assertThat(at(problems, "source.retry.max_attempts").message()).contains("between 1 and 100");
        assertThat(at(problems, "source.children.items").message()).contains("is the pipeline's own table");
        assertThat(problems.toString()).doesNotContain("tok-validation-secret");
    }

    @Test
    void theShopifyPresetAsksForTheShopAndTheTokenAndKnowsItsResources() {
        List<Problem> problems = problems("""
                source:
                  type: api
                  preset: shopify
                  resource: orderz
                load: {table: orders, mode: merge, key: id}
                """);

        assertThat(at(problems, "source.resource").hint()).isEqualTo("did you mean 'orders'?");
        assertThat(at(problems, "source.shop").message()).isEqualTo("the shopify preset needs the key 'shop'");
        assertThat(at(problems, "source.shop").hint()).contains("my-shop");
        assertThat(at(problems, "source.access_token").hint()).contains("${env:SHOPIFY_TOKEN}");
    }

    @Test
    void anUnknownPresetIsReportedWithASuggestion() {
        Problem problem = at(problems("""
                source: {type: api, preset: shopfy, resource: orders}
                load: {table: orders, mode: merge, key: id}
                """), "source.preset");

        assertThat(problem.hint()).isEqualTo("did you mean 'shopify'?");
    }

    @Test
    void aShopifyPipelineWithAllItsKeysIsValidAndNeedsNoBaseUrl() {
        TestProject project = TestProject.in(dir).env("SHOPIFY_TOKEN", "shpat_x123");
        project.pipeline("orders", """
                source: {type: api, preset: shopify, shop: my-shop, access_token: "${env:SHOPIFY_TOKEN}", resource: orders}
                load: {table: orders, mode: merge, key: id}
                """);

        var source = project.load().pipeline("orders").orElseThrow().source();

        assertThat(source.describe()).isEqualTo("shopify GET https://my-shop.myshopify.com/admin/api/2025-01/orders.json");
    }

    @Test
    void aPresetKeyCanBeTurnedOff() {
        TestProject project = TestProject.in(dir).env("STRIPE_KEY", "sk_x123");
        project.pipeline("charges", """
                source: {type: api, preset: stripe, api_key: "${env:STRIPE_KEY}", resource: charges, incremental: false}
                load: {table: charges, mode: append}
                """);

        assertThat(project.load().pipeline("charges")).isPresent();
    }
}
