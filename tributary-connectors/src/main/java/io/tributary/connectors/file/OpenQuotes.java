package io.tributary.connectors.file;

import io.tributary.sql.Sql;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The lines of a CSV file with a quote left open, and the copy of the file read without them.
 *
 * <p>Why: DuckDB's reader, meeting a quote that is not closed properly on its line, reads on inside
 * it up to the next quote anywhere later in the file (or to its end) and reports that whole stretch
 * as one rejected record, so every row in between is lost; in a parallel read of a big file some
 * rows around it even vanish without a reject. Its reject ({@code UNQUOTED VALUE}) does give the
 * position where that record starts, so that physical line is left out of a {@link CleanCopy} of
 * the file, which is read instead: the lines after it are then read as the rows they are, and the
 * line left out becomes one reject with its own text. Open quotes on neighbouring lines close each
 * other, so a reading finds only some of them; each pass leaves out every line found so far, until
 * a reading finds none (a few passes at most, and only for a file with such a line: a clean file is
 * read once, as before).
 */
final class OpenQuotes implements AutoCloseable {
    /** Each pass finds at least every other one of neighbouring open quotes: 20 passes separate a million in a row. */
    static final int MOST_PASSES = 20;

    private final Path file;
    private final String encoding;
    /** The file's lines left out, each with the column its quote opened in. */
    private final NavigableMap<Long, String> leftOut = new TreeMap<>();
    private CleanCopy copy;

    OpenQuotes(Path file, String encoding) {
        this.file = file;
        this.encoding = encoding;
    }

    /** What was read last: the file, or the copy without the lines left out. */
    Path source() {
        return copy == null ? file : copy.path();
    }

    /** The encoding of {@link #source()}: the copy is UTF-8. */
    String sourceEncoding() {
        return copy == null ? encoding : null;
    }

    /** The file's line number of a line of {@link #source()}. */
    long fileLine(long sourceLine) {
        return copy == null ? sourceLine : copy.fileLine(sourceLine);
    }

    /**
     * Leaves out of a new copy every line the last reading's {@code rejects} found a quote left
     * open on; false when it found none not left out already, or the file cannot be copied here.
     */
    boolean leaveOutNew(Connection connection, String rejects) throws SQLException, IOException {
        List<Long> positions = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT CAST(line_byte_position AS BIGINT) AS position, min(column_name) FROM "
                     + Sql.ident(rejects) + " WHERE error_type = 'UNQUOTED VALUE' AND line_byte_position > 0 GROUP BY position ORDER BY position")) {
            while (rs.next()) {
                positions.add(rs.getLong(1));
                columns.add(rs.getString(2));
            }
        }
        if (positions.isEmpty()) {
            return false;
        }
        boolean added = false;
        try (LineLocator lines = LineLocator.open(source(), sourceEncoding())) {
            if (lines == null) {
                return false;
            }
            for (int i = 0; i < positions.size(); i++) {
                added |= leftOut.putIfAbsent(fileLine(lines.lineOf(positions.get(i))), columns.get(i)) == null;
            }
        }
        if (!added) {
            return false;
        }
        CleanCopy next = CleanCopy.write(file, encoding, leftOut.navigableKeySet());
        if (next == null) {
            return false;
        }
        close();
        copy = next;
        return true;
    }

    /** The file's lines left out, ascending, each with the column its quote opened in. */
    NavigableMap<Long, String> leftOut() {
        return leftOut;
    }

    /** The text of a line left out. */
    String text(long fileLine) {
        return copy.text(fileLine);
    }

    static String reason(String column) {
        return "UNQUOTED VALUE: the quoted value" + (column == null ? "" : " of column " + column) + " is not closed on this line "
                + "(its closing quote is missing, or text follows it), so the line is rejected on its own and the next line is read "
                + "as the next row. Inside a quoted value, write a quote twice (\"\")";
    }

    /** Why a file whose open quotes {@link #MOST_PASSES} passes did not separate fails. */
    String tooMany(String unit) {
        return unit + " has quotes left open on more lines than " + MOST_PASSES + " readings could separate (lines "
                + leftOut.keySet().stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "))
                + (leftOut.size() > 10 ? ", ..." : "") + "). Check that the file is CSV quoted with \", or set csv.quote to the "
                + "character that does quote its values";
    }

    @Override
    public void close() throws IOException {
        if (copy != null) {
            copy.close();
        }
    }
}
