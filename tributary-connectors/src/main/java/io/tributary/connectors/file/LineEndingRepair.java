package io.tributary.connectors.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * What makes a CSV file DuckDB could not read because of its line endings readable: its record
 * endings, told to {@code read_csv} as {@code new_line}, and for a file that mixes {@code \n} and
 * {@code \r\n} (concatenated exports do) a copy whose records all end in {@code \n}.
 *
 * <p>DuckDB's sniffer takes the first line break it meets for the record ending, inside quotes or
 * not, so a quoted line break in a CRLF file's header (Excel writes them) makes it give up; and its
 * parser accepts one kind of ending per file, even with {@code strict_mode = false} out of the
 * question (that mode also drops a row's surplus fields and a quote's trailing text without a
 * reject). Both fail loudly, never silently, so clean files stay on DuckDB's own path and pay
 * nothing: only a read that failed on its dialect is looked at, by one Java pass over the file.
 * The copy keeps every line, so rejected rows keep the file's real line numbers.
 */
final class LineEndingRepair implements AutoCloseable {
    private final Path original;
    private final Path file;
    private final String newLine;

    private LineEndingRepair(Path original, Path file, String newLine) {
        this.original = original;
        this.file = file;
        this.newLine = newLine;
    }

    /**
     * The repair for a read of {@code file} that failed with {@code failure}, or null when the
     * failure is not DuckDB giving up on the dialect, or the line endings do not explain it.
     */
    static LineEndingRepair after(SQLException failure, Path file, CsvLines.Layout layout) throws SQLException {
        String message = String.valueOf(failure.getMessage());
        if (!message.contains("Error when sniffing file") && !message.contains("state machine reached an invalid state")) {
            return null;
        }
        try {
            CsvLines.Census census = CsvLines.census(file, layout);
            if (census == null || census.cr() > 0) {
                return null;
            }
            if (census.mixed()) {
                Path copy = Files.createTempFile("tributary-", "-" + file.getFileName().toString().replaceAll("\\.gz$", ""));
                try {
                    CsvLines.writeWithLfEndings(file, layout, copy);
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(copy);
                    throw e;
                }
                return new LineEndingRepair(file, copy, "'\\n'");
            }
            if (census.crlf() > 0) {
                return new LineEndingRepair(file, file, "'\\r\\n'");
            }
            return census.lf() > 0 ? new LineEndingRepair(file, file, "'\\n'") : null;
        } catch (IOException e) {
            SQLException cannot = new SQLException("cannot read " + file + " again to check its line endings: " + e.getMessage(), e);
            cannot.addSuppressed(failure);
            throw cannot;
        }
    }

    /** The file to read: the original, or the copy with one kind of record ending. */
    Path file() {
        return file;
    }

    /** The {@code read_csv} value of {@code new_line}. */
    String newLine() {
        return newLine;
    }

    /** {@code failure} of the repaired read, naming the user's file rather than the copy. */
    SQLException namingTheFile(SQLException failure) {
        if (file.equals(original)) {
            return failure;
        }
        return new SQLException(String.valueOf(failure.getMessage()).replace(file.toString(), original.toString()), failure.getSQLState(), failure);
    }

    /** Deletes the copy, if there is one. */
    @Override
    public void close() {
        if (!file.equals(original)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a file in the temporary folder; the system clears it in time
            }
        }
    }
}
