package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.tributary.testkit.TestProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every complete YAML example in docs/pipeline-spec.md, docs/quality.md, docs/alerts.md and the README validates, and
 * so does every {@code checks:} fragment (as the checks of a pipeline), so the docs cannot rot.
 */
class DocsExamplesTest {
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> everyDocumentedExampleValidates() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (String doc : List.of("docs/pipeline-spec.md", "docs/quality.md", "docs/alerts.md", "README.md")) {
            String text = Files.readString(repoRoot().resolve(doc));
            Matcher block = YAML_BLOCK.matcher(text);
            int index = 0;
            while (block.find()) {
                String yaml = block.group(1);
                int number = ++index;
                if (yaml.startsWith("# tributary.yml")) {
                    tests.add(DynamicTest.dynamicTest(doc + " example " + number + " (tributary.yml)", () -> {
                        TestProject project = TestProject.in(Files.createTempDirectory(temp, "doc"));
                        project.env("SLACK_WEBHOOK_URL", "https://hooks.example.com/x");
                        project.env("SHOP_DB_PASSWORD", "pw-shop").env("CRM_DB_PASSWORD", "pw-crm").env("ERP_PASSWORD", "pw-erp")
                                .env("OPS_DB_PASSWORD", "pw-ops");
                        project.env("TRIBUTARY_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").env("OPS_TOKEN", "tok-ops")
                                .env("SMTP_PASSWORD", "pw-smtp").env("PAGERDUTY_ROUTING_KEY", "R0utingKey0123456789");
                        project.file("tributary.yml", yaml);
                        assertThatCode(project::load).doesNotThrowAnyException();
                    }));
                } else if (yaml.startsWith("name:") && yaml.contains("\nsource:")) {
                    tests.add(DynamicTest.dynamicTest(doc + " example " + number + " (pipeline)", () -> {
                        TestProject project = TestProject.in(Files.createTempDirectory(temp, "doc"));
                        // the connections the database examples name, as the Connections section defines them
                        project.file("tributary.yml", "name: test\nconnections:\n  shop_db: {kind: postgres, database: shop}\n"
                                + "  crm_db: {kind: mariadb, database: crm}\n");
                        project.env("API_TOKEN", "example-token").env("SHOPIFY_TOKEN", "shpat_example").env("STRIPE_SECRET_KEY", "sk_test_example")
                                .env("TRIBUTARY_HASH_SALT", "example-salt-1234");
                        project.file("pipelines/example.yml", yaml);
                        assertThat(project.load().pipelines()).hasSize(1);
                    }));
                } else if ((yaml.startsWith("checks:") || yaml.startsWith("  - ")) && !yaml.contains("divisible_by:")) {
                    // divisible_by is the test-only plug-in of PluggableKindsTest (core), not on this class path
                    tests.add(DynamicTest.dynamicTest(doc + " example " + number + " (checks)", () -> {
                        TestProject project = TestProject.in(Files.createTempDirectory(temp, "doc"));
                        project.pipeline("example", "source: {type: file, path: data/orders.csv}\n" + (yaml.startsWith("checks:") ? "" : "checks:\n")
                                + yaml + "load: {table: orders}\n");
                        assertThat(project.load().pipeline("example").orElseThrow().checks()).isNotEmpty();
                    }));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThan(8);
        return tests.stream();
    }

    static Path repoRoot() {
        String root = System.getProperty("tributary.repo.root");
        if (root != null) {
            return Path.of(root);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
