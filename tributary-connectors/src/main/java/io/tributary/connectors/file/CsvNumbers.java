package io.tributary.connectors.file;

import io.tributary.sql.ExactDecimals;
import io.tributary.sql.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The type a CSV column of decimal text is read as: an exact DECIMAL with room for the digits seen
 * (DuckDB's sniffer says DOUBLE for {@code 19.99}, and a sum of prices in DOUBLE is off in the last
 * digits), DOUBLE only for numbers written with an exponent or past DECIMAL(38).
 */
final class CsvNumbers {
    /** Aggregates per column: the four of {@link ExactDecimals#ofText} and the count of values that read as DOUBLE. */
    static final int AGGREGATES = 5;

    private CsvNumbers() {}

    static String aggregates(String column, char decimalSeparator) {
        String quoted = Sql.ident(column);
        String text = decimalSeparator == ',' ? "replace(" + quoted + ", ',', '.')" : quoted;
        return ExactDecimals.ofText(text) + ", count(TRY_CAST(" + text + " AS DOUBLE))";
    }

    /**
     * The type for what {@link #aggregates} found at {@code column} (1-based) of the current row: a
     * DECIMAL, DOUBLE, or null when the column held no number (nothing to decide).
     */
    static String type(ResultSet rs, int column) throws SQLException {
        ExactDecimals.Digits digits = ExactDecimals.read(rs, column);
        long doubles = rs.getLong(column + 4);
        if (digits.numbers() == 0 && doubles == 0) {
            return null;
        }
        if (doubles > digits.numbers()) {
            return "DOUBLE"; // 1.5e3, inf: DuckDB reads them as DOUBLE, as written
        }
        // text that is no number at all (n/a) is left for the reader to reject with its line
        String decimal = new ExactDecimals.Digits(digits.numbers(), 0, digits.integerDigits(), digits.scale()).withRoom();
        return decimal != null ? decimal : "DOUBLE";
    }

    /** The types of {@code columns} measured over every row of {@code relation} (the file read with them as text). */
    static Map<String, String> measure(Connection connection, Collection<String> columns, String relation, char decimalSeparator)
            throws SQLException {
        StringBuilder select = new StringBuilder();
        for (String column : columns) {
            select.append(select.length() == 0 ? "" : ", ").append(aggregates(column, decimalSeparator));
        }
        Map<String, String> types = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT " + select + " FROM " + relation)) {
            rs.next();
            int at = 1;
            for (String column : columns) {
                String type = type(rs, at);
                types.put(column, type != null ? type : "DOUBLE");
                at += AGGREGATES;
            }
        }
        return types;
    }
}
