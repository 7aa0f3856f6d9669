package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.PipelineRun;
import io.tributary.engine.RunResult;
import io.tributary.engine.StepRows;
import io.tributary.error.ErrorKind;
import io.tributary.metadata.RunStatus;
import io.tributary.testkit.LogCapture;
import io.tributary.testkit.TestProject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transform steps that change rows or hide values: filter, dedupe, bucket, mask, hash, explode.
 * Each test checks the exact rows published and how the run accounts for them
 * ({@code read + exploded = loaded + rejected + filtered + quarantined}), in its result and in the history.
 */
class DeclarativeStepsTest {
    @TempDir
    Path dir;

    private static final String SALT = "pepper-7f3a9c2e";

    private static final String ORDERS = "id,email,status,total\n"
            + "1,ann@example.com,paid,49.99\n"
            + "2,,paid,50\n"
            + "3,cy@shop.io,refunded,100\n"
            + "4,dee@example.com,,199.99\n"
            + "5,x,paid,200\n"
            + "6,,paid,\n";

    private TestProject orders(String transform) {
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", ORDERS);
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}\ntransform:\n" + transform);
        return project;
    }

    private static Map<String, Object> row(Object... keysAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            row.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return row;
    }

    private static Map<String, Object> history(TestProject project, RunResult result) {
        return project.rows("SELECT rows_read, rows_loaded, rows_rejected, rows_filtered FROM _tributary.runs WHERE run_id = "
                + result.runId()).get(0);
    }

    // ---- filter

    @Test
    void filterKeepsTheRowsWhereTheConditionIsTrueAndCountsEachStepsDroppedRowsAsFiltered() {
        TestProject project = orders("  - filter: \"status <> 'refunded'\"\n  - filter: \"total >= 50\"\n");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        // a NULL status is neither equal nor unequal: the condition is NULL, so row 4 goes; so does row 6 (NULL total)
        assertThat(project.rows("SELECT id FROM orders ORDER BY id")).extracting(r -> r.get("id")).containsExactly(2L, 5L);
        assertThat(result.steps()).extracting(StepRows::describe).containsExactly(
                "transform[0] filter (orders.yml:5:5): 2 of 6 rows filtered",
                "transform[1] filter (orders.yml:6:5): 2 of 4 rows filtered");
        assertThat(result.rowsRead()).isEqualTo(6);
        assertThat(result.rowsFiltered()).isEqualTo(4);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.warnings()).isEmpty();
        assertThat(history(project, result)).isEqualTo(row("rows_read", 6L, "rows_loaded", 2L, "rows_rejected", 0L, "rows_filtered", 4L));
    }

    @Test
    void aRowACastRejectsIsRejectedNotFiltered() {
        TestProject project = TestProject.in(dir);
        project.file("data/q.csv", "id,qty\n1,5\n2,lots\n3,0\n");
        project.pipeline("q", "source: {type: file, path: data/q.csv, csv: {all_text: true}}\nload: {table: q}\nmax_rejected: 1\n"
                + "transform:\n  - cast: {qty: INTEGER}\n  - filter: \"qty > 0\"\n");

        RunResult result = project.run("q");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT id FROM q")).extracting(r -> r.get("id")).containsExactly("1");
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(result.rowsFiltered()).isEqualTo(1);
        assertThat(result.steps()).extracting(StepRows::rowsIn, StepRows::rowsOut).containsExactly(org.assertj.core.groups.Tuple.tuple(2L, 1L));
    }

    @Test
    void aFilterOnAColumnThatIsNotThereFailsNamingTheStepAndTheColumnsThatAre() {
        RunResult result = orders("  - rename: {status: state}\n  - filter: \"status = 'paid'\"\n").run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.errorKind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(result.error()).contains("transform[1] filter (orders.yml:6:5)").contains("status")
                .contains("The columns here are id, email, state, total");
    }

    @Test
    void aFilterConditionMustBeTrueOrFalse() {
        RunResult result = orders("  - filter: \"total * 2\"\n").run("orders");

        assertThat(result.errorKind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(result.error()).contains("transform[0] filter").contains("not true or false");
    }

    // ---- dedupe

    @Test
    void dedupeKeepsTheRowWithTheGreatestLatestValue() {
        TestProject project = TestProject.in(dir);
        project.file("data/c.csv", "id,name,updated\n1,old,2024-01-01\n1,new,2024-03-01\n2,b,2024-02-01\n1,mid,2024-02-01\n2,b2,\n");
        project.pipeline("c", "source: {type: file, path: data/c.csv}\nload: {table: c}\ntransform:\n"
                + "  - dedupe: {key: id, latest: updated}\n");

        RunResult result = project.run("c");

        assertThat(result.error()).isNull();
        // a NULL latest loses to any value
        assertThat(project.rows("SELECT id, name FROM c ORDER BY id")).containsExactly(row("id", 1L, "name", "new"), row("id", 2L, "name", "b"));
        assertThat(result.rowsFiltered()).isEqualTo(3);
        assertThat(result.steps()).extracting(StepRows::describe).containsExactly("transform[0] dedupe (c.yml:5:5): 3 of 5 rows filtered");
        assertThat(history(project, result)).containsEntry("rows_filtered", 3L).containsEntry("rows_loaded", 2L);
    }

    @Test
    void dedupeWithoutLatestKeepsTheLastRowInLoadOrderAcrossFilesOnAKeyOfTwoColumns() {
        TestProject project = TestProject.in(dir);
        project.file("data/a_1.csv", "order_id,line,qty\n1,1,5\n1,2,1\n1,1,6\n");
        project.file("data/a_2.csv", "order_id,line,qty\n1,2,9\n2,1,3\n");
        project.pipeline("a", "source: {type: file, path: data/a_*.csv}\nload: {table: a}\ntransform:\n"
                + "  - dedupe: {key: [order_id, line]}\n");

        RunResult result = project.run("a");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT order_id, line, qty FROM a ORDER BY order_id, line")).containsExactly(
                row("order_id", 1L, "line", 1L, "qty", 6L), row("order_id", 1L, "line", 2L, "qty", 9L), row("order_id", 2L, "line", 1L, "qty", 3L));
        assertThat(result.rowsFiltered()).isEqualTo(2);
    }

    // ---- bucket

    @Test
    void bucketPutsEachValueInItsLabelledRangeWithAnExactBoundGoingUpAndNullStayingNull() {
        TestProject project = orders("  - bucket: {column: total, bounds: [50, 100, 200], labels: [Low, Medium, High, Premium]}\n"
                + "  - bucket: {column: total, into: size, bounds: [100], labels: [small, big]}\n");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT id, total_bucket, size FROM orders ORDER BY id")).containsExactly(
                row("id", 1L, "total_bucket", "Low", "size", "small"),
                row("id", 2L, "total_bucket", "Medium", "size", "small"),
                row("id", 3L, "total_bucket", "High", "size", "big"),
                row("id", 4L, "total_bucket", "High", "size", "big"),
                row("id", 5L, "total_bucket", "Premium", "size", "big"),
                row("id", 6L, "total_bucket", null, "size", null));
        assertThat(result.steps()).isEmpty();
    }

    @Test
    void bucketBoundsMayBeDatesForADateColumnAndMustSuitTheColumn() {
        TestProject project = TestProject.in(dir);
        project.file("data/d.csv", "id,day\n1,2023-12-31\n2,2024-01-01\n3,2024-07-01\n");
        project.pipeline("d", "source: {type: file, path: data/d.csv}\nload: {table: d}\ntransform:\n"
                + "  - bucket: {column: day, into: period, bounds: [2024-01-01, 2024-07-01], labels: [before, H1, H2]}\n");
        project.pipeline("e", "source: {type: file, path: data/d.csv}\nload: {table: e}\ntransform:\n"
                + "  - bucket: {column: day, bounds: [100], labels: [a, b]}\n");

        assertThat(project.run("d").error()).isNull();
        assertThat(project.rows("SELECT period FROM d ORDER BY id")).extracting(r -> r.get("period")).containsExactly("before", "H1", "H2");
        RunResult mismatch = project.run("e");
        assertThat(mismatch.errorKind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(mismatch.error()).contains("transform[0] bucket (e.yml:5:5)").contains("day is DATE").contains("the number 100");
    }

    @Test
    void aBucketOnAColumnThatIsNotThereNamesTheStepTheColumnAndTheColumnsThatAre() {
        RunResult result = orders("  - bucket: {column: totl, bounds: [1], labels: [a, b]}\n").run("orders");

        assertThat(result.errorKind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(result.error()).isEqualTo("transform[0] bucket (orders.yml:5:5): there is no column totl here; "
                + "the columns are id, email, status, total. Did you mean total?");
    }

    // ---- mask

    @Test
    void maskHidesValuesByStyleAndLeavesNullAsNull() {
        TestProject project = TestProject.in(dir);
        project.file("data/p.csv", "id,email,phone,card,secret\n"
                + "1,jane.doe@example.com,+1 (555) 123-4567,4111111111111111,abc\n"
                + "2,nobody,12,123,x\n"
                + "3,,,,\n");
        project.pipeline("p", "source: {type: file, path: data/p.csv, csv: {all_text: true}}\nload: {table: p}\ntransform:\n"
                + "  - mask: {email: email, phone: phone, card: last4, secret: full}\n");

        RunResult result = project.run("p");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT email, phone, card, secret FROM p ORDER BY id")).containsExactly(
                row("email", "j***@example.com", "phone", "****4567", "card", "****1111", "secret", "****"),
                row("email", "****", "phone", "****", "card", "****", "secret", "****"),
                row("email", null, "phone", null, "card", null, "secret", null));
    }

    // ---- hash

    @Test
    void hashIsTheSha256OfSaltAndValueTheSameInEveryRunAndTheSaltIsNeverShown() throws Exception {
        TestProject project = TestProject.in(dir).env("TRIBUTARY_HASH_SALT", SALT);
        project.file("data/h_1.csv", "id,email\n1,ann@example.com\n2,\n");
        project.pipeline("h", "source: {type: file, path: data/h_*.csv}\nload: {table: h, mode: append}\ntransform:\n"
                + "  - hash: {columns: [email], salt: \"${env:TRIBUTARY_HASH_SALT}\"}\n");

        assertThat(project.run("h").error()).isNull();
        project.file("data/h_2.csv", "id,email\n3,ann@example.com\n");
        assertThat(project.run("h").error()).isNull();

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest((SALT + "ann@example.com").getBytes(StandardCharsets.UTF_8)));
        assertThat(project.rows("SELECT id, email FROM h ORDER BY id")).containsExactly(
                row("id", 1L, "email", expected), row("id", 2L, "email", null), row("id", 3L, "email", expected));

        // a later step's mistake fails the run; the message, the history and the engine's log never show the salt
        project.pipeline("h_bad", "source: {type: file, path: data/h_*.csv}\nload: {table: h_bad}\ntransform:\n"
                + "  - hash: {columns: [email], salt: \"${env:TRIBUTARY_HASH_SALT}\"}\n"
                + "  - derive: {n: \"CAST(email AS INTEGER) + nosuch\"}\n");
        RunResult failed;
        try (LogCapture runLog = LogCapture.of(PipelineRun.class)) {
            failed = project.run("h_bad");
            assertThat(runLog.messages()).noneMatch(m -> m.contains(SALT));
        }
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.error()).contains("transform[1] derive").doesNotContain(SALT);
        assertThat(project.rows("SELECT error, warnings FROM _tributary.runs").toString()).doesNotContain(SALT);
    }

    // ---- explode

    @Test
    void explodeMakesOneRowPerElementOfAListKeepingAnEmptyOrNullArrayAsOneRowWithNull() {
        TestProject project = TestProject.in(dir);
        project.file("data/t.json", "[{\"id\": 1, \"tags\": [\"a\", \"b\", \"c\"]}, {\"id\": 2, \"tags\": []},"
                + " {\"id\": 3, \"tags\": null}, {\"id\": 4, \"tags\": [\"d\"]}]");
        project.pipeline("t", "source: {type: file, path: data/t.json}\nload: {table: t}\ntransform:\n  - explode: {column: tags, into: tag}\n");

        RunResult result = project.run("t");

        assertThat(result.error()).isNull();
        assertThat(project.columns("t")).containsEntry("tag", "VARCHAR").doesNotContainKey("tags");
        // in load order: the table keeps the staged order, element by element
        assertThat(project.rows("SELECT id, tag FROM t")).containsExactly(row("id", 1L, "tag", "a"), row("id", 1L, "tag", "b"),
                row("id", 1L, "tag", "c"), row("id", 2L, "tag", null), row("id", 3L, "tag", null), row("id", 4L, "tag", "d"));
        assertThat(result.rowsRead()).isEqualTo(4);
        assertThat(result.rowsExploded()).isEqualTo(2);
        assertThat(result.rowsLoaded()).isEqualTo(6);
        assertThat(result.rowsRead() + result.rowsExploded()).isEqualTo(result.rowsLoaded() + result.rowsRejected() + result.rowsFiltered());
        assertThat(result.steps()).extracting(StepRows::describe).containsExactly("transform[0] explode (t.yml:5:5): 4 rows became 6 (2 added)");
    }

    @Test
    void explodeSplitsJsonArraysHeldInTextOrJsonColumnsAndALaterDedupeSeesTheElements() {
        TestProject project = TestProject.in(dir);
        project.file("data/j.csv", "id,items\n1,\"[\"\"x\"\",\"\"y\"\"]\"\n2,[]\n3,plain\n4,\"[{\"\"sku\"\": 7}]\"\n5,\"[\"\"x\"\"]\"\n");
        project.pipeline("text", "source: {type: file, path: data/j.csv}\nload: {table: text_items}\ntransform:\n"
                + "  - explode: {column: items}\n  - dedupe: {key: items}\n");
        project.pipeline("json", "source: {type: file, path: data/j.csv}\nload: {table: json_items}\ntransform:\n"
                + "  - filter: \"id <> 3\"\n  - cast: {items: JSON}\n  - explode: {column: items}\n");

        RunResult text = project.run("text");
        RunResult json = project.run("json");

        assertThat(text.error()).isNull();
        // text: the elements as text; a value that is no JSON array stays as it is; the last x (row 5) wins the dedupe
        assertThat(project.rows("SELECT id, items FROM text_items ORDER BY id")).containsExactly(row("id", 1L, "items", "y"),
                row("id", 2L, "items", null), row("id", 3L, "items", "plain"), row("id", 4L, "items", "{\"sku\":7}"), row("id", 5L, "items", "x"));
        assertThat(text.rowsExploded()).isEqualTo(1);
        assertThat(text.rowsFiltered()).isEqualTo(1);
        assertThat(text.rowsLoaded()).isEqualTo(5);
        assertThat(json.error()).isNull();
        assertThat(project.columns("json_items")).containsEntry("items", "JSON");
        assertThat(project.rows("SELECT id, CAST(items AS VARCHAR) AS items FROM json_items")).containsExactly(row("id", 1L, "items", "\"x\""),
                row("id", 1L, "items", "\"y\""), row("id", 2L, "items", null), row("id", 4L, "items", "{\"sku\":7}"), row("id", 5L, "items", "\"x\""));
        assertThat(json.rowsRead()).isEqualTo(5);
        assertThat(json.rowsFiltered()).isEqualTo(1);
        assertThat(json.rowsExploded()).isEqualTo(1);
        assertThat(json.rowsLoaded()).isEqualTo(5);
    }

    @Test
    void explodeOnAColumnThatIsNoArrayFailsNamingItsType() {
        RunResult result = orders("  - explode: {column: total}\n").run("orders");

        assertThat(result.errorKind()).isEqualTo(ErrorKind.INVALID_INPUT);
        assertThat(result.error()).contains("transform[0] explode (orders.yml:5:5): total is DECIMAL(18,2), not an array");
    }

    @Test
    void explodedRowsMergeOnTheirKeyWithTheLastElementWinning() {
        TestProject project = TestProject.in(dir);
        project.file("data/m.json", "[{\"id\": 1, \"v\": [1, 2, 3]}, {\"id\": 2, \"v\": [4]}]");
        project.pipeline("m", "source: {type: file, path: data/m.json}\nload: {table: m, mode: merge, key: id}\ntransform:\n"
                + "  - explode: {column: v}\n");

        RunResult result = project.run("m");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT id, v FROM m ORDER BY id")).containsExactly(row("id", 1L, "v", 3L), row("id", 2L, "v", 4L));
        assertThat(Arrays.asList(result.rowsRead(), result.rowsExploded())).containsExactly(2L, 2L);
    }
}
