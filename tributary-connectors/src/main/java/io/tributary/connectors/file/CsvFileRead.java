package io.tributary.connectors.file;

import io.tributary.sql.EngineMessages;
import io.tributary.sql.Columns;
import io.tributary.sql.Sql;
import io.tributary.spi.SourceException;
import io.tributary.spi.Staging;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * DuckDB's {@code read_csv} of one file into its staging table, with what Tributary adds for that
 * file over the user's options when DuckDB alone would fail or get it wrong: the record ending
 * ({@code new_line}, and a copy of a file that mixes them, see {@link LineEndingRepair}), names for
 * a header that repeats one ({@link CsvHeader}), and null texts without the empty field for a
 * one-column file with blank lines. Each is decided after DuckDB's own read, from what that read
 * shows, so a clean file is read once, as DuckDB reads it. Meanwhile a thread counts the file's
 * blank lines ({@link CsvLines#countBlankLines}), which DuckDB skips without a trace.
 */
final class CsvFileRead implements AutoCloseable {
    private final CsvFormat format;
    private final Path file;
    private final String unit;
    private final String table;
    private final String rejects;
    private final String scans;
    private final Staging staging;
    private final FutureTask<Long> blankLines;
    /** {@code read_csv} parameters added for this file, laid over the user's options. */
    private final Map<String, String> added = new LinkedHashMap<>();
    private LineEndingRepair repair;

    private CsvFileRead(CsvFormat format, Path file, String unit, String table, String rejects, String scans, Staging staging) {
        this.format = format;
        this.file = file;
        this.unit = unit;
        this.table = table;
        this.rejects = rejects;
        this.scans = scans;
        this.staging = staging;
        this.blankLines = CsvLines.countBlankLinesBeside(file, format.layout());
    }

    /** Starts counting the blank lines of {@code file}, for a read into {@code table} by {@code format}. */
    static CsvFileRead start(CsvFormat format, Path file, String unit, String table, String rejects, String scans, Staging staging) {
        return new CsvFileRead(format, file, unit, table, rejects, scans, staging);
    }

    /** The file DuckDB reads: the user's, or a copy with one kind of record ending. Byte positions of rejects refer to it. */
    Path source() {
        return repair == null ? file : repair.file();
    }

    /** Creates the staging table; when DuckDB gives up on the file's line endings, reads it again with them repaired. */
    void create() throws SQLException, SourceException {
        try {
            format.createTable(file, table, rejects, scans, staging, unit);
        } catch (SQLException e) {
            repair = LineEndingRepair.after(e, file, format.layout());
            if (repair == null) {
                throw e;
            }
            CsvFormat.dropAll(staging, table, rejects, scans);
            added.put("new_line", repair.newLine());
            try {
                format.with(added).createTable(source(), table, rejects, scans, staging, unit);
            } catch (SQLException again) {
                throw repair.namingTheFile(again);
            }
        }
    }

    /**
     * Reads the file again with unique names when its header repeats a name (see {@link CsvHeader});
     * the warning for the run says which columns got which names.
     */
    Optional<String> nameRepeatedHeaderColumns() throws SQLException, SourceException {
        if (format.headerDeclaredAbsent()) {
            return Optional.empty();
        }
        List<String> columns = List.copyOf(Columns.of(staging.connection(), table).keySet());
        if (!CsvHeader.mayHaveRenamed(columns)) {
            return Optional.empty();
        }
        CsvHeader.Renamed renamed;
        try {
            renamed = CsvHeader.repeats(staging.connection(), format.with(added).firstRow(source()), columns, unit);
        } catch (SQLException e) {
            // the rows are read; only the check of the header's names failed, so say so rather than fail the run
            return Optional.of(unit + ": could not read the header on its own to check for repeated column names ("
                    + EngineMessages.reason(e) + "); the columns are named " + String.join(", ", columns));
        }
        if (renamed == null) {
            return Optional.empty();
        }
        reread("names", renamed.parameter());
        return Optional.of(renamed.warning());
    }

    /**
     * DuckDB reads a blank line of a one-column file as a row holding NULL, unless the empty field
     * is not a null text: then it skips it, as it does in a file of several columns. So such a file
     * is read again without it, which changes nothing else, since in one column an unquoted empty
     * field is a blank line.
     */
    void skipBlankLinesOfOneColumn(long blank) throws SQLException, SourceException {
        List<String> nullValues = format.nullValues();
        if (blank == 0 || !(nullValues == null || nullValues.contains("")) || Columns.of(staging.connection(), table).size() != 1) {
            return;
        }
        List<String> others = nullValues == null ? List.of() : nullValues.stream().filter(n -> !n.isEmpty()).toList();
        reread("nullstr", others.isEmpty() ? CsvFormat.NO_NULLS : "[" + Sql.literals(others) + "]");
    }

    /** The blank lines skipped, once the count running beside DuckDB's read has finished. */
    long skippedBlank() throws SourceException {
        try {
            return blankLines.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while counting the blank lines of " + unit, e);
        } catch (ExecutionException e) {
            throw new SourceException("cannot read " + unit + " to count its blank lines: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private void reread(String parameter, String value) throws SQLException, SourceException {
        added.put(parameter, value);
        CsvFormat.dropAll(staging, table, rejects, scans);
        format.with(added).createTable(source(), table, rejects, scans, staging, unit);
    }

    /** Stops the count of blank lines if it still runs, and deletes the copy of the file, if any. */
    @Override
    public void close() {
        blankLines.cancel(true);
        if (repair != null) {
            repair.close();
        }
    }
}
