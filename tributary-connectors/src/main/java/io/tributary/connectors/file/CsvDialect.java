package io.tributary.connectors.file;

import io.tributary.sql.Sql;
import io.tributary.spi.SourceException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An explicit {@code read_csv} (no sniffing) for a file DuckDB's sniffer cannot take as it is: the
 * sniffer is run once more with some options changed, and what it finds (delimiter, header, rows
 * to skip, column names and types, date formats) is written out as the read's own parameters.
 * Two such files: one with a quote left open, which the sniffer either fails or reads as one text
 * column, and one with a line longer than {@code max_line_size} among the rows it samples, which
 * it fails as "Line: 1" whichever line it is.
 */
final class CsvDialect {
    /** The most {@code max_line_size} given to the sniffer to see past long lines: the most a user may set. */
    static final long LONGEST_LINE = 1_000_000_000L;

    private static final Pattern ACTUAL_SIZE = Pattern.compile("Actual Size:\\s*(\\d+)");

    private final String unit;
    private final Map<String, String> options;
    private final String quoteChar;
    private final boolean allText;

    /** For the file a user knows as {@code unit}, read with the {@code csv:} block's {@code options}. */
    CsvDialect(String unit, Map<String, String> options, String quoteChar, boolean allText) {
        this.unit = unit;
        this.options = options;
        this.quoteChar = quoteChar;
        this.allText = allText;
    }

    /** True when DuckDB refused a line for its length. */
    static boolean lineTooLong(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("Maximum line size of");
    }

    /** True when DuckDB's sniffer found no dialect at all. */
    static boolean sniffFailed(SQLException e) {
        return e.getMessage() != null && e.getMessage().contains("Error when sniffing file");
    }

    /**
     * The dialect, header and column types sniffed with quotes switched off (the sniffer then sees
     * the real delimiter despite a quote left open), as an explicit read that does honour quotes:
     * the open quote then becomes a rejected row ("unquoted value") and every row before it loads
     * with its types. Null when that sniff finds no more than one column either.
     */
    List<String> ignoringQuotes(Path file, List<String> rejectParameters, Connection connection) throws SQLException, SourceException {
        List<String> sniff = new ArrayList<>();
        sniff.add(Sql.literal(file.toString()));
        sniff.add("quote = ''");
        sniff.add("escape = ''");
        sniff.add("ignore_errors = true");
        options.forEach((name, value) -> {
            if (!name.equals("quote") && !name.equals("escape")) {
                sniff.add(name + " = " + value);
            }
        });
        Sniffed found = sniff(sniff, connection, true);
        if (found == null) {
            return null;
        }
        String quote = quoteChar == null ? "\"" : quoteChar;
        if (found.header && found.columns.keySet().stream().anyMatch(name -> name.startsWith(quote))) {
            // read with quotes, such a header would swallow the whole file into its last name, silently
            throw new SourceException(unit + " has a quote left open in its header line (line " + (found.skip + 1)
                    + ": " + String.join(found.delimiter, found.columns.keySet()) + "). Correct the header's quoting (a quote inside a name is "
                    + "written twice), or set csv.header: false to read that line as data.");
        }
        return found.parameters(file, rejectParameters);
    }

    /**
     * The dialect sniffed with a {@code max_line_size} large enough for the long lines among the
     * sampled rows ({@code refusal} says how long the first one is), as an explicit read with the
     * user's limit: the reader then rejects each longer line on its own, with its line number.
     * Null when the lines are longer than even {@link #LONGEST_LINE}.
     */
    List<String> pastLongLines(Path file, SQLException refusal, List<String> rejectParameters, Connection connection) throws SQLException {
        SQLException last = refusal;
        long limit = Long.parseLong(options.getOrDefault("max_line_size", "2000000"));
        while (true) {
            Matcher actual = ACTUAL_SIZE.matcher(last.getMessage());
            limit = Math.max(limit * 2, actual.find() ? Long.parseLong(actual.group(1)) + 1 : 0);
            if (limit > LONGEST_LINE) {
                return null;
            }
            List<String> sniff = new ArrayList<>();
            sniff.add(Sql.literal(file.toString()));
            sniff.add("quote = " + options.getOrDefault("quote", "'\"'"));
            sniff.add("escape = " + options.getOrDefault("escape", "'\"'"));
            sniff.add("max_line_size = " + limit);
            options.forEach((name, value) -> {
                if (!name.equals("quote") && !name.equals("escape") && !name.equals("max_line_size")) {
                    sniff.add(name + " = " + value);
                }
            });
            try {
                Sniffed found = sniff(sniff, connection, false);
                return found == null ? null : found.parameters(file, rejectParameters);
            } catch (SQLException e) {
                if (!lineTooLong(e)) {
                    throw e;
                }
                last = e;
            }
        }
    }

    private Sniffed sniff(List<String> sniff, Connection connection, boolean quotesOff) throws SQLException {
        Sniffed found = new Sniffed();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT Delimiter, HasHeader, SkipRows, DateFormat, TimestampFormat, "
                     + "unnest(Columns).name, unnest(Columns).type FROM sniff_csv(" + String.join(", ", sniff) + ")")) {
            if (!rs.next()) {
                return null;
            }
            found.delimiter = rs.getString(1);
            found.header = rs.getBoolean(2);
            found.skip = rs.getLong(3);
            found.dateFormat = rs.getString(4);
            found.timestampFormat = rs.getString(5);
            do {
                String name = rs.getString(6);
                found.columns.put(quotesOff ? unquote(name) : name, allText ? "VARCHAR" : rs.getString(7));
            } while (rs.next());
        }
        if (found.columns.size() < 2 || found.delimiter == null || found.delimiter.length() != 1) {
            return null;
        }
        return found;
    }

    /** A header name read with quotes off keeps its quotes: {@code "first name"} becomes {@code first name}. */
    private String unquote(String name) {
        String quote = quoteChar == null ? "\"" : quoteChar;
        if (name.length() >= 2 && name.startsWith(quote) && name.endsWith(quote)) {
            return name.substring(1, name.length() - 1).replace(quote + quote, quote);
        }
        return name;
    }

    /** What the sniffer found. */
    private final class Sniffed {
        String delimiter;
        boolean header;
        long skip;
        String dateFormat;
        String timestampFormat;
        final Map<String, String> columns = new LinkedHashMap<>();

        List<String> parameters(Path file, List<String> rejectParameters) {
            List<String> parameters = new ArrayList<>();
            parameters.add(Sql.literal(file.toString()));
            parameters.addAll(rejectParameters);
            parameters.add("auto_detect = false");
            parameters.add("delim = " + Sql.literal(delimiter));
            parameters.add("quote = " + options.getOrDefault("quote", "'\"'"));
            parameters.add("escape = " + options.getOrDefault("escape", "'\"'"));
            parameters.add("header = " + header);
            parameters.add("skip = " + skip);
            parameters.add("columns = {" + columns.entrySet().stream()
                    .map(e -> Sql.literal(e.getKey()) + ": " + Sql.literal(e.getValue())).collect(Collectors.joining(", ")) + "}");
            if (dateFormat != null && !dateFormat.isEmpty() && !options.containsKey("dateformat")) {
                parameters.add("dateformat = " + Sql.literal(dateFormat));
            }
            if (timestampFormat != null && !timestampFormat.isEmpty() && !options.containsKey("timestampformat")) {
                parameters.add("timestampformat = " + Sql.literal(timestampFormat));
            }
            for (String name : List.of("encoding", "nullstr", "decimal_separator", "dateformat", "timestampformat", "max_line_size")) {
                if (options.containsKey(name)) {
                    parameters.add(name + " = " + options.get(name));
                }
            }
            return parameters;
        }
    }
}
