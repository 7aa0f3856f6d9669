package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.metadata.RunStatus;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declarative transform steps, and the data-quality checks that gate publishing. */
class TransformsAndChecksTest {
    @TempDir
    Path dir;

    private static final String ORDERS = "id,email,status,total\n1,a@x.io,paid,10\n2,,paid,20\n3,c@x.io,refunded,30\n4,d@x.io,paid,40\n";

    private TestProject orders(String pipelineYaml) {
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", ORDERS);
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}\n" + pipelineYaml);
        return project;
    }

    private static boolean tableExists(TestProject project, String table) {
        return ((Number) project.value("SELECT count(*) FROM information_schema.tables WHERE table_name = '" + table + "'")).longValue() > 0;
    }

    @Test
    void renameDropCastAndDeriveStepsShapeThePublishedTableInOrder() {
        TestProject project = TestProject.in(dir);
        project.file("data/people.csv", "id,first,last,cents,internal\n1,Ada,Lovelace,1050,x\n2,Alan,Turing,99,y\n");
        project.pipeline("people", "source: {type: file, path: data/people.csv}\nload: {table: people}\ntransform:\n"
                + "  - rename: {first: first_name}\n"
                + "  - drop: [internal]\n"
                + "  - cast: {cents: INTEGER}\n"
                + "  - derive: {amount: \"cents / 100\", full_name: \"first_name || ' ' || last\"}\n"
                + "  - derive: {last: upper(last)}\n");

        RunResult result = project.run("people");

        assertThat(result.error()).isNull();
        assertThat(project.columns("people")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("first_name", "VARCHAR"),
                Map.entry("last", "VARCHAR"), Map.entry("cents", "INTEGER"), Map.entry("amount", "DOUBLE"),
                Map.entry("full_name", "VARCHAR"));
        assertThat(project.rows("SELECT first_name, last, cents, amount, full_name FROM people ORDER BY id")).containsExactly(
                Map.of("first_name", "Ada", "last", "LOVELACE", "cents", 1050, "amount", 10.5, "full_name", "Ada Lovelace"),
                Map.of("first_name", "Alan", "last", "TURING", "cents", 99, "amount", 0.99, "full_name", "Alan Turing"));
    }

    @Test
    void aValueThatACastCannotConvertRejectsItsRowWithTheValueAndTheRestLoad() {
        TestProject project = TestProject.in(dir);
        project.file("data/q.csv", "id,qty\n1,5\n2,lots\n3,7\n");
        project.pipeline("q", "source: {type: file, path: data/q.csv, csv: {all_text: true}}\nload: {table: q}\nmax_rejected: 1\n"
                + "transform:\n  - cast: {qty: INTEGER}\n");

        RunResult result = project.run("q");

        assertThat(result.error()).isNull();
        assertThat(result.rowsRead()).isEqualTo(3);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(project.rows("SELECT id, qty FROM q ORDER BY id")).containsExactly(Map.of("id", "1", "qty", 5), Map.of("id", "3", "qty", 7));
        Map<String, Object> reject = project.rows("SELECT unit, column_name, raw, reason FROM _tributary.rejected_rows WHERE run_id = "
                + result.runId()).get(0);
        assertThat(reject).containsEntry("unit", "data/q.csv").containsEntry("column_name", "qty").containsEntry("raw", "lots");
        assertThat((String) reject.get("reason")).contains("cast").contains("'lots'").contains("INTEGER");
    }

    @Test
    void castRejectsCountTowardsMaxRejected() {
        TestProject project = TestProject.in(dir);
        project.file("data/q.csv", "id,qty\n1,5\n2,lots\n3,many\n");
        project.pipeline("q", "source: {type: file, path: data/q.csv, csv: {all_text: true}}\nload: {table: q}\nmax_rejected: 1\n"
                + "transform:\n  - cast: {qty: INTEGER}\n");

        RunResult result = project.run("q");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("2 of 3 rows were rejected");
        assertThat(tableExists(project, "q")).isFalse();
        assertThat(project.count("_tributary.rejected_rows")).isEqualTo(2);
    }

    @Test
    void notNullToleratesMissingValuesUpToMaxMissing() {
        TestProject project = orders("checks:\n  - not_null: [id, email]\n    max_missing: 0.25\n");
        assertThat(project.run("orders").error()).isNull();
        assertThat(project.count("orders")).isEqualTo(4);
    }

    @Test
    void notNullBeyondMaxMissingFailsTheRunAndPublishesNothing() {
        TestProject project = orders("checks:\n  - not_null: [id, email]\n    max_missing: 0.2\n");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("checks failed, nothing was published").contains("not_null(email): 1 of 4 rows fail")
                .doesNotContain("not_null(id)");
        assertThat(tableExists(project, "orders")).isFalse();
        assertThat(project.count("_tributary.state")).isZero();
    }

    @Test
    void uniqueFailsOnDuplicatesAndShowsThem() {
        TestProject project = TestProject.in(dir);
        project.file("data/o.csv", "id,status\n1,a\n2,b\n2,c\n3,d\n3,e\n3,f\n");
        project.pipeline("o", "source: {type: file, path: data/o.csv}\nload: {table: o}\nchecks:\n  - unique: id\n");

        RunResult result = project.run("o");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("unique(id): 3 of 6 rows fail (e.g. '2', '3')");
    }

    @Test
    void acceptedValuesFailsOnAnUnlistedValueAndNamesIt() {
        TestProject project = orders("checks:\n  - accepted_values: {column: status, values: [paid]}\n");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("accepted_values(status): 1 of 4 rows fail (e.g. 'refunded')");
        assertThat(tableExists(project, "orders")).isFalse();
    }

    @Test
    void rangeFailsOnValuesOutsideItsBounds() {
        TestProject project = orders("checks:\n  - range: {column: total, min: 15, max: 35}\n");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("range(total): 2 of 4 rows fail").contains("'10'").contains("'40'");
    }

    @Test
    void rowCountFailsWhenTooFewRowsArrive() {
        TestProject project = orders("checks:\n  - row_count: {min: 5}\n");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("row_count").contains("4 rows, expected at least 5");
    }

    @Test
    void anExpressionCheckFailsForRowsWhereItIsNotTrue() {
        TestProject project = orders("checks:\n  - expression: \"total < 35 OR status = 'refunded'\"\n");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("expression(total < 35 OR status = 'refunded'): 1 of 4 rows fail");
    }

    @Test
    void passingChecksOfEveryKindLetTheRunPublish() {
        TestProject project = orders("checks:\n"
                + "  - not_null: id\n"
                + "  - unique: [id]\n"
                + "  - accepted_values: {column: status, values: [paid, refunded]}\n"
                + "  - range: {column: total, min: 0, max: 100}\n"
                + "  - row_count: {min: 1, max: 10}\n"
                + "  - expression: \"total > 0\"\n");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(result.warnings()).noneMatch(w -> w.startsWith("check"));
        assertThat(project.count("orders")).isEqualTo(4);
    }

    @Test
    void aFailingWarnCheckOnlyWarnsAndTheRunPublishes() {
        TestProject project = orders("checks:\n  - not_null: email\n    severity: warn\n  - row_count: {max: 2}\n    severity: warn\n");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(result.warnings()).anyMatch(w -> w.equals("check not_null(email): 1 of 4 rows fail"))
                .anyMatch(w -> w.startsWith("check row_count: 4 of 4 rows fail"));
        assertThat(project.count("orders")).isEqualTo(4);
    }

    @Test
    void checksSeeTheRowsAfterTransforms() {
        TestProject project = orders("transform:\n  - derive: {email: \"coalesce(email, 'unknown')\"}\nchecks:\n  - not_null: email\n");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT email FROM orders WHERE id = 2")).extracting(r -> r.get("email")).isEqualTo(List.of("unknown"));
    }
}
