package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Test workbooks: written with fastexcel, then, for what the writer cannot express (the 1904 date
 * system), edited part by part as the OOXML zip they are.
 */
final class ExcelBooks {
    interface Sheets {
        void write(Workbook workbook) throws IOException;
    }

    private ExcelBooks() {}

    /**
     * A project in {@code dir} with {@code data/book.xlsx} and a pipeline {@code book} loading it into
     * table {@code sheet} (replace mode), with {@code excel} (YAML lines indented by four) as its
     * {@code excel:} block when not null.
     */
    static TestProject bookProject(Path dir, String excel, Sheets sheets) {
        TestProject project = TestProject.in(dir);
        write(project.path("data/book.xlsx"), sheets);
        project.pipeline("book", "source:\n  type: file\n  path: data/book.xlsx\n" + (excel == null ? "" : "  excel:\n" + excel)
                + "load: {table: sheet, mode: replace}\nmax_rejected: 100\n");
        return project;
    }

    /** Runs pipeline {@code book}, which must succeed. */
    static RunResult runBook(TestProject project) {
        RunResult result = project.run("book");
        assertThat(result.error()).isNull();
        return result;
    }

    static void write(Path file, Sheets sheets) {
        try {
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file); Workbook workbook = new Workbook(out, "test", "1.0")) {
                sheets.write(workbook);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Cells from column A on: texts, numbers, booleans, dates (yyyy-mm-dd) and date-times (dd/mm/yyyy hh:mm); null leaves a cell empty. */
    static void row(Worksheet sheet, int row, Object... values) {
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

    /** A number shown with a number format, as Excel stores dates, times and durations. */
    static void formatted(Worksheet sheet, int row, int column, Number value, String format) {
        sheet.value(row, column, value);
        sheet.style(row, column).format(format).set();
    }

    /** Rewrites one part (a zip entry, e.g. {@code xl/workbook.xml}) of a workbook. */
    static void editPart(Path file, String part, UnaryOperator<String> edit) {
        try {
            Map<String, byte[]> parts = new LinkedHashMap<>();
            // ZipFile, not ZipInputStream: fastexcel streams its entries, with their sizes after the data.
            try (ZipFile zip = new ZipFile(file.toFile())) {
                for (ZipEntry entry : Collections.list(zip.entries())) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        parts.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
            if (!parts.containsKey(part)) {
                throw new AssertionError(file + " has no part " + part + "; it has " + parts.keySet());
            }
            String edited = edit.apply(new String(parts.get(part), StandardCharsets.UTF_8));
            parts.put(part, edited.getBytes(StandardCharsets.UTF_8));
            try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(file))) {
                for (Map.Entry<String, byte[]> entry : parts.entrySet()) {
                    out.putNextEntry(new ZipEntry(entry.getKey()));
                    out.write(entry.getValue());
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
