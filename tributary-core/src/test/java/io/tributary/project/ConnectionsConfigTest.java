package io.tributary.project;

import io.tributary.spi.ConnectionSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tributary.config.Problem;
import io.tributary.config.Secrets;
import io.tributary.error.InvalidProjectException;
import io.tributary.spi.SourceRegistry;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code connections:} in tributary.yml and {@code load.destination} naming one of them. */
class ConnectionsConfigTest {
    @TempDir
    Path dir;

    private ProjectLoader loader(Map<String, String> environment) {
        return new ProjectLoader(SourceRegistry.load(), environment);
    }

    private List<Problem> problems(Runnable load) {
        InvalidProjectException invalid = catchThrowableOfType(InvalidProjectException.class, load::run);
        assertThat(invalid).as("the project should be invalid").isNotNull();
        return invalid.problems();
    }

    private static Problem at(List<Problem> problems, String path) {
        return problems.stream().filter(p -> path.equals(p.path())).findFirst()
                .orElseThrow(() -> new AssertionError("no problem at " + path + "; problems: " + problems));
    }

    @Test
    void aConnectionGetsItsKindsDefaultsAndItsPasswordFromTheEnvironment() {
        TestProject.in(dir).file("tributary.yml", """
                name: shop
                connections:
                  shop_db:
                    kind: postgres
                    database: shop
                    user: etl
                    password: ${env:SHOP_DB_PASSWORD}
                    options: {sslmode: require}
                  legacy:
                    kind: jdbc
                    url: jdbc:h2:mem:legacy
                """);

        Map<String, ConnectionSpec> connections = loader(Map.of("SHOP_DB_PASSWORD", "s3cret-pw")).loadConnections(dir);

        ConnectionSpec shop = connections.get("shop_db");
        assertThat(shop.host()).isEqualTo("127.0.0.1");
        assertThat(shop.effectivePort()).isEqualTo(5432);
        assertThat(shop.password()).isEqualTo("s3cret-pw");
        assertThat(shop.options()).containsEntry("sslmode", "require");
        assertThat(shop.describe()).isEqualTo("postgres://etl@127.0.0.1:5432/shop").doesNotContain("s3cret-pw");
        assertThat(Secrets.redact("password=s3cret-pw")).doesNotContain("s3cret-pw");
        assertThat(connections.get("legacy").url()).isEqualTo("jdbc:h2:mem:legacy");
        assertThat(connections.get("legacy").effectivePort()).isNull();
    }

    @Test
    void everyConnectionProblemIsReportedWithItsLineAndAHint() {
        TestProject.in(dir).file("tributary.yml", """
                connections:
                  no_kind:
                    database: a
                  typo:
                    kind: postgress
                    database: b
                  no_url:
                    kind: jdbc
                  no_db:
                    kind: mariadb
                    hostname: db
                  bad_port:
                    kind: mysql
                    database: c
                    port: 70000
                """);

        List<Problem> problems = problems(() -> loader(Map.of()).loadConnections(dir));

        assertThat(at(problems, "connections.no_kind.kind").message()).contains("required");
        Problem typo = at(problems, "connections.typo.kind");
        assertThat(typo.location().line()).isEqualTo(5);
        assertThat(typo.hint()).contains("postgres");
        assertThat(at(problems, "connections.no_url.url").hint()).contains("drivers/");
        assertThat(at(problems, "connections.no_db.database").message()).contains("required");
        assertThat(at(problems, "connections.no_db.hostname").hint()).contains("host");
        assertThat(at(problems, "connections.bad_port.port").location().line()).isEqualTo(15);
    }

    @Test
    void aDestinationMustNameAConnectionThatCanBeADestination() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", """
                connections:
                  analytics_pg: {kind: postgres, database: analytics}
                  legacy: {kind: jdbc, url: "jdbc:h2:mem:x"}
                defaults:
                  destination: analytcs_pg
                """);
        project.pipeline("orders", "source: {type: file, path: a.csv}\nload: {table: orders, destination: legacy}");

        List<Problem> problems = problems(() -> loader(Map.of()).load(dir));

        Problem unknown = at(problems, "defaults.destination");
        assertThat(unknown.message()).contains("unknown connection 'analytcs_pg'");
        assertThat(unknown.hint()).contains("analytics_pg");
        Problem jdbc = at(problems, "load.destination");
        assertThat(jdbc.message()).contains("kind jdbc, which cannot be a destination");
        assertThat(jdbc.location().file().getFileName().toString()).isEqualTo("orders.yml");
    }
}
