package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExcelFormatTest {
    @TempDir
    Path dir;

    interface Sheets {
        void write(Workbook workbook) throws IOException;
    }

    private TestProject project;

    /** Writes data/book.xlsx and a pipeline reading it into table {@code sheet}. */
    private TestProject book(String excel, Sheets sheets) {
        project = TestProject.in(dir);
        Path file = project.path("data/book.xlsx");
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file); Workbook workbook = new Workbook(out, "test", "1.0")) {
                sheets.write(workbook);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        project.pipeline("book", "source:\n  type: file\n  path: data/book.xlsx\n" + (excel == null ? "" : "  excel:\n" + excel)
                + "load: {table: sheet, mode: replace}\nmax_rejected: 100\n");
        return project;
    }

    private static void row(Worksheet sheet, int row, Object... values) {
        for (int column = 0; column < values.length; column++) {
            Object value = values[column];
            if (value instanceof String text) {
                sheet.value(row, column, text);
            } else if (value instanceof Number number) {
                sheet.value(row, column, number);
            } else if (value instanceof Boolean bool) {
                sheet.value(row, column, bool);
            } else if (value instanceof LocalDate date) {
                sheet.value(row, column, date);
                sheet.style(row, column).format("yyyy-mm-dd").set();
            } else if (value instanceof LocalDateTime at) {
                sheet.value(row, column, at);
                sheet.style(row, column).format("dd/mm/yyyy hh:mm").set();
            }
        }
    }

    private RunResult run() {
        RunResult result = project.run("book");
        assertThat(result.error()).isNull();
        return result;
    }

    @Test
    void columnTypesAreInferredFromTheFirstRows() {
        book(null, workbook -> {
            Worksheet sheet = workbook.newWorksheet("Orders");
            row(sheet, 0, "id", "price", "paid", "day", "at", "note", "mixed", "blank");
            row(sheet, 1, 1, 9.5, true, LocalDate.of(2024, 1, 31), LocalDateTime.of(2024, 1, 31, 8, 30), "first", 7);
            row(sheet, 2, 2.0, 10, false, LocalDate.of(2024, 2, 1), LocalDateTime.of(2024, 2, 1, 0, 0), null, "seven");
            row(sheet, 4, 3, 1e3);
        });
        RunResult result = run();
        assertThat(result.rowsLoaded()).isEqualTo(3); // the empty row 4 is not a row
        assertThat(project.columns("sheet")).containsExactly(Map.entry("id", "BIGINT"), Map.entry("price", "DOUBLE"),
                Map.entry("paid", "BOOLEAN"), Map.entry("day", "DATE"), Map.entry("at", "TIMESTAMP"), Map.entry("note", "VARCHAR"),
                Map.entry("mixed", "VARCHAR"), Map.entry("blank", "VARCHAR"));
        List<Map<String, Object>> rows = project.rows("SELECT id, price, paid, CAST(day AS VARCHAR) AS day, CAST(\"at\" AS VARCHAR) AS \"at\","
                + " note, mixed FROM sheet ORDER BY id");
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("id", 1L);
        first.put("price", 9.5);
        first.put("paid", true);
        first.put("day", "2024-01-31");
        first.put("at", "2024-01-31 08:30:00");
        first.put("note", "first");
        first.put("mixed", "7");
        assertThat(rows.get(0)).isEqualTo(first);
        assertThat(rows.get(1)).containsEntry("mixed", "seven").containsEntry("note", null).containsEntry("at", "2024-02-01 00:00:00");
        assertThat(rows.get(2)).containsEntry("price", 1000.0).containsEntry("paid", null).containsEntry("day", null);
    }

    @Test
    void aSheetIsChosenByNameOrByNumberCountingFromOne() {
        book("    sheet: Second\n", workbook -> {
            row(workbook.newWorksheet("First"), 0, "a");
            Worksheet second = workbook.newWorksheet("Second");
            row(second, 0, "b");
            row(second, 1, "from second");
        });
        run();
        assertThat(project.value("SELECT b FROM sheet")).isEqualTo("from second");

        project.pipeline("book", "source: {type: file, path: data/book.xlsx, excel: {sheet: 2}}\nload: {table: sheet, mode: replace}");
        run();
        assertThat(project.value("SELECT b FROM sheet")).isEqualTo("from second");
    }

    @Test
    void headerRowThreeIgnoresTheRowsAboveIt() {
        book("    header_row: 3\n", workbook -> {
            Worksheet sheet = workbook.newWorksheet("Report");
            row(sheet, 0, "Sales report", "", "2024");
            row(sheet, 2, "region", "total");
            row(sheet, 3, "North", 10);
            row(sheet, 4, "South", 20);
        });
        run();
        assertThat(project.columns("sheet")).containsExactly(Map.entry("region", "VARCHAR"), Map.entry("total", "BIGINT"));
        assertThat(project.count("sheet")).isEqualTo(2);
    }

    @Test
    void aLaterCellThatDoesNotFitItsColumnRejectsItsRowWithTheSheetRowNumber() {
        book(null, workbook -> {
            Worksheet sheet = workbook.newWorksheet("Orders");
            row(sheet, 0, "sku", "qty");
            for (int i = 1; i <= 1100; i++) {
                row(sheet, i, "sku-" + i, i);
            }
            row(sheet, 1050, "sku-1050", "abc");
            row(sheet, 1060, "sku-1060", 2.5);
        });
        RunResult result = run();
        assertThat(result.rowsRead()).isEqualTo(1100);
        assertThat(result.rowsRejected()).isEqualTo(2);
        assertThat(project.columns("sheet")).containsEntry("qty", "BIGINT");
        assertThat(project.rows("SELECT line, column_name, raw, reason FROM _tributary.rejected_rows ORDER BY line")).containsExactly(
                Map.of("line", 1051L, "column_name", "qty", "raw", "sku-1050,abc",
                        "reason", "value 'abc' in column qty is not a whole number (BIGINT)"),
                Map.of("line", 1061L, "column_name", "qty", "raw", "sku-1060,2.5",
                        "reason", "value '2.5' in column qty is not a whole number (BIGINT)"));
    }

    @Test
    void explicitColumnTypesOverrideInference() {
        book("    columns: {zip: VARCHAR, qty: BIGINT, price: 'DECIMAL(10,2)'}\n", workbook -> {
            Worksheet sheet = workbook.newWorksheet("Orders");
            row(sheet, 0, "zip", "qty", "price");
            row(sheet, 1, 1000, 3, 9.999);
            row(sheet, 2, 2000, "n/a", 5);
        });
        RunResult result = run();
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(project.columns("sheet")).containsExactly(Map.entry("zip", "VARCHAR"), Map.entry("qty", "BIGINT"),
                Map.entry("price", "DECIMAL(10,2)"));
        assertThat(project.rows("SELECT zip, CAST(price AS VARCHAR) AS price FROM sheet")).containsExactly(Map.of("zip", "1000", "price", "10.00"));
        assertThat(project.value("SELECT reason FROM _tributary.rejected_rows")).isEqualTo("value 'n/a' in column qty is not a whole number (BIGINT)");
    }

    @Test
    void emptyHeadersAreNumberedAndRepeatedOnesSuffixed() {
        book(null, workbook -> {
            Worksheet sheet = workbook.newWorksheet("Data");
            row(sheet, 0, " id ", "", "name", "Name", "name");
            row(sheet, 1, 1, "x", "a", "b", "c", "beyond");
        });
        run();
        assertThat(project.columns("sheet").keySet()).containsExactly("id", "column_2", "name", "Name_2", "name_3", "column_6");
    }

    @Test
    void aMissingSheetIsReportedWithTheSheetsThatExist() {
        book("    sheet: Ordres\n", workbook -> {
            row(workbook.newWorksheet("Orders"), 0, "a");
            row(workbook.newWorksheet("Returns"), 0, "a");
        });
        RunResult byName = project.run("book");
        assertThat(byName.error()).isEqualTo("data/book.xlsx has no sheet named 'Ordres'; its sheets are 'Orders', 'Returns'."
                + " Did you mean 'Orders'?");

        project.pipeline("book", "source: {type: file, path: data/book.xlsx, excel: {sheet: 3}}\nload: {table: sheet}");
        assertThat(project.run("book").error()).isEqualTo("data/book.xlsx has no sheet 3; it has 2: 1 'Orders', 2 'Returns'. Fix excel.sheet.");
    }

    @Test
    void anEmptyHeaderRowIsReported() {
        book("    header_row: 2\n", workbook -> row(workbook.newWorksheet("Data"), 0, "title"));
        assertThat(project.run("book").error()).isEqualTo("row 2 of sheet 'Data' of data/book.xlsx is empty, but it should hold the"
                + " column names (excel.header_row: 2). Set excel.header_row to the row with the column names.");
    }

    @Test
    void aFileThatIsNotAnXlsxWorkbookIsReportedAsSuch() {
        project = TestProject.in(dir);
        project.bytes("data/old.xlsx", new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0});
        project.file("data/text.xlsx", "id,name\n1,a\n");
        project.pipeline("old", "source: {type: file, path: data/old.xlsx}\nload: {table: old}");
        project.pipeline("text", "source: {type: file, path: data/text.xlsx}\nload: {table: text}");
        assertThat(project.run("old").error()).startsWith("data/old.xlsx is an old-style Excel file (.xls), which Tributary does not read.");
        assertThat(project.run("text").error()).startsWith("cannot read data/text.xlsx as an Excel workbook (.xlsx): ");
    }

    @Test
    void fiftyThousandRowsLoad() {
        int rows = 50_000;
        book(null, workbook -> {
            Worksheet sheet = workbook.newWorksheet("Big");
            row(sheet, 0, "id", "name", "amount");
            for (int i = 1; i <= rows; i++) {
                sheet.value(i, 0, i);
                sheet.value(i, 1, "customer " + (i % 977));
                sheet.value(i, 2, i * 0.25);
                if (i % 10_000 == 0) {
                    sheet.flush();
                }
            }
        });
        RunResult result = run();
        assertThat(result.rowsLoaded()).isEqualTo(rows);
        assertThat(project.value("SELECT sum(id) FROM sheet")).isEqualTo(java.math.BigInteger.valueOf((long) rows * (rows + 1) / 2));
    }
}
