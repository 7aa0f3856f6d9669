package io.tributary.connectors.file;

import static io.tributary.connectors.file.ExcelBooks.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.VisibilityState;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExcelFormatTest {
    @TempDir
    Path dir;

    private TestProject project;

    private TestProject book(String excel, ExcelBooks.Sheets sheets) {
        project = ExcelBooks.bookProject(dir, excel, sheets);
        return project;
    }

    private RunResult run() {
        return ExcelBooks.runBook(project);
    }

    private static Worksheet sheet(Workbook workbook, String name, VisibilityState visibility) {
        Worksheet sheet = workbook.newWorksheet(name);
        sheet.setVisibilityState(visibility);
        return sheet;
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
    void aPasswordProtectedWorkbookIsReportedAsSuchAndNotAsAnOldXls() {
        project = TestProject.in(dir);
        // Excel encrypts a protected .xlsx into an OLE2 compound file, the container of old .xls files too.
        project.bytes("data/locked.xlsx", CompoundFiles.withStreams("\u0006DataSpaces", "\u0005SummaryInformation",
                "\u0005DocumentSummaryInformation", "EncryptionInfo", "EncryptedPackage"));
        project.bytes("data/legacy.xlsx", CompoundFiles.withStreams("Workbook", "\u0005SummaryInformation"));
        project.pipeline("locked", "source: {type: file, path: data/locked.xlsx}\nload: {table: locked}");
        project.pipeline("legacy", "source: {type: file, path: data/legacy.xlsx}\nload: {table: legacy}");
        assertThat(project.run("locked").error()).isEqualTo("data/locked.xlsx is a password-protected Excel workbook: its content is"
                + " encrypted, so Tributary cannot read it. Save a copy without the password (Excel: File > Info > Protect Workbook >"
                + " Encrypt with Password, clear the password) and load that.");
        assertThat(project.run("legacy").error()).startsWith("data/legacy.xlsx is an old-style Excel file (.xls), which Tributary does not read.");
    }

    @Test
    void theDefaultSheetIsTheFirstVisibleOneAndTheHiddenSheetsSkippedBeforeItAreNamedInAWarning() {
        book(null, workbook -> {
            Worksheet lookup = sheet(workbook, "Lookup", VisibilityState.HIDDEN);
            row(lookup, 0, "code");
            row(lookup, 1, "internal");
            Worksheet secret = sheet(workbook, "Secret", VisibilityState.VERY_HIDDEN);
            row(secret, 0, "key");
            Worksheet orders = workbook.newWorksheet("Orders");
            row(orders, 0, "id");
            row(orders, 1, 1);
            row(orders, 2, 2);
            Worksheet archive = sheet(workbook, "Archive", VisibilityState.HIDDEN);
            row(archive, 0, "id");
        });
        RunResult result = run();
        assertThat(result.rowsLoaded()).isEqualTo(2);
        assertThat(project.columns("sheet")).containsOnlyKeys("id");
        assertThat(result.warnings()).containsExactly("data/book.xlsx: the hidden sheets 'Lookup', 'Secret' were skipped and 'Orders',"
                + " the first visible sheet, was loaded. To load a hidden sheet, name it in excel.sheet.");

        project.pipeline("book", "source: {type: file, path: data/book.xlsx, excel: {sheet: lookup}}\nload: {table: sheet, mode: replace}");
        RunResult named = run();
        assertThat(project.value("SELECT code FROM sheet")).isEqualTo("internal");
        assertThat(named.warnings()).isEmpty();

        project.pipeline("book", "source: {type: file, path: data/book.xlsx, excel: {sheet: 1}}\nload: {table: sheet, mode: replace}");
        RunResult numbered = run();
        assertThat(project.value("SELECT code FROM sheet")).isEqualTo("internal");
        assertThat(numbered.warnings()).containsExactly("data/book.xlsx: sheet 1 is 'Lookup', which is hidden in Excel (sheet numbers"
                + " count hidden sheets too); it was loaded.");
    }

    @Test
    void aWorkbookWhoseSheetsAreAllHiddenFailsWithTheirNames() {
        book(null, workbook -> {
            Worksheet first = sheet(workbook, "First", VisibilityState.HIDDEN);
            row(first, 0, "a");
            Worksheet second = sheet(workbook, "Second", VisibilityState.VERY_HIDDEN);
            row(second, 0, "b");
        });
        assertThat(project.run("book").error()).isEqualTo("data/book.xlsx has no visible sheet: 'First', 'Second' are all hidden."
                + " Name the sheet to load in excel.sheet.");
    }

    @Test
    void formulaCellsWithoutASavedResultLoadAsNullAndAWarningCountsThemAndNamesTheFirst() {
        book(null, workbook -> {
            Worksheet sheet = workbook.newWorksheet("May orders");
            row(sheet, 0, "qty", "price", "total");
            for (int i = 1; i <= 7; i++) {
                row(sheet, i, i, 2.5);
                // fastexcel writes the formula alone, as programs that do not calculate do; Excel would save its result too.
                sheet.formula(i, 2, "A" + (i + 1) + "*B" + (i + 1));
            }
        });
        RunResult result = run();
        assertThat(result.rowsLoaded()).isEqualTo(7);
        assertThat(project.value("SELECT count(*) FROM sheet WHERE total IS NULL")).isEqualTo(7L);
        assertThat(result.warnings()).containsExactly("sheet 'May orders' of data/book.xlsx: 7 formula cells have no saved result"
                + " and were loaded as NULL: 'May orders'!C2, 'May orders'!C3, 'May orders'!C4, 'May orders'!C5, 'May orders'!C6 and 2 more."
                + " The file was saved by a program that does not calculate formulas; open it in Excel or LibreOffice, save it,"
                + " and load it again.");
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
