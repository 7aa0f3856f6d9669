package io.tributary.connectors.file;

import io.tributary.sql.Sql;
import io.tributary.spi.Staging;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies a CSV reading's rejects into the run's rejected rows, one row per bad CSV record, in line
 * order, with the file's real line number (see {@link LineLocator}) rather than DuckDB's record
 * number, together with the lines {@link OpenQuotes} left out.
 */
final class CsvRejects {
    private static final Pattern LINE_SIZE = Pattern.compile("Maximum line size of (\\d+) bytes exceeded\\. Actual Size:\\s*(\\d+) bytes");

    private final OpenQuotes openQuotes;

    CsvRejects(OpenQuotes openQuotes) {
        this.openQuotes = openQuotes;
    }

    /** Copies them; returns how many rows were rejected. */
    long copy(String unit, String rejects, Staging staging) throws SQLException {
        long rows = 0;
        Iterator<Map.Entry<Long, String>> leftOut = openQuotes.leftOut().entrySet().iterator();
        Map.Entry<Long, String> nextLeftOut = leftOut.hasNext() ? leftOut.next() : null;
        LineLocator lines = null;
        RawLines original = RawLines.of(openQuotes.source(), openQuotes.sourceEncoding());
        try (Statement statement = staging.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT CAST(line AS BIGINT), CAST(min(line_byte_position) AS BIGINT), "
                     + "string_agg(DISTINCT column_name, ', '), any_value(csv_line), "
                     + "string_agg(DISTINCT error_type || ': ' || error_message, '; '), bool_or(error_type = 'INVALID ENCODING') FROM "
                     + Sql.ident(rejects)
                     + " GROUP BY line ORDER BY min(line_byte_position), line")) {
            while (rs.next()) {
                long line = rs.getLong(1);
                long position = rs.getLong(2);
                if (rows == 0) {
                    lines = LineLocator.open(openQuotes.source(), openQuotes.sourceEncoding());
                }
                if (lines != null && position > 0) {
                    line = openQuotes.fileLine(lines.lineOf(position));
                }
                while (nextLeftOut != null && nextLeftOut.getKey() < line) {
                    rejectLeftOut(unit, nextLeftOut, staging);
                    rows++;
                    nextLeftOut = leftOut.hasNext() ? leftOut.next() : null;
                }
                RawLines.Text text = original.text(trimLineBreaks(rs.getString(4)), reason(rs.getString(5)), position, rs.getBoolean(6));
                staging.rejects().reject(unit, line, rs.getString(3), text.raw(), text.reason());
                rows++;
            }
        } catch (IOException e) {
            throw new SQLException("cannot read " + openQuotes.source() + " again to number its rejected lines: " + e.getMessage(), e);
        } finally {
            original.close();
            if (lines != null) {
                try {
                    lines.close();
                } catch (IOException e) {
                    // only read from; nothing to lose
                }
            }
        }
        for (; nextLeftOut != null; nextLeftOut = leftOut.hasNext() ? leftOut.next() : null) {
            rejectLeftOut(unit, nextLeftOut, staging);
            rows++;
        }
        return rows;
    }

    private void rejectLeftOut(String unit, Map.Entry<Long, String> line, Staging staging) throws SQLException {
        staging.rejects().reject(unit, line.getKey(), line.getValue(), openQuotes.text(line.getKey()), OpenQuotes.reason(line.getValue()));
    }

    /** DuckDB's reasons, with a line too long told in numbers a person reads and what to change. */
    private static String reason(String reasons) {
        Matcher size = reasons == null ? null : LINE_SIZE.matcher(reasons);
        if (size == null || !size.find()) {
            return reasons;
        }
        return size.replaceFirst(Matcher.quoteReplacement(String.format(Locale.ROOT, "the line is %,d bytes long, more than "
                + "max_line_size allows (%,d bytes). If it is meant to be that long, raise source.csv.max_line_size",
                Long.parseLong(size.group(2)), Long.parseLong(size.group(1)))));
    }

    /** DuckDB's raw line of a CRLF file starts with the LF of the line before; an unterminated quote's ends with one. */
    private static String trimLineBreaks(String raw) {
        if (raw == null) {
            return null;
        }
        int start = 0;
        int end = raw.length();
        while (start < end && (raw.charAt(start) == '\n' || raw.charAt(start) == '\r')) {
            start++;
        }
        while (end > start && (raw.charAt(end - 1) == '\n' || raw.charAt(end - 1) == '\r')) {
            end--;
        }
        return raw.substring(start, end);
    }
}
