package io.tributary.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.config.Problem;
import io.tributary.engine.RunResult;
import io.tributary.error.InvalidProjectException;
import io.tributary.testkit.TestProject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code columns:} types the main table's and each child table's columns exactly (never rounding,
 * never by way of DOUBLE), a record with a value that does not convert is rejected whole with its
 * JSON, and a table's columns do not depend on which records a run happened to see: a key that held
 * only nulls or empty objects adds no column.
 */
class ColumnTypesTest {
    @TempDir
    Path dir;
    FakeApi api;
    TestProject project;

    @BeforeEach
    void start() {
        api = FakeApi.start();
        RecordingPacer.install();
        project = TestProject.in(dir);
    }

    @AfterEach
    void stop() {
        RecordingPacer.uninstall();
        api.close();
    }

    private static ObjectNode item(long id, String json) {
        ObjectNode item = (ObjectNode) FakeApi.parse(json);
        item.put("id", id);
        return item;
    }

    private void pipeline(String source) {
        project.pipeline("invoices", "source:\n  type: api\n  base_url: " + api.url() + "\n  endpoint: /generic/offset\n" + source
                + "load: {table: invoices, mode: merge, key: id}\n");
    }

    @Test
    void declaredTypesConvertTheMainTablesAndAChildTablesValuesExactly() {
        api.put("items", item(1, """
                {"amount": "12345678901234.56", "issued": 1700000000, "due": "2024-03-01T10:00:00", "paid": "2024-03-01T10:00:00+02:00",
                 "lines": [{"sku": "A", "price": "0.10", "qty": "3"}, {"sku": "B", "price": 19.99, "qty": 1}]}"""));
        pipeline("""
                  columns:
                    amount: "DECIMAL(18,2)"
                    issued: {type: TIMESTAMPTZ, format: unix}
                    due: TIMESTAMPTZ
                    paid: TIMESTAMP
                  children:
                    lines:
                      columns: {price: "DECIMAL(10,2)", qty: INTEGER}
                """);

        RunResult result = project.run("invoices");

        assertThat(result.error()).isNull();
        assertThat(project.columns("invoices")).containsEntry("amount", "DECIMAL(18,2)").containsEntry("issued", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("due", "TIMESTAMP WITH TIME ZONE").containsEntry("paid", "TIMESTAMP");
        assertThat(project.rows("SELECT amount, CAST(timezone('UTC', issued) AS VARCHAR) AS issued, CAST(timezone('UTC', due) AS VARCHAR) AS due,"
                + " CAST(paid AS VARCHAR) AS paid FROM invoices")).singleElement().satisfies(row -> {
                    assertThat(row.get("amount")).isEqualTo(new BigDecimal("12345678901234.56"));
                    assertThat(row.get("issued")).isEqualTo("2023-11-14 22:13:20");
                    assertThat(row.get("due")).as("a time without an offset is UTC").isEqualTo("2024-03-01 10:00:00");
                    assertThat(row.get("paid")).as("a TIMESTAMP is the UTC time").isEqualTo("2024-03-01 08:00:00");
                });
        assertThat(project.columns("invoices__lines")).containsEntry("price", "DECIMAL(10,2)").containsEntry("qty", "INTEGER");
        assertThat(project.rows("SELECT sku, price, qty FROM invoices__lines ORDER BY sku")).extracting(r -> r.get("sku") + " " + r.get("price") + " " + r.get("qty"))
                .containsExactly("A 0.10 3", "B 19.99 1");
    }

    @Test
    void aValueThatWouldBeRoundedOrDoesNotConvertRejectsItsWholeRecordWithItsChildRows() {
        api.put("items", item(1, "{\"amount\": \"10.00\", \"lines\": [{\"qty\": 1}, {\"qty\": 2}]}"));
        api.put("items", item(2, "{\"amount\": \"10.00\", \"lines\": [{\"qty\": 1}, {\"qty\": 2.5}]}"));
        api.put("items", item(3, "{\"amount\": \"ten\", \"lines\": [{\"qty\": 1}]}"));
        api.put("items", item(4, "{\"amount\": \"4.00\", \"lines\": [{\"qty\": 4}]}"));
        pipeline("""
                  columns: {amount: "DECIMAL(10,2)"}
                  children:
                    lines: {columns: {qty: INTEGER}}
                """);
        project.file("tributary.yml", "name: shop\ndefaults:\n  max_rejected: 10\n");

        RunResult result = project.run("invoices");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT id FROM invoices ORDER BY id")).extracting(r -> r.get("id")).containsExactly(1L, 4L);
        assertThat(project.rows("SELECT invoice_id, qty FROM invoices__lines ORDER BY invoice_id, qty"))
                .extracting(r -> r.get("invoice_id") + "/" + r.get("qty")).containsExactly("1/1", "1/2", "4/4");
        assertThat(result.rowsRejected()).isEqualTo(2);
        assertThat(result.rowsRead()).isEqualTo(result.rowsLoaded() + result.rowsRejected()).isEqualTo(2 + 3 + 2);
        List<java.util.Map<String, Object>> rejects = project.rows("SELECT line, column_name, raw, reason FROM _tributary.rejected_rows ORDER BY line");
        assertThat(rejects).extracting(r -> r.get("line") + " " + r.get("column_name")).containsExactly("2 invoices__lines.qty", "3 amount");
        assertThat((String) rejects.get(0).get("reason")).contains("value '2.5' in column invoices__lines.qty does not fit INTEGER without rounding");
        assertThat((String) rejects.get(0).get("raw")).contains("\"qty\":2.5").contains("\"id\":2");
        assertThat((String) rejects.get(1).get("reason")).contains("value 'ten' in column amount is not a DECIMAL(10,2)");
    }

    @Test
    void aDeclaredColumnNoRecordHeldIsThereWithItsTypeAndAnAllNullOneKeepsItsType() {
        api.put("items", item(1, "{\"refunded_at\": null}"));
        pipeline("  columns: {refunded_at: TIMESTAMPTZ, voided_at: TIMESTAMPTZ}\n");

        assertThat(project.run("invoices").error()).isNull();

        assertThat(project.columns("invoices")).containsEntry("refunded_at", "TIMESTAMP WITH TIME ZONE")
                .containsEntry("voided_at", "TIMESTAMP WITH TIME ZONE");
    }

    @Test
    void anEmptyObjectOrANullInEveryRecordOfALaterRunAddsNoStrayColumn() {
        api.put("items", item(1, "{\"metadata\": {\"order_id\": 5}, \"note\": \"gift\", \"tags\": [\"a\"]}"));
        pipeline("");
        assertThat(project.run("invoices").error()).isNull();
        var before = project.columns("invoices");
        assertThat(before).containsEntry("metadata__order_id", "BIGINT").containsEntry("note", "VARCHAR");

        api.put("items", item(1, "{\"metadata\": {}, \"note\": null, \"tags\": [\"b\"]}"));
        api.put("items", item(2, "{\"metadata\": {}, \"note\": null, \"tags\": []}"));
        RunResult second = project.run("invoices");

        assertThat(second.error()).isNull();
        assertThat(second.warnings()).noneMatch(w -> w.contains("added column"));
        assertThat(project.columns("invoices")).isEqualTo(before);
        assertThat(project.rows("SELECT id, metadata__order_id, note FROM invoices ORDER BY id"))
                .extracting(r -> r.get("id") + " " + r.get("metadata__order_id") + " " + r.get("note")).containsExactly("1 null null", "2 null null");
    }

    @Test
    void aFirstRunWhoseObjectIsAlwaysEmptyGetsNoMapColumnAndALaterRunFlattensItsFields() {
        api.put("items", item(1, "{\"metadata\": {}, \"note\": null}"));
        pipeline("");
        assertThat(project.run("invoices").error()).isNull();
        assertThat(project.columns("invoices")).containsOnlyKeys("id");

        api.put("items", item(2, "{\"metadata\": {\"order_id\": 5}, \"note\": 7}"));
        assertThat(project.run("invoices").error()).isNull();

        assertThat(project.columns("invoices")).containsEntry("metadata__order_id", "BIGINT").containsEntry("note", "BIGINT")
                .doesNotContainKey("metadata");
    }

    @Test
    void anUnknownTypeOrAFormatForANonTimeTypeIsReportedWhereItIsWritten() {
        TestProject invalid = TestProject.in(dir.resolve("invalid"));
        invalid.pipeline("p", """
                source:
                  type: api
                  base_url: https://api.example.com
                  columns:
                    amount: {type: "DECIMAL(10,2)", format: unix}
                    total: "DECIMAL(40,2)"
                  children:
                    lines:
                      columns: {price: DECIMEL, qty: [1]}
                load: {table: t, mode: merge, key: id}
                """);

        List<Problem> problems = catchThrowableOfType(InvalidProjectException.class, invalid::load).problems();

        Problem typo = problems.stream().filter(p -> p.path().equals("source.children.lines.columns.price")).findFirst().orElseThrow();
        assertThat(typo.location().line()).isEqualTo(10);
        assertThat(typo.message()).contains("'DECIMEL' is not a type");
        assertThat(typo.hint()).contains("did you mean 'DECIMAL'?");
        assertThat(problems).extracting(Problem::path).contains("source.columns.amount.format", "source.columns.total",
                "source.children.lines.columns.qty");
    }
}
