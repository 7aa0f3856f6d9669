package io.tributary.connectors.file;

import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigReader;
import io.tributary.config.DidYouMean;
import io.tributary.spi.SourceException;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.dhatim.fastexcel.reader.SheetVisibility;

/**
 * Excel workbooks ({@code .xlsx}). DuckDB has no reader of its own for them here, so the sheet is
 * streamed with fastexcel-reader and appended through DuckDB's Appender ({@link ExcelSheetLoader}):
 * never more than the type-inference sample is held in memory.
 *
 * <p>Options ({@code excel:} block): {@code sheet} (a name, or its number counting from 1; default
 * the first visible sheet), {@code header_row} (the row holding the column names, counting from 1, default
 * 1; rows above it are ignored), {@code columns} (types by column name, overriding inference; one of
 * {@value ExcelType#SUPPORTED}).
 *
 * <p>Column names are the header cells, trimmed; an empty one is {@code column_<n>} (n counting
 * columns from 1) and a repeated one gets {@code _2}, {@code _3}. Types are inferred from the first
 * {@value ExcelSheetLoader#SAMPLE_ROWS} data rows (see {@link ExcelType#infer}); a later cell that does not fit
 * its column's type rejects its row, with the sheet row number. Fully empty rows are skipped.
 */
final class ExcelFormat implements FileFormat {
    private final String sheetName;
    private final Long sheetNumber;
    private final int headerRow;
    private final Map<String, ExcelType> types;

    private ExcelFormat(String sheetName, Long sheetNumber, int headerRow, Map<String, ExcelType> types) {
        this.sheetName = sheetName;
        this.sheetNumber = sheetNumber;
        this.headerRow = headerRow;
        this.types = types;
    }

    /** Reads the {@code excel:} block (null when absent: every option at its default). */
    static ExcelFormat configure(ConfigReader excel) {
        if (excel == null) {
            return new ExcelFormat(null, null, 1, Map.of());
        }
        String sheetName = null;
        Long sheetNumber = null;
        // YAML tells `sheet: 2` (the second sheet) from `sheet: "2"` (a sheet named 2).
        ConfigNode sheet = excel.node("sheet");
        if (sheet instanceof ConfigNode.ScalarNode scalar && scalar.kind() == ConfigNode.ScalarNode.Kind.INTEGER) {
            sheetNumber = excel.integer("sheet", null, 1, Integer.MAX_VALUE);
        } else if (sheet instanceof ConfigNode.ScalarNode scalar && scalar.kind() == ConfigNode.ScalarNode.Kind.STRING) {
            sheetName = excel.string("sheet", null);
        } else if (sheet != null) {
            excel.problem("sheet", "expected a sheet name or its number but found " + sheet.kindName(),
                    "e.g. sheet: Orders, or sheet: 2 for the second sheet");
        }
        int headerRow = excel.integer("header_row", 1L, 1, 1_048_576).intValue();
        Map<String, ExcelType> types = new LinkedHashMap<>();
        ConfigReader columns = excel.map("columns");
        if (columns != null) {
            for (String column : columns.keys()) {
                String text = columns.string(column, null);
                ExcelType type = text == null ? null : ExcelType.parse(text);
                if (type != null) {
                    types.put(column, type);
                } else if (text != null) {
                    columns.problem(column, "'" + text + "' is not a type Tributary reads from spreadsheet cells", "one of " + ExcelType.SUPPORTED);
                }
            }
        }
        return new ExcelFormat(sheetName, sheetNumber, headerRow, types);
    }

    @Override
    public Counts stage(Path file, String unit, TableRef table, Staging staging) throws SQLException, SourceException {
        checkNotCompoundFile(file, unit);
        // Cell formats are needed to tell dates from numbers; a cell the reader cannot parse stays as its raw text.
        try (ReadableWorkbook workbook = new ReadableWorkbook(file.toFile(), new ReadingOptions(true, true))) {
            boolean date1904 = ExcelDateSystem.is1904(file);
            Sheet sheet = sheet(workbook, unit, staging);
            try (Stream<Row> rows = sheet.openStream()) {
                return new ExcelSheetLoader(unit, sheet.getName(), headerRow, types, date1904, staging).load(rows.iterator(), table);
            }
        } catch (IOException | UncheckedIOException | ExcelReaderException e) {
            throw new SourceException("cannot read " + unit + " as an Excel workbook (.xlsx): " + e.getMessage()
                    + ". Check that the file is a complete .xlsx saved by Excel or a compatible program.", e);
        }
    }

    /**
     * The sheet to load. By default the first visible one: a hidden sheet (lookup tables, scratch
     * data) is not what a person looking at the workbook sees first, so hidden sheets before it are
     * skipped, with a warning naming them. A sheet named in {@code excel.sheet} loads even if hidden.
     */
    private Sheet sheet(ReadableWorkbook workbook, String unit, Staging staging) throws SourceException {
        List<Sheet> sheets = workbook.getSheets().toList();
        if (sheets.isEmpty()) {
            throw new SourceException(unit + " has no sheet.");
        }
        if (sheetNumber != null) {
            if (sheetNumber > sheets.size()) {
                throw new SourceException(unit + " has no sheet " + sheetNumber + "; it has " + sheets.size() + ": "
                        + sheets.stream().map(s -> (s.getIndex() + 1) + " '" + s.getName() + "'" + (hidden(s) ? " (hidden)" : ""))
                        .collect(Collectors.joining(", ")) + ". Fix excel.sheet.");
            }
            Sheet sheet = sheets.get(sheetNumber.intValue() - 1);
            if (hidden(sheet)) {
                staging.warn(unit + ": sheet " + sheetNumber + " is '" + sheet.getName() + "', which is hidden in Excel"
                        + " (sheet numbers count hidden sheets too); it was loaded.");
            }
            return sheet;
        }
        if (sheetName == null) {
            Sheet visible = sheets.stream().filter(s -> !hidden(s)).findFirst().orElseThrow(() -> new SourceException(unit
                    + " has no visible sheet: " + quoted(sheets) + " are all hidden. Name the sheet to load in excel.sheet."));
            List<Sheet> skipped = sheets.subList(0, visible.getIndex());
            if (!skipped.isEmpty()) {
                staging.warn(unit + ": the hidden " + (skipped.size() == 1 ? "sheet " : "sheets ") + quoted(skipped)
                        + (skipped.size() == 1 ? " was" : " were") + " skipped and '" + visible.getName()
                        + "', the first visible sheet, was loaded. To load a hidden sheet, name it in excel.sheet.");
            }
            return visible;
        }
        // Excel itself does not let two sheets differ only by case, so a case-insensitive match is unambiguous.
        for (Sheet sheet : sheets) {
            if (sheet.getName().equalsIgnoreCase(sheetName)) {
                return sheet;
            }
        }
        List<String> names = sheets.stream().map(Sheet::getName).toList();
        String closest = DidYouMean.closest(sheetName, names);
        throw new SourceException(unit + " has no sheet named '" + sheetName + "'; its sheets are " + quoted(sheets) + "."
                + (closest != null ? " Did you mean '" + closest + "'?" : " Fix excel.sheet (a name, or a number counting from 1)."));
    }

    private static boolean hidden(Sheet sheet) {
        return sheet.getVisibility() != SheetVisibility.VISIBLE;
    }

    private static String quoted(List<Sheet> sheets) {
        return sheets.stream().map(s -> "'" + s.getName() + "'").collect(Collectors.joining(", "));
    }

    /**
     * An OLE2 compound file is not a zip: it is either an old binary workbook or a password-protected
     * .xlsx (encrypted into an {@code EncryptedPackage} stream). Say which, rather than report a zip error.
     */
    private static void checkNotCompoundFile(Path file, String unit) throws SourceException {
        byte[] head = new byte[8];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(head, 0, head.length) < head.length || !ReadableWorkbook.isOLE2Header(head)) {
                return;
            }
        } catch (IOException e) {
            throw new SourceException("cannot read " + unit + ": " + e.getMessage(), e);
        }
        if (encrypted(file)) {
            throw new SourceException(unit + " is a password-protected Excel workbook: its content is encrypted, so Tributary cannot read it."
                    + " Save a copy without the password (Excel: File > Info > Protect Workbook > Encrypt with Password, clear the password)"
                    + " and load that.");
        }
        throw new SourceException(unit + " is an old-style Excel file (.xls), which Tributary does not read. Save it as .xlsx"
                + " (Excel: File > Save As > Excel Workbook).");
    }

    /** Whether a compound file holds an encrypted OOXML package; a damaged directory counts as not. */
    private static boolean encrypted(Path file) {
        try {
            Set<String> names = CompoundFileDirectory.names(file);
            return names.contains("EncryptedPackage") && names.contains("EncryptionInfo");
        } catch (IOException e) {
            return false;
        }
    }
}
