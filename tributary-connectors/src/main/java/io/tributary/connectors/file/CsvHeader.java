package io.tributary.connectors.file;

import io.tributary.sql.ColumnNames;
import io.tributary.sql.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Names for a CSV header that repeats a name. DuckDB renames a repeat {@code c} to {@code c_1}
 * even when the header has a {@code c_1} of its own, which it then renames {@code c_1_1}: the
 * name {@code c_1} ends up holding another column's values, and a type declared for {@code c_1}
 * goes to the wrong column. Here every repeat gets a name no column of the header has
 * ({@link ColumnNames#uniqueHeader}), and the file is read with those names.
 *
 * <p>Only a header whose names DuckDB may have renamed ({@code x_<digits>} beside an {@code x}) is
 * looked at, so a clean file costs nothing beyond a look at its column names.
 */
final class CsvHeader {
    private static final Pattern SUFFIXED = Pattern.compile("(.+)_\\d+");

    /** The names to read the file with, and what to tell the user about them. */
    record Renamed(List<String> names, String warning) {
        /** The {@code read_csv} parameter giving the names. */
        String parameter() {
            return "[" + Sql.literals(names) + "]";
        }
    }

    private CsvHeader() {}

    /** True when DuckDB may have renamed a repeated header name: some {@code x_<digits>} beside an {@code x}. */
    static boolean mayHaveRenamed(List<String> columns) {
        Set<String> lower = new HashSet<>();
        columns.forEach(c -> lower.add(c.toLowerCase(Locale.ROOT)));
        for (String column : columns) {
            Matcher suffixed = SUFFIXED.matcher(column);
            if (suffixed.matches() && lower.contains(suffixed.group(1).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The header as the file writes it, read with {@code firstRow} (a query of the first row of a
     * {@code read_csv} over the same file and dialect with {@code header = false}), and the names it should get when it repeats a
     * name; null when it repeats none, or when its names are not what DuckDB made of them in a way
     * this class does not expect (then DuckDB's names stand).
     */
    static Renamed repeats(Connection connection, String firstRow, List<String> duckdbNames, String unit) throws SQLException {
        List<String> header = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(firstRow)) {
            if (!rs.next() || rs.getMetaData().getColumnCount() != duckdbNames.size()) {
                return null;
            }
            for (int i = 1; i <= duckdbNames.size(); i++) {
                String raw = rs.getString(i);
                // as DuckDB names header cells: trimmed, and an empty one after its 0-based position
                String name = raw == null ? "" : raw.strip();
                header.add(name.isEmpty() ? "column" + (i - 1) : name);
            }
        }
        List<String> names = ColumnNames.uniqueHeader(header);
        if (names.equals(duckdbNames) || !sameNamesWhereNotRepeated(header, names, duckdbNames)) {
            return null;
        }
        List<String> renamed = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals(header.get(i))) {
                renamed.add("column " + (i + 1) + " \"" + header.get(i) + "\" is " + names.get(i));
            }
        }
        return new Renamed(names, unit + ": repeated column names in the header were made unique: "
                + renamed.stream().collect(Collectors.joining(", ")));
    }

    /**
     * A name that is not a repeat is the header's own; DuckDB has it too, unless it renamed it
     * (to that name plus a suffix). Anything else means DuckDB read the header differently.
     */
    private static boolean sameNamesWhereNotRepeated(List<String> header, List<String> names, List<String> duckdbNames) {
        for (int i = 0; i < names.size(); i++) {
            String duckdb = duckdbNames.get(i);
            if (names.get(i).equals(header.get(i)) && !duckdb.equals(header.get(i)) && !duckdb.startsWith(header.get(i) + "_")) {
                return false;
            }
        }
        return true;
    }
}
