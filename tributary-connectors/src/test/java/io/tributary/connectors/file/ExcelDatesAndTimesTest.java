package io.tributary.connectors.file;

import static io.tributary.connectors.file.ExcelBooks.formatted;
import static io.tributary.connectors.file.ExcelBooks.row;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Dates, times of day and durations: xlsx stores them all as numbers, told apart by the cells' number formats. */
class ExcelDatesAndTimesTest {
    @TempDir
    Path dir;

    private TestProject project;

    /** Writes data/book.xlsx and a pipeline reading it into table {@code sheet}; returns the workbook. */
    private Path book(String excel, ExcelBooks.Sheets sheets) {
        project = ExcelBooks.bookProject(dir, excel, sheets);
        return project.path("data/book.xlsx");
    }

    private RunResult run() {
        return ExcelBooks.runBook(project);
    }

    /** Says which date system the workbook uses, spelled as given: OOXML booleans are true, false, 1 or 0. */
    private static void dateSystemFlag(Path file, String flag) {
        ExcelBooks.editPart(file, "xl/workbook.xml", xml -> {
            assertThat(xml).contains("date1904=\"false\"");
            return xml.replace("date1904=\"false\"", "date1904=\"" + flag + "\"");
        });
    }

    @ParameterizedTest
    @CsvSource({"1, 43860", "true, 43860", "0, 45322", "false, 45322"})
    void the1904DateSystemIsReadWhicheverWayTheWorkbookSpellsItsFlag(String flag, int serialOf31January2024) {
        Path file = book(null, workbook -> {
            Worksheet sheet = workbook.newWorksheet("Orders");
            row(sheet, 0, "day", "at");
            formatted(sheet, 1, 0, serialOf31January2024, "yyyy-mm-dd");
            formatted(sheet, 1, 1, serialOf31January2024 + 0.5, "yyyy-mm-dd hh:mm");
        });
        dateSystemFlag(file, flag);
        run();
        assertThat(project.rows("SELECT CAST(day AS VARCHAR) AS day, CAST(\"at\" AS VARCHAR) AS \"at\" FROM sheet"))
                .containsExactly(Map.of("day", "2024-01-31", "at", "2024-01-31 12:00:00"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "true"})
    void the1904DateSystemCountsFromDayZeroAndKnows1904WasALeapYear(String flag) {
        Path file = book(null, workbook -> {
            Worksheet sheet = workbook.newWorksheet("Days");
            row(sheet, 0, "serial", "day");
            for (int serial : new int[] {0, 1, 59, 60}) {
                sheet.value(serial + 1, 0, serial);
                formatted(sheet, serial + 1, 1, serial, "yyyy-mm-dd");
            }
        });
        dateSystemFlag(file, flag);
        RunResult result = run();
        assertThat(result.rowsRejected()).isZero();
        assertThat(project.rows("SELECT serial, CAST(day AS VARCHAR) AS day FROM sheet ORDER BY serial")).containsExactly(
                Map.of("serial", 0L, "day", "1904-01-01"), Map.of("serial", 1L, "day", "1904-01-02"),
                Map.of("serial", 59L, "day", "1904-02-29"), Map.of("serial", 60L, "day", "1904-03-01"));
    }

    @Test
    void serialsAroundExcels29February1900AreExactAndSerial60ItselfIsRejectedNamingItsCell() {
        book(null, workbook -> {
            Worksheet sheet = workbook.newWorksheet("Dates");
            row(sheet, 0, "serial", "day");
            int[] serials = {1, 59, 60, 61, 45322};
            for (int i = 0; i < serials.length; i++) {
                sheet.value(i + 1, 0, serials[i]);
                formatted(sheet, i + 1, 1, serials[i], "yyyy-mm-dd");
            }
        });
        RunResult result = run();
        assertThat(result.rowsLoaded()).isEqualTo(4);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(project.rows("SELECT serial, CAST(day AS VARCHAR) AS day FROM sheet ORDER BY serial")).containsExactly(
                Map.of("serial", 1L, "day", "1900-01-01"), Map.of("serial", 59L, "day", "1900-02-28"),
                Map.of("serial", 61L, "day", "1900-03-01"), Map.of("serial", 45322L, "day", "2024-01-31"));
        assertThat(project.rows("SELECT line, column_name, raw, reason FROM _tributary.rejected_rows")).containsExactly(Map.of(
                "line", 4L, "column_name", "day", "raw", "60,1900-02-29",
                "reason", "value 1900-02-29 in cell Dates!B4 (column day) is serial 60 of Excel's 1900 date system, a 29 February 1900"
                        + " that never was (Excel counts 1900 as a leap year, which it was not); correct the date in the workbook"));
    }

    @Test
    void aTimeOfDayLoadsAsTimeAndAnElapsedTimeAsInterval() {
        book(null, workbook -> {
            Worksheet sheet = workbook.newWorksheet("Shifts");
            row(sheet, 0, "start", "worked", "pause", "clocked_in");
            formatted(sheet, 1, 0, 0.3854166666666667, "h:mm");        // 09:15
            formatted(sheet, 1, 1, 1.5, "[h]:mm");                      // 36:00, a day and a half
            formatted(sheet, 1, 2, 0.0625, "[mm]:ss");                  // 90:00, an hour and a half
            formatted(sheet, 1, 3, 45322.3854166666666, "yyyy-mm-dd h:mm");
            formatted(sheet, 2, 0, 0.75, "h:mm:ss AM/PM");             // 6:00:00 PM
            formatted(sheet, 2, 1, 0.25, "[h]:mm:ss");
        });
        run();
        assertThat(project.columns("sheet")).containsExactly(Map.entry("start", "TIME"), Map.entry("worked", "INTERVAL"),
                Map.entry("pause", "INTERVAL"), Map.entry("clocked_in", "TIMESTAMP"));
        List<Map<String, Object>> rows = project.rows("SELECT CAST(start AS VARCHAR) AS start, CAST(worked AS VARCHAR) AS worked,"
                + " CAST(pause AS VARCHAR) AS pause, CAST(clocked_in AS VARCHAR) AS clocked_in FROM sheet ORDER BY start");
        assertThat(rows.get(0)).isEqualTo(Map.of("start", "09:15:00", "worked", "36:00:00", "pause", "01:30:00",
                "clocked_in", "2024-01-31 09:15:00"));
        assertThat(rows.get(1)).containsEntry("start", "18:00:00").containsEntry("worked", "06:00:00");
    }

    @Test
    void aTimeOfDayInADateAndTimeColumnIsRejectedRatherThanDatedThe31December1899() {
        book("    columns: {at: TIMESTAMP, starts: TIME, lasts: INTERVAL}\n", workbook -> {
            Worksheet sheet = workbook.newWorksheet("Slots");
            row(sheet, 0, "at", "starts", "lasts");
            formatted(sheet, 1, 0, 0.5, "h:mm");
            row(sheet, 2, "2024-01-31 08:30", "08:30", "36:15");
            formatted(sheet, 3, 0, 45322.5, "yyyy-mm-dd h:mm");
            formatted(sheet, 3, 1, 45322.5, "yyyy-mm-dd h:mm");
            formatted(sheet, 3, 2, 1.5, "yyyy-mm-dd");
        });
        RunResult result = run();
        assertThat(result.rowsLoaded()).isEqualTo(1);
        assertThat(project.rows("SELECT CAST(\"at\" AS VARCHAR) AS \"at\", CAST(starts AS VARCHAR) AS starts, CAST(lasts AS VARCHAR) AS lasts"
                + " FROM sheet")).containsExactly(Map.of("at", "2024-01-31 08:30:00", "starts", "08:30:00", "lasts", "36:15:00"));
        assertThat(project.rows("SELECT line, reason FROM _tributary.rejected_rows ORDER BY line")).containsExactly(
                Map.of("line", 2L, "reason", "value '12:00:00' in column at is not a date and time (TIMESTAMP): it is a time of day"
                        + " without a date (name the column TIME in excel.columns to keep it)"),
                Map.of("line", 4L, "reason", "value '2024-01-31 12:00:00' in column starts is not a time of day (TIME): it has a date;"
                        + " value '1900-01-01 12:00:00' in column lasts is not a duration (INTERVAL)"));
    }
}
