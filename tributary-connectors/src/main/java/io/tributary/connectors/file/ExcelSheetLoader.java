package io.tributary.connectors.file;

import io.tributary.sql.ColumnNames;
import io.tributary.config.DidYouMean;
import io.tributary.sql.Sql;
import io.tributary.spi.SourceException;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.dhatim.fastexcel.reader.Row;
import org.duckdb.DuckDBAppender;

/**
 * Streams one sheet into a new staging table: finds the header, buffers the first
 * {@value #SAMPLE_ROWS} data rows to infer the column types, creates the table, then appends the
 * buffer and the rest of the sheet row by row through DuckDB's Appender. Each row is converted whole
 * before it is appended, so a row with a cell that does not fit is rejected entirely. Formulas saved
 * without their result load as NULL and are reported in one run warning.
 */
final class ExcelSheetLoader {
    static final int SAMPLE_ROWS = 1000;
    static final int PROGRESS_EVERY = 10_000;
    /** How many formula cells without a result the warning names. */
    static final int NAMED_CELLS = 5;
    /** A sheet name Excel writes unquoted in a reference: a word that cannot be read as a cell (A1, R1C1). */
    private static final Pattern PLAIN_SHEET_NAME = Pattern.compile("(?![A-Za-z]{1,3}\\d+$|[Rr]\\d*[Cc]\\d*$)[A-Za-z_][A-Za-z0-9_.]*");

    /** A data row: its number in the sheet (counting from 1) and its cells from column A on. */
    private record SheetRow(int number, List<ExcelCell> cells) {}

    private final String unit;
    private final String sheet;
    private final String where;
    private final int headerRow;
    private final Map<String, ExcelType> overrides;
    private final boolean date1904;
    private final Staging staging;
    private List<String> names;
    private List<ExcelType> types;
    private long loaded;
    private long rejected;
    private long uncalculated;
    private final List<String> uncalculatedCells = new ArrayList<>();

    ExcelSheetLoader(String unit, String sheet, int headerRow, Map<String, ExcelType> overrides, boolean date1904, Staging staging) {
        this.unit = unit;
        this.sheet = sheet;
        this.where = "sheet '" + sheet + "' of " + unit;
        this.headerRow = headerRow;
        this.overrides = overrides;
        this.date1904 = date1904;
        this.staging = staging;
    }

    FileFormat.Counts load(Iterator<Row> rows, TableRef table) throws SQLException, SourceException {
        List<ExcelCell> header = header(rows);
        List<SheetRow> sample = new ArrayList<>();
        while (sample.size() < SAMPLE_ROWS && rows.hasNext()) {
            SheetRow row = read(rows.next());
            if (row != null) {
                sample.add(row);
            }
        }
        int width = Math.max(width(header), sample.stream().mapToInt(r -> width(r.cells)).max().orElse(0));
        names = names(header, width);
        types = types(sample, width);
        try (Statement statement = staging.connection().createStatement()) {
            statement.execute("CREATE TABLE " + table + " (" + IntStream.range(0, width)
                    .mapToObj(i -> Sql.ident(names.get(i)) + " " + types.get(i).appendedSql()).collect(Collectors.joining(", ")) + ")");
        }
        try (DuckDBAppender appender = table.appender(staging.connection())) {
            for (SheetRow row : sample) {
                write(row, appender);
            }
            sample.clear();
            while (rows.hasNext()) {
                SheetRow row = read(rows.next());
                if (row != null) {
                    write(row, appender);
                }
            }
        }
        convertAppendedColumns(table);
        staging.progress(unit, loaded + rejected);
        if (uncalculated > 0) {
            staging.warn(where + ": " + uncalculated + (uncalculated == 1 ? " formula cell has" : " formula cells have")
                    + " no saved result and " + (uncalculated == 1 ? "was" : "were") + " loaded as NULL: " + String.join(", ", uncalculatedCells)
                    + (uncalculated > uncalculatedCells.size() ? " and " + (uncalculated - uncalculatedCells.size()) + " more" : "")
                    + ". The file was saved by a program that does not calculate formulas; open it in Excel or LibreOffice, save it,"
                    + " and load it again.");
        }
        return new FileFormat.Counts(loaded, rejected);
    }

    /** Columns appended in another type than their own (durations, as microseconds) get their own. */
    private void convertAppendedColumns(TableRef table) throws SQLException {
        try (Statement statement = staging.connection().createStatement()) {
            for (int i = 0; i < names.size(); i++) {
                if (types.get(i).base() == ExcelType.Base.INTERVAL) {
                    String column = Sql.ident(names.get(i));
                    statement.execute("ALTER TABLE " + table + " ALTER COLUMN " + column + " SET DATA TYPE INTERVAL USING to_microseconds(" + column + ")");
                }
            }
        }
    }

    /** The header row's cells; rows above it are skipped. */
    private List<ExcelCell> header(Iterator<Row> rows) throws SourceException {
        while (rows.hasNext()) {
            Row row = rows.next();
            if (row.getRowNum() < headerRow) {
                continue;
            }
            List<ExcelCell> cells = row.getRowNum() == headerRow ? cells(row) : List.of();
            if (width(cells) == 0) {
                break;
            }
            return cells;
        }
        throw new SourceException("row " + headerRow + " of " + where + " is empty, but it should hold the column names"
                + (headerRow == 1 ? "" : " (excel.header_row: " + headerRow + ")")
                + ". Set excel.header_row to the row with the column names.");
    }

    /** A data row, or null when all its cells are empty (such rows are skipped, not counted). */
    private SheetRow read(Row row) {
        List<ExcelCell> cells = cells(row);
        if (cells.stream().allMatch(ExcelCell::isEmpty)) {
            return null;
        }
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).kind() == ExcelCell.Kind.UNCALCULATED && uncalculated++ < NAMED_CELLS) {
                uncalculatedCells.add(reference(i, row.getRowNum()));
            }
        }
        return new SheetRow(row.getRowNum(), cells);
    }

    private List<ExcelCell> cells(Row row) {
        List<ExcelCell> cells = new ArrayList<>(row.getCellCount());
        for (int i = 0; i < row.getCellCount(); i++) {
            cells.add(ExcelCell.of(row.getCell(i), date1904));
        }
        return cells;
    }

    /** Columns up to the last cell with a value. */
    private static int width(List<ExcelCell> cells) {
        int width = cells.size();
        while (width > 0 && !cells.get(width - 1).hasValue()) {
            width--;
        }
        return width;
    }

    private static List<String> names(List<ExcelCell> header, int width) {
        List<String> names = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < width; i++) {
            String text = i < header.size() && header.get(i).hasValue() ? header.get(i).text().strip() : "";
            names.add(ColumnNames.unique(text.isEmpty() ? "column_" + (i + 1) : text, taken));
        }
        return names;
    }

    private List<ExcelType> types(List<SheetRow> sample, int width) throws SourceException {
        Map<String, ExcelType> byName = new HashMap<>();
        overrides.forEach((column, type) -> byName.put(column.toLowerCase(Locale.ROOT), type));
        Set<String> known = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        for (String column : overrides.keySet()) {
            if (!known.contains(column.toLowerCase(Locale.ROOT))) {
                String closest = DidYouMean.closest(column, names);
                throw new SourceException("excel.columns names " + column + ", which is not a column of " + where + ". Its columns are "
                        + String.join(", ", names) + "." + (closest != null ? " Did you mean " + closest + "?" : ""));
            }
        }
        List<ExcelType> result = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            int column = i;
            ExcelType override = byName.get(names.get(i).toLowerCase(Locale.ROOT));
            result.add(override != null ? override : ExcelType.infer(sample.stream()
                    .map(r -> column < r.cells.size() ? r.cells.get(column) : ExcelCell.EMPTY).toList()));
        }
        return result;
    }

    /** Appends the row, or rejects it with every cell that does not fit. */
    private void write(SheetRow row, DuckDBAppender appender) throws SQLException {
        Object[] values = new Object[names.size()];
        List<String> columns = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < row.cells.size(); i++) {
            ExcelCell cell = row.cells.get(i);
            if (i >= names.size()) {
                if (cell.hasValue()) {
                    columns.add(letters(i));
                    problems.add("value '" + cell.text() + "' in sheet column " + letters(i) + " is right of the last column ("
                            + letters(names.size() - 1) + ", " + names.get(names.size() - 1) + ")");
                }
                continue;
            }
            int column = i;
            ExcelType.Conversion conversion = types.get(i).convert(cell, names.get(i), () -> reference(column, row.number));
            if (conversion.problem() != null) {
                columns.add(names.get(i));
                problems.add(conversion.problem());
            }
            values[i] = conversion.value();
        }
        if (problems.isEmpty()) {
            appender.beginRow();
            for (Object value : values) {
                ExcelType.append(appender, value);
            }
            appender.endRow();
            loaded++;
        } else {
            String raw = row.cells.subList(0, width(row.cells)).stream().map(ExcelCell::text).collect(Collectors.joining(","));
            staging.rejects().reject(unit, row.number, String.join(", ", columns), raw, String.join("; ", problems));
            rejected++;
        }
        if ((loaded + rejected) % PROGRESS_EVERY == 0) {
            staging.progress(unit, loaded + rejected);
        }
    }

    /** A cell as Excel names it in formulas: {@code Orders!B4}, {@code 'May orders'!B4}. */
    private String reference(int column, int row) {
        String name = PLAIN_SHEET_NAME.matcher(sheet).matches() ? sheet : "'" + sheet.replace("'", "''") + "'";
        return name + "!" + letters(column) + row;
    }

    /** A column's letters: 0 is A, 25 is Z, 26 is AA. */
    static String letters(int index) {
        StringBuilder out = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            out.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return out.toString();
    }
}
