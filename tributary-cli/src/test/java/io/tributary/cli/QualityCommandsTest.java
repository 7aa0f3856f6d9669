package io.tributary.cli;

import static io.tributary.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.cli.CliTest.Result;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary checks} shows the stored results; {@code tributary quarantine} lists and releases set-aside rows. */
class QualityCommandsTest {
    @TempDir
    Path dir;

    private TestProject orders() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: shop\n");
        project.file("data/orders.csv", "id,email,total\n1,a@x.io,10\n2,b@x.io,-5\n3,c(at)x.io,30\n4,d@x.io,40\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders, mode: merge, key: id}\nchecks:\n"
                + "  - range: {column: total, min: 0}\n    quarantine: true\n"
                + "  - pattern: {column: email, format: email}\n    quarantine: true\n"
                + "  - not_null: [email]\n");
        return project;
    }

    @Test
    void checksShowsTheNewestRunsResultsAsATableAndAsJson() throws Exception {
        orders();
        assertThat(cli("-p", dir.toString(), "run", "orders").code()).isZero();

        Result table = cli("-p", dir.toString(), "checks");

        assertThat(table.code()).isZero();
        assertThat(table.out()).contains("CHECK", "STATUS", "FAILING").contains("range(total)").contains("pattern(email: email)")
                .contains("not_null(email)").contains("4 checks, 2 not passed");
        assertThat(table.out().lines().filter(l -> l.contains("range(total)")).findFirst().orElseThrow()).contains("warn").contains("quarantined");

        Result json = cli("-p", dir.toString(), "checks", "orders", "--format", "json");
        JsonNode results = new ObjectMapper().readTree(json.out());
        assertThat(results).hasSize(4);
        JsonNode range = results.get(1);
        assertThat(range.get("check").asText()).isEqualTo("range(total)");
        assertThat(range.get("failing_rows").asLong()).isEqualTo(1);
        assertThat(range.get("samples").get(0).asText()).contains("'total': -5");
        long runId = range.get("run_id").asLong();
        assertThat(cli("-p", dir.toString(), "checks", "--run", String.valueOf(runId)).out()).contains("range(total)");
        assertThat(cli("-p", dir.toString(), "checks", "--run", "999").out()).contains("no check results for run 999");
    }

    @Test
    void quarantineListsTheRowsAndReleasesOnlyThoseThatNowPass() {
        TestProject project = orders();
        assertThat(cli("-p", dir.toString(), "run", "orders").code()).isZero();
        assertThat(project.count("orders")).isEqualTo(2);

        Result listed = cli("-p", dir.toString(), "quarantine", "orders");

        assertThat(listed.code()).isZero();
        assertThat(listed.out()).contains("_tributary_row_id").contains("range(total): -5").contains("pattern(email: email): c(at)x.io")
                .contains("2 rows in orders__quarantine");
        String fixed = (String) project.value("SELECT _tributary_row_id FROM orders__quarantine WHERE id = 3");
        String stillBad = (String) project.value("SELECT _tributary_row_id FROM orders__quarantine WHERE id = 2");
        try (var warehouse = io.tributary.warehouse.Warehouse.open(project.load().warehouse());
             var statement = warehouse.connection().createStatement()) {
            statement.execute("UPDATE orders__quarantine SET email = 'c@x.io' WHERE id = 3");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }

        Result released = cli("-p", dir.toString(), "quarantine", "orders", "--all");

        assertThat(released.code()).isZero();
        assertThat(released.out()).contains("released 1 row into orders").contains("still failing, kept in quarantine: " + stillBad)
                .contains("range(total): -5");
        assertThat(project.rows("SELECT id, email FROM orders ORDER BY id")).containsExactly(Map.of("id", 1L, "email", "a@x.io"),
                Map.of("id", 3L, "email", "c@x.io"), Map.of("id", 4L, "email", "d@x.io"));
        assertThat(project.rows("SELECT _tributary_row_id FROM orders__quarantine")).containsExactly(Map.of("_tributary_row_id", stillBad));
        assertThat(fixed).isNotEqualTo(stillBad);

        Result unknown = cli("-p", dir.toString(), "quarantine", "orders", "--release", "no-such-id");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.all()).contains("released 0 rows").contains("no quarantined row has id no-such-id");
        assertThat(cli("-p", dir.toString(), "quarantine", "customers").out()).contains("nothing is quarantined in customers");
    }
    @Test
    void whatTheRunPrintedIsWhatTheChecksCommandShows() throws Exception {
        TestProject project = TestProject.in(dir);
        project.file("data/orders-1.csv", "id,email,total\n1,a@x.io,10\n2,b@x,20\n");
        project.pipeline("orders", "source: {type: file, path: 'data/orders-*.csv'}\nload: {table: orders}\nchecks:\n"
                + "  - pattern: {column: email, format: email}\n    severity: warn\n  - range: {column: total, min: 0}\n");

        Result warned = cli("-p", dir.toString(), "run", "orders");

        assertThat(warned.code()).as("a failing warn check publishes: exit 0").isZero();
        JsonNode first = new ObjectMapper().readTree(cli("-p", dir.toString(), "checks", "orders", "-f", "json").out());
        assertThat(first).extracting(r -> r.get("check").asText() + " " + r.get("status").asText() + " " + r.get("failing_rows").asLong())
                .containsExactly("pattern(email: email) warn 1", "range(total) pass 0");
        assertThat(warned.all()).contains("warning: check " + first.get(0).get("message").asText());
        assertThat(first.get(0).get("samples").get(0).asText()).contains("'email': b@x");

        project.file("data/orders-2.csv", "id,email,total\n3,c@x.io,-1\n4,d@x.io,-2\n");
        Result failed = cli("-p", dir.toString(), "run", "orders");

        assertThat(failed.code()).as("a failing error check fails the run: exit 1").isEqualTo(1);
        JsonNode second = new ObjectMapper().readTree(cli("-p", dir.toString(), "checks", "orders", "-f", "json").out());
        assertThat(second.get(0).get("run_id").asLong()).isGreaterThan(first.get(0).get("run_id").asLong());
        JsonNode range = second.get(1);
        assertThat(range.get("status").asText()).isEqualTo("fail");
        assertThat(range.get("failing_rows").asLong()).isEqualTo(2);
        assertThat(range.get("samples")).hasSize(2);
        assertThat(failed.all()).contains("checks failed, nothing was published").contains(range.get("message").asText());
        assertThat(project.count("orders")).isEqualTo(2);
    }
    @Test
    void aRowStillFailingAfterAFixIsShownWithTheReasonItFailsForNow() {
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", "id,email,total\n1,a@x.io,10\n2,b(at)x.io,-5\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}\nchecks:\n"
                + "  - range: {column: total, min: 0}\n    quarantine: true\n  - pattern: {column: email, format: email}\n    quarantine: true\n");
        assertThat(cli("-p", dir.toString(), "run", "orders").code()).isZero();
        assertThat(project.value("SELECT _tributary_reason FROM orders__quarantine")).isEqualTo("range(total): -5; pattern(email: email): b(at)x.io");
        try (var warehouse = io.tributary.warehouse.Warehouse.open(project.load().warehouse());
             var statement = warehouse.connection().createStatement()) {
            statement.execute("UPDATE orders__quarantine SET total = 5");
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }

        Result released = cli("-p", dir.toString(), "quarantine", "orders", "--all");

        assertThat(released.out()).contains("released 0 rows").contains("still failing, kept in quarantine: ")
                .contains(": pattern(email: email): b(at)x.io").doesNotContain("range(total)");
    }
}
