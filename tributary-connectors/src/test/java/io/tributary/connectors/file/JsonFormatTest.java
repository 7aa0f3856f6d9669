package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.engine.RunResult;
import io.tributary.error.InvalidProjectException;
import io.tributary.testkit.TestProject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFormatTest {
    @TempDir
    Path dir;

    private TestProject project(String file, String content, String json) {
        return JsonPipelines.events(dir, file, content, json);
    }

    private static RunResult run(TestProject project) {
        return JsonPipelines.run(project);
    }

    @Test
    void anArrayFileLoadsOneRowPerObject() {
        TestProject project = project("data/events.json", "[{\"id\": 1, \"name\": \"a\"},\n {\"id\": 2, \"name\": \"b\"}]", null);
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(project.columns("events")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("name", "VARCHAR"));
        assertThat(project.rows("SELECT name FROM events ORDER BY id")).extracting(r -> r.get("name")).containsExactly("a", "b");
    }

    @Test
    void aNewlineDelimitedFileLoadsOneRowPerLine() {
        TestProject project = project("data/events.ndjson", "{\"id\": 1, \"ok\": true}\n\n{\"id\": 2, \"ok\": false}\n{\"id\": 3}\n", null);
        RunResult result = run(project);
        assertThat(result.rowsRead()).isEqualTo(3);
        assertThat(result.rowsRejected()).isZero();
        assertThat(project.columns("events")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("ok", "BOOLEAN"));
    }

    @Test
    void nestedObjectsBecomeColumnsNamedByTheirPathJoinedWithDoubleUnderscores() {
        TestProject project = project("data/orders.ndjson",
                "{\"id\": 1, \"customer\": {\"id\": 7, \"address\": {\"city\": \"Lyon\", \"geo\": {\"lat\": 45.7}}}}\n"
                        + "{\"id\": 2, \"customer\": {\"id\": 8, \"address\": {\"city\": \"Nantes\", \"geo\": {\"lat\": 47.2}}}}\n", null);
        run(project);
        assertThat(project.columns("events")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("customer__id", "BIGINT"),
                Map.entry("customer__address__city", "VARCHAR"), Map.entry("customer__address__geo__lat", "DECIMAL(3,1)"));
        assertThat(project.rows("SELECT customer__address__city AS city, customer__address__geo__lat AS lat FROM events ORDER BY id"))
                .containsExactly(Map.of("city", "Lyon", "lat", new BigDecimal("45.7")), Map.of("city", "Nantes", "lat", new BigDecimal("47.2")));
    }

    @Test
    void listsStayListColumnsEvenWhenTheyHoldObjects() {
        TestProject project = project("data/orders.json",
                "[{\"id\": 1, \"tags\": [\"new\", \"vip\"], \"items\": [{\"sku\": \"a\", \"qty\": 2}]}]", null);
        run(project);
        assertThat(project.columns("events")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("tags", "VARCHAR[]"),
                Map.entry("items", "STRUCT(sku VARCHAR, qty BIGINT)[]"));
        assertThat(project.value("SELECT len(tags) + items[1].qty FROM events")).isEqualTo(4L);
    }

    @Test
    void malformedLinesAreRejectedWithTheirLineNumberTextAndReasonWhileTheOtherLinesLoad() {
        TestProject project = project("data/events.ndjson", String.join("\n",
                "{\"id\": 1, \"customer\": {\"name\": \"Ann\"}}",
                "{\"id\": 2, \"customer\": {\"name\": \"Bob\"",
                "",
                "{\"id\": 3, \"customer\": {\"name\": \"Cy\"}}",
                "not json at all",
                "{\"id\": 5, \"customer\": {\"name\": \"Di\"}}") + "\n", null);

        RunResult result = run(project);

        assertThat(result.rowsLoaded()).isEqualTo(3);
        assertThat(result.rowsRejected()).isEqualTo(2);
        assertThat(result.rowsRead()).isEqualTo(5); // non-blank lines
        assertThat(project.rows("SELECT id, customer__name FROM events ORDER BY id")).extracting(r -> r.get("customer__name"))
                .containsExactly("Ann", "Cy", "Di");
        List<Map<String, Object>> rejects = project.rows("SELECT unit, line, raw, reason FROM _tributary.rejected_rows ORDER BY line");
        assertThat(rejects).extracting(r -> r.get("line")).containsExactly(2L, 5L);
        assertThat(rejects).extracting(r -> r.get("unit")).containsOnly("data/events.ndjson");
        assertThat(rejects).extracting(r -> r.get("raw")).containsExactly("{\"id\": 2, \"customer\": {\"name\": \"Bob\"", "not json at all");
        assertThat((String) rejects.get(0).get("reason")).startsWith("not valid JSON: Malformed JSON at byte").contains("of the line");
        assertThat((String) rejects.get(1).get("reason")).startsWith("not valid JSON: Malformed JSON at byte 0");
    }

    @Test
    void aLineThatIsValidJsonButNotAnObjectIsRejected() {
        TestProject project = project("data/events.ndjson", "{\"id\": 1}\n[1, 2]\n{\"id\": 3}\n42\n", null);
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(project.rows("SELECT line, reason FROM _tributary.rejected_rows ORDER BY line")).containsExactly(
                Map.of("line", 2L, "reason", "the line is an array, not a JSON object; each line must hold one JSON object"),
                Map.of("line", 4L, "reason", "the line is a number, not a JSON object; each line must hold one JSON object"));
        assertThat(project.rows("SELECT id FROM events ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 3L);
    }

    @Test
    void aTenMegabyteLineIsReadAsOneLine() {
        String big = "x".repeat(10 * 1024 * 1024);
        TestProject project = project("data/events.ndjson",
                "{\"id\": 1, \"blob\": \"" + big + "\"}\n{\"id\": 2, oops\n{\"id\": 3, \"blob\": \"small\"}\n", null);
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(project.rows("SELECT id, length(blob) AS n FROM events ORDER BY id"))
                .containsExactly(Map.of("id", 1L, "n", (long) big.length()), Map.of("id", 3L, "n", 5L));
        assertThat(project.value("SELECT line FROM _tributary.rejected_rows")).isEqualTo(2L);
    }

    @Test
    void explicitColumnTypesOverrideInferenceAndCanNameNestedFieldsAndKeysOutsideTheSample() {
        TestProject project = project("data/events.ndjson",
                "{\"id\": 1, \"code\": 7, \"customer\": {\"zip\": 1000}}\n{\"id\": 2, \"code\": 8, \"customer\": {\"zip\": 2000}, \"late\": \"x\"}\n",
                "    sample_rows: 1\n    columns: {code: VARCHAR, customer__zip: VARCHAR, late: VARCHAR}\n");
        run(project);
        assertThat(project.columns("events")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("code", "VARCHAR"),
                Map.entry("customer__zip", "VARCHAR"), Map.entry("late", "VARCHAR"));
        assertThat(project.rows("SELECT code, customer__zip, late FROM events ORDER BY id")).extracting(r -> r.get("late"))
                .containsExactly(null, "x");
    }

    @Test
    void withFlattenFalseObjectsStayStructs() {
        TestProject project = project("data/events.json", "[{\"id\": 1, \"customer\": {\"id\": 7, \"address\": {\"city\": \"Lyon\"}}}]",
                "    flatten: false\n");
        run(project);
        assertThat(project.columns("events")).containsExactly(Map.entry("id", "BIGINT"),
                Map.entry("customer", "STRUCT(id BIGINT, address STRUCT(city VARCHAR))"));
        assertThat(project.value("SELECT customer.address.city FROM events")).isEqualTo("Lyon");
    }

    @Test
    void autoFormatTellsArraysFromNewlineDelimitedFilesOneFileAtATime() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.json", "  \n[{\"id\": 1}, {\"id\": 2}]");
        project.file("data/b.json", "{\"id\": 3}\n{\"id\": 4}\n");
        project.pipeline("events", "source: {type: file, path: 'data/*.json', json: {format: auto}}\nload: {table: events}");
        assertThat(run(project).rowsLoaded()).isEqualTo(4);
        assertThat(project.rows("SELECT id FROM events ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aMalformedArrayFailsTheRunNamingTheFileAndTheReason() {
        TestProject project = project("data/events.json", "[{\"id\": 1},\n{\"id\": 2,\n{\"id\": 3}]", null);
        RunResult result = project.run("events");
        assertThat(result.succeeded()).isFalse();
        assertThat(result.error()).startsWith("data/events.json is not valid JSON: Malformed JSON at byte")
                .contains("cannot be split into rows").doesNotContain(dir.toString());
    }

    @Test
    void aValueThatDoesNotFitItsInferredTypeRejectsItsLineAndTheOthersLoad() {
        TestProject project = project("data/events.ndjson", "{\"id\": 1}\n{\"id\": 2}\n{\"id\": \"three\"}\n{\"id\": \"4\"}\n",
                "    sample_rows: 1\n");
        RunResult result = run(project);
        assertThat(result.rowsRead()).isEqualTo(4);
        assertThat(result.rowsLoaded()).isEqualTo(3);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(project.columns("events")).containsExactly(Map.entry("id", "BIGINT"));
        // "4" converts to BIGINT, as it would in a strict read.
        assertThat(project.rows("SELECT id FROM events ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 2L, 4L);
        assertThat(project.rows("SELECT unit, line, column_name, raw, reason FROM _tributary.rejected_rows")).containsExactly(Map.of(
                "unit", "data/events.ndjson", "line", 3L, "column_name", "id", "raw", "{\"id\": \"three\"}",
                "reason", "value \"three\" in column id is not a BIGINT"));
    }

    @Test
    void aValueThatDoesNotFitIsRejectedAmongMalformedLinesWithTheLinesNumbered() {
        TestProject project = project("data/events.ndjson", "{\"id\": 1}\n{\"id\": 2\n\n{\"id\": \"three\"}\n{\"id\": 5}\n",
                "    sample_rows: 1\n");
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsRejected()).isEqualTo(2);
        assertThat(project.rows("SELECT id FROM events ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 5L);
        List<Map<String, Object>> rejects = project.rows("SELECT line, column_name, reason FROM _tributary.rejected_rows ORDER BY line");
        assertThat(rejects).extracting(r -> r.get("line")).containsExactly(2L, 4L);
        assertThat((String) rejects.get(0).get("reason")).startsWith("not valid JSON");
        assertThat(rejects.get(1)).containsEntry("column_name", "id").containsEntry("reason", "value \"three\" in column id is not a BIGINT");
    }

    @Test
    void aBadValueInANestedFieldIsRejectedNamingItsFlattenedColumn() {
        TestProject project = project("data/orders.ndjson", String.join("\n",
                "{\"id\": 1, \"customer\": {\"id\": 7, \"name\": \"Ann\"}, \"tags\": [1, 2]}",
                "{\"id\": 2, \"customer\": {\"id\": \"x7\", \"name\": \"Bob\"}, \"tags\": [3]}",
                "{\"id\": 3, \"customer\": \"Cy\", \"tags\": []}",
                "{\"id\": 4, \"customer\": {\"name\": \"Di\", \"extra\": true}, \"tags\": [4, \"four\"]}",
                "{\"id\": 5, \"customer\": null, \"tags\": null}",
                "{\"id\": 6, \"customer\": {\"id\": 9}, \"tags\": [6]}") + "\n", "    sample_rows: 1\n");
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(3);
        // A key first seen after the sample (customer.extra) becomes a column, here empty since its only line is rejected.
        assertThat(project.columns("events")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("customer__id", "BIGINT"),
                Map.entry("customer__name", "VARCHAR"), Map.entry("customer__extra", "BOOLEAN"), Map.entry("tags", "BIGINT[]"));
        // A missing or unknown nested key is no misfit (read_json accepts both); a null object is none either.
        assertThat(project.rows("SELECT id FROM events ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 5L, 6L);
        assertThat(project.rows("SELECT line, column_name, reason FROM _tributary.rejected_rows ORDER BY line")).containsExactly(
                Map.of("line", 2L, "column_name", "customer__id", "reason", "value \"x7\" in column customer__id is not a BIGINT"),
                Map.of("line", 3L, "column_name", "customer", "reason",
                        "value \"Cy\" in column customer is not a JSON object (its fields load into the columns customer__…)"),
                Map.of("line", 4L, "column_name", "tags", "reason", "value [4,\"four\"] in column tags is not a BIGINT[]"));
    }

    @Test
    void aBadValueInAListOfObjectsRejectsItsLineWhileMissingAndUnknownKeysDoNot() {
        TestProject project = project("data/orders.ndjson", String.join("\n",
                "{\"id\": 1, \"items\": [{\"sku\": \"a\", \"qty\": 2}]}",
                "{\"id\": 2, \"items\": [{\"sku\": \"b\", \"qty\": \"two\", \"gift\": true}]}",
                "{\"id\": 3, \"items\": [{\"sku\": \"c\"}, {\"qty\": 1, \"gift\": false}]}",
                "{\"id\": 4, \"items\": {\"sku\": \"d\"}}") + "\n", "    sample_rows: 1\n");
        RunResult result = run(project);
        // gift, first seen after the sample, is a field of the list's objects rather than dropped.
        assertThat(project.columns("events")).containsEntry("items", "STRUCT(sku VARCHAR, qty BIGINT, gift BOOLEAN)[]");
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(project.rows("SELECT line, column_name FROM _tributary.rejected_rows ORDER BY line"))
                .containsExactly(Map.of("line", 2L, "column_name", "items"), Map.of("line", 4L, "column_name", "items"));
        assertThat(project.value("SELECT reason FROM _tributary.rejected_rows WHERE line = 2"))
                .isEqualTo("value [{\"sku\":\"b\",\"qty\":\"two\",\"gift\":true}] in column items is not a STRUCT(sku VARCHAR, qty BIGINT, gift BOOLEAN)[]");
    }

    @Test
    void aValueThatDoesNotFitADeclaredTypeIsRejected() {
        TestProject project = project("data/events.ndjson",
                "{\"id\": 1, \"at\": \"2024-05-01\"}\n{\"id\": 2, \"at\": \"soon\"}\n{\"id\": 3, \"at\": null}\n",
                "    columns: {at: DATE}\n");
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(project.columns("events")).containsEntry("at", "DATE");
        assertThat(project.rows("SELECT line, column_name, reason FROM _tributary.rejected_rows")).containsExactly(
                Map.of("line", 2L, "column_name", "at", "reason", "value \"soon\" in column at is not a DATE"));
    }

    @Test
    void misfitsCountTowardsMaxRejected() {
        TestProject project = TestProject.in(dir);
        project.file("data/events.ndjson", "{\"qty\": 1}\n{\"qty\": \"abc\"}\n{\"qty\": \"def\"}\n{\"qty\": 4}\n");
        project.pipeline("events", "source: {type: file, path: data/events.ndjson, json: {sample_rows: 1}}\nload: {table: events}\n"
                + "max_rejected: 1\n");
        RunResult result = project.run("events");
        assertThat(result.succeeded()).isFalse();
        assertThat(result.rowsRejected()).isEqualTo(2);
        assertThat(result.error()).startsWith("2 of 4 rows were rejected, more than max_rejected allows");
    }

    @Test
    void withFlattenFalseAMisfitIsNamedByItsPathInTheStructColumn() {
        TestProject project = project("data/events.ndjson",
                "{\"id\": 1, \"customer\": {\"id\": 7}}\n{\"id\": 2, \"customer\": {\"id\": \"x\"}}\n",
                "    flatten: false\n    sample_rows: 1\n");
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(1);
        assertThat(project.value("SELECT reason FROM _tributary.rejected_rows")).isEqualTo("value \"x\" in column customer.id is not a BIGINT");
    }

    @Test
    void aKeyThatIsNullThroughoutTheSampleIsReadAsTextAndKeepsItsLaterValues() {
        // DuckDB would type it "NULL" and silently drop the later values.
        TestProject project = project("data/events.ndjson", "{\"id\": 1, \"note\": null}\n{\"id\": 2, \"note\": \"late\"}\n",
                "    sample_rows: 1\n");
        run(project);
        assertThat(project.columns("events")).containsEntry("note", "VARCHAR");
        assertThat(project.value("SELECT note FROM events WHERE id = 2")).isEqualTo("late");
    }

    @Test
    void crlfLineEndsKeepLineNumbersExact() {
        TestProject project = project("data/events.ndjson", "{\"id\": 1}\r\n\r\n{\"id\": 2\r\n{\"id\": 4}\r\n", null);
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(project.rows("SELECT line, raw FROM _tributary.rejected_rows")).containsExactly(Map.of("line", 3L, "raw", "{\"id\": 2"));
    }

    @Test
    void autoFormatReadsAPrettyPrintedObjectAndReportsOneThatIsBroken() {
        TestProject project = project("data/events.json", "{\n  \"id\": 1,\n  \"name\": \"a\"\n}\n", null);
        assertThat(run(project).rowsLoaded()).isEqualTo(1);

        project.file("data/events.json", "{\n  \"id\": 1,\n  \"name\": \"a\"\n\n");
        RunResult broken = project.run("events");
        assertThat(broken.succeeded()).isFalse();
        assertThat(broken.error()).startsWith("data/events.json is not valid JSON: Malformed JSON")
                .endsWith("(No line of it holds a JSON object on its own, so it is not newline-delimited JSON either.)");
    }

    @Test
    void gzippedNewlineDelimitedFilesAreReadAndCheckedLineByLine() throws Exception {
        TestProject project = TestProject.in(dir);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes)) {
            gzip.write("{\"id\": 1}\n{\"id\": 2,\n{\"id\": 3}\n".getBytes(StandardCharsets.UTF_8));
        }
        project.bytes("data/events.json.gz", bytes.toByteArray());
        project.pipeline("events", "source: {type: file, path: data/events.json.gz}\nload: {table: events}\nmax_rejected: 1");
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(project.value("SELECT line FROM _tributary.rejected_rows")).isEqualTo(2L);
    }

    @Test
    void aFileThatIsNotUtf8FailsNamingTheLine() {
        TestProject project = TestProject.in(dir);
        String text = "{\"id\": 1}\n{\"id\": 2, \"city\": \"Li\u00e8ge\"}\n";
        project.bytes("data/events.ndjson", text.getBytes(StandardCharsets.ISO_8859_1)); // an export in Latin-1
        project.pipeline("events", "source: {type: file, path: data/events.ndjson}\nload: {table: events}");
        assertThat(project.run("events").error()).isEqualTo("data/events.ndjson is not UTF-8 text (line 2 has bytes that are not UTF-8),"
                + " and JSON must be. Export the file as UTF-8.");
    }

    @Test
    void anUnknownKeyInTheJsonBlockIsReportedWithItsLine() {
        TestProject project = project("data/events.json", "[]", "    flaten: false\n");
        assertThatThrownBy(project::load).isInstanceOf(InvalidProjectException.class)
                .hasMessageContaining("events.yml:6:5").hasMessageContaining("source.json.flaten")
                .hasMessageContaining("unknown key 'flaten'").hasMessageContaining("did you mean 'flatten'?");
    }
}
