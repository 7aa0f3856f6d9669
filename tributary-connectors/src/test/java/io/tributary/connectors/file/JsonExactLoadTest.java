package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every JSON record is loaded exactly or rejected with its line and a reason (issue 9): no value
 * rounded or re-printed through a double, no key dropped, no file failed for one bad record. Each
 * case holds for newline-delimited files and for array files alike.
 */
class JsonExactLoadTest {
    @TempDir
    Path dir;

    private TestProject project(String file, String content, String json) {
        return JsonPipelines.events(dir, file, content, json);
    }

    private static RunResult run(TestProject project) {
        return JsonPipelines.run(project);
    }

    private List<String> texts(TestProject project, String sql) {
        return project.rows(sql).stream().map(r -> String.valueOf(r.values().iterator().next())).toList();
    }

    private static final String PRICES_NDJSON = "{\"id\":1,\"price\":10}\n{\"id\":2,\"price\":19.99}\n{\"id\":3,\"price\":true}\n";
    private static final String PRICES_ARRAY = "[\n  {\"id\":1,\"price\":10},\n  {\"id\":2,\"price\":19.99},\n  {\"id\":3,\"price\":true}\n]\n";

    @Test
    void aFractionAfterTheSampleWidensTheIntegerColumnToAnExactDecimalAndABooleanThereIsRejectedWithItsLine() {
        TestProject project = project("data/events.ndjson", PRICES_NDJSON, "    sample_rows: 1\n");
        RunResult result = run(project);
        assertThat(result.rowsRead()).isEqualTo(3);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(project.columns("events")).containsEntry("price", "DECIMAL(4,2)");
        assertThat(texts(project, "SELECT price FROM events ORDER BY id")).containsExactly("10.00", "19.99");
        assertThat(project.rows("SELECT line, column_name, raw, reason FROM _tributary.rejected_rows")).containsExactly(Map.of(
                "line", 3L, "column_name", "price", "raw", "{\"id\":3,\"price\":true}", "reason", "value true in column price is not a DECIMAL(4,2)"));
    }

    @Test
    void inAnArrayFileTheSameValuesWidenAndTheRejectNamesTheElementsLine() {
        TestProject project = project("data/events.json", PRICES_ARRAY, "    sample_rows: 1\n");
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(texts(project, "SELECT price FROM events ORDER BY id")).containsExactly("10.00", "19.99");
        assertThat(project.rows("SELECT line, column_name, reason FROM _tributary.rejected_rows")).containsExactly(Map.of(
                "line", 4L, "column_name", "price", "reason", "value true in column price is not a DECIMAL(4,2)"));
    }

    @Test
    void inAOneLineArrayEveryRejectNamesLineOneWhileTheOtherElementsLoad() {
        TestProject project = project("data/events.json",
                "[{\"id\":1,\"at\":\"2024-05-01\"},{\"id\":\"two\",\"at\":\"2024-05-02\"},{\"id\":3,\"at\":\"soon\"},{\"id\":4,\"at\":null}]\n"
                        + "\n",
                "    sample_rows: 1\n    columns: {at: DATE}\n");
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(project.rows("SELECT id FROM events ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 4L);
        assertThat(project.rows("SELECT line, column_name, reason FROM _tributary.rejected_rows ORDER BY column_name")).containsExactly(
                Map.of("line", 1L, "column_name", "at", "reason", "value \"soon\" in column at is not a DATE"),
                Map.of("line", 1L, "column_name", "id", "reason", "value \"two\" in column id is not a BIGINT"));
    }

    @Test
    void aFractionForADeclaredIntegerColumnIsRejectedNotRounded() {
        TestProject project = project("data/events.ndjson", PRICES_NDJSON.replace(",\"price\":true", ",\"price\":3"),
                "    columns: {price: BIGINT}\n");
        RunResult result = run(project);
        assertThat(texts(project, "SELECT price FROM events ORDER BY id")).containsExactly("10", "3");
        assertThat(project.rows("SELECT line, reason FROM _tributary.rejected_rows"))
                .containsExactly(Map.of("line", 2L, "reason", "value 19.99 in column price is not a BIGINT"));
        assertThat(result.rowsRejected()).isEqualTo(1);
    }

    @Test
    void aNumberKeepsEveryDigitInADeclaredDecimalOrTextColumn() {
        String line = "{\"amount\":12345678901234567890.1234567891,\"text\":12345678901234567890.1234567891,\"small\":19.90}\n";
        TestProject project = project("data/events.ndjson", line,
                "    columns: {amount: \"DECIMAL(38,10)\", text: VARCHAR, small: VARCHAR}\n");
        run(project);
        assertThat(project.rows("SELECT CAST(amount AS VARCHAR) AS amount, text, small FROM events")).containsExactly(Map.of(
                "amount", "12345678901234567890.1234567891", "text", "12345678901234567890.1234567891", "small", "19.90"));
    }

    @Test
    void inArrayFilesTooADeclaredDecimalKeepsEveryDigit() {
        TestProject project = project("data/events.json", "[{\"amount\":12345678901234567890.1234567891}]",
                "    columns: {amount: \"DECIMAL(38,10)\"}\n");
        run(project);
        assertThat(texts(project, "SELECT CAST(amount AS VARCHAR) FROM events")).containsExactly("12345678901234567890.1234567891");
    }

    @Test
    void integersBeyondTheDoublesPrecisionAndBeyondBigintAreInferredAsExactDecimals() {
        TestProject project = project("data/events.ndjson",
                "{\"n\":1.5,\"big\":1}\n{\"n\":9007199254740993,\"big\":123456789012345678901234567890}\n{\"n\":9223372036854775807,\"big\":2}\n",
                null);
        run(project);
        assertThat(project.columns("events")).containsEntry("n", "DECIMAL(20,1)").containsEntry("big", "DECIMAL(30,0)");
        assertThat(texts(project, "SELECT CAST(n AS VARCHAR) FROM events ORDER BY rowid"))
                .containsExactly("1.5", "9007199254740993.0", "9223372036854775807.0");
        assertThat(texts(project, "SELECT CAST(big AS VARCHAR) FROM events ORDER BY rowid"))
                .containsExactly("1", "123456789012345678901234567890", "2");
    }

    @Test
    void decimalsAreInferredAsDecimalWithThePrecisionAndScaleSeenAndOnlyExponentsAsDouble() {
        TestProject project = project("data/events.ndjson",
                "{\"price\":19.99,\"rate\":1e-3,\"qty\":2,\"tags\":[1.5]}\n{\"price\":1250.5,\"rate\":0.5,\"qty\":3,\"tags\":[2.25,3]}\n", null);
        run(project);
        assertThat(project.columns("events")).containsEntry("price", "DECIMAL(6,2)").containsEntry("rate", "DOUBLE")
                .containsEntry("qty", "BIGINT").containsEntry("tags", "DECIMAL(3,2)[]");
        assertThat(texts(project, "SELECT CAST(price AS VARCHAR) FROM events ORDER BY rowid")).containsExactly("19.99", "1250.50");
    }

    @Test
    void aDecimalOfMoreThanFifteenDigitsIsInferredAndLoadedExactly() {
        TestProject project = project("data/events.ndjson", "{\"amount\":1.5}\n{\"amount\":12345678901234567890.1234567891}\n", null);
        run(project);
        assertThat(project.columns("events")).containsEntry("amount", "DECIMAL(30,10)");
        assertThat(texts(project, "SELECT CAST(amount AS VARCHAR) FROM events ORDER BY rowid"))
                .containsExactly("1.5000000000", "12345678901234567890.1234567891");
    }

    @Test
    void aFileWithAByteOrderMarkAndOneBadLineRejectsThatLineAndLoadsTheRest() {
        TestProject project = TestProject.in(dir);
        project.bytes("data/events.ndjson", ("\uFEFF{\"id\":1,\"at\":\"2024-05-01\"}\n{\"id\":2,\n{\"id\":3,\"at\":\"2024-05-03\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        project.pipeline("events", "source: {type: file, path: data/events.ndjson}\nload: {table: events}\nmax_rejected: 5\n");
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(project.rows("SELECT id FROM events ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 3L);
        assertThat(project.rows("SELECT line, raw FROM _tributary.rejected_rows")).containsExactly(Map.of("line", 2L, "raw", "{\"id\":2,"));
    }

    @Test
    void aCleanFileWithAByteOrderMarkLoadsWithItsTypes() {
        TestProject project = TestProject.in(dir);
        project.bytes("data/events.json", "\uFEFF[{\"id\":1,\"at\":\"2024-05-01\"},{\"id\":2,\"at\":\"2024-05-02\"}]".getBytes(StandardCharsets.UTF_8));
        project.pipeline("events", "source: {type: file, path: data/events.json}\nload: {table: events}\n");
        assertThat(run(project).rowsLoaded()).isEqualTo(2);
        assertThat(project.columns("events")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("at", "DATE"));
    }

    @Test
    void anObjectWithADuplicateKeyIsRejectedWithItsLineAndTheOthersLoad() {
        TestProject project = project("data/events.ndjson", "{\"id\":1,\"a\":1}\n{\"id\":2,\"a\":2,\"a\":3}\n{\"id\":3,\"a\":4}\n", null);
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(project.rows("SELECT id, a FROM events ORDER BY id")).extracting(r -> r.get("a")).containsExactly(1L, 4L);
        assertThat(project.rows("SELECT line, column_name, raw, reason FROM _tributary.rejected_rows")).containsExactly(Map.of(
                "line", 2L, "column_name", "a", "raw", "{\"id\":2,\"a\":2,\"a\":3}",
                "reason", "the key \"a\" appears twice in this object; each key of a JSON object must appear once, so Tributary cannot tell"
                        + " which value is meant"));
    }

    @Test
    void aDuplicateNestedKeyInAnArrayElementRejectsThatElement() {
        TestProject project = project("data/events.json",
                "[{\"id\":1,\"c\":{\"x\":1}},\n {\"id\":2,\"c\":{\"x\":2,\"x\":3}},\n {\"id\":3,\"c\":{\"x\":4}}]", null);
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(project.rows("SELECT line, column_name FROM _tributary.rejected_rows")).containsExactly(Map.of("line", 2L, "column_name", "c__x"));
    }

    @Test
    void aKeyFirstSeenAfterTheSampleBecomesAColumn() {
        String lines = IntStream.rangeClosed(1, 30_000).mapToObj(n -> "{\"id\":" + n + "}").collect(Collectors.joining("\n"))
                + "\n{\"id\":30001,\"newkey\":\"late\"}\n";
        TestProject project = project("data/events.ndjson", lines, null);
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(30_001);
        assertThat(project.columns("events")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("newkey", "VARCHAR"));
        assertThat(project.value("SELECT newkey FROM events WHERE id = 30001")).isEqualTo("late");
    }

    @Test
    void aNestedKeyFirstSeenAfterTheSampleBecomesAFlattenedColumnInArrayFilesToo() {
        TestProject project = project("data/events.json",
                "[{\"id\":1,\"c\":{\"a\":1}},\n {\"id\":2,\"c\":{\"a\":2,\"b\":2.5},\"items\":[{\"sku\":\"x\",\"qty\":1}]}]",
                "    sample_rows: 1\n");
        run(project);
        assertThat(project.columns("events")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("c__a", "BIGINT"),
                Map.entry("c__b", "DECIMAL(2,1)"), Map.entry("items", "STRUCT(sku VARCHAR, qty BIGINT)[]"));
        assertThat(texts(project, "SELECT CAST(c__b AS VARCHAR) || '/' || items[1].sku FROM events WHERE id = 2")).containsExactly("2.5/x");
    }

    @Test
    void anEmptyArrayOrAFileOfEmptyObjectsFailsSayingItHoldsNoRecords() {
        TestProject array = project("data/events.json", "[]", null);
        assertThat(array.run("events").error()).isEqualTo("data/events.json holds no records, so there is nothing to load. If empty"
                + " exports are expected, set source.allow_empty: true; otherwise check the export that produced it.");
        TestProject objects = project("data/events.json", "{}\n{}\n", null);
        assertThat(objects.run("events").error()).startsWith("data/events.json holds 2 records, all empty objects ({}), so there is nothing to load.");
    }

    @Test
    void anEmptyArrayOrAFileOfEmptyObjectsLoadsNothingUnderAllowEmpty() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.json", "[]");
        project.file("data/b.ndjson", "{}\n{}\n");
        project.file("data/c.ndjson", "{\"id\":1}\n");
        project.pipeline("events", "source: {type: file, path: 'data/*', format: json, allow_empty: true}\nload: {table: events}\n");
        RunResult result = run(project);
        assertThat(result.rowsLoaded()).isEqualTo(1);
        assertThat(project.count("events")).isEqualTo(1);
    }

    @Test
    void aCleanFileStillLoadsEveryValueAsItWas() {
        TestProject project = project("data/events.ndjson",
                "{\"id\":1,\"price\":19.99,\"ok\":true,\"name\":\"a\",\"c\":{\"id\":7}}\n{\"id\":2,\"price\":5,\"ok\":false,\"name\":\"b\",\"c\":{\"id\":8}}\n",
                null);
        RunResult result = run(project);
        assertThat(result.rowsRejected()).isZero();
        assertThat(project.columns("events")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("price", "DECIMAL(4,2)"),
                Map.entry("ok", "BOOLEAN"), Map.entry("name", "VARCHAR"), Map.entry("c__id", "BIGINT"));
        assertThat(project.rows("SELECT price FROM events ORDER BY id")).extracting(r -> r.get("price"))
                .containsExactly(new BigDecimal("19.99"), new BigDecimal("5.00"));
    }
}
