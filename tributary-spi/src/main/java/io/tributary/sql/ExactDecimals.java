package io.tributary.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The DECIMAL that holds numbers exactly: numbers written as text (a CSV or JSON field: {@code 19.99},
 * {@code -4.05}), or DOUBLE values by their shortest decimal form (the digits a DOUBLE prints as,
 * {@code 19.99} rather than {@code 19.989999999999998}, which reads back as the same DOUBLE).
 * Measured by one SQL aggregate over the values, so it costs one scan of the column and no more.
 */
public final class ExactDecimals {
    /** DuckDB's widest DECIMAL. */
    public static final int MAX_DIGITS = 38;
    /** The widest DECIMAL stored in 64 bits. */
    private static final int LONG_DIGITS = 18;
    /** A plain decimal number: digits, an optional point and fraction, no exponent, no separators. */
    private static final String PLAIN = "'[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)'";

    private ExactDecimals() {}

    /**
     * What an aggregate found in a column.
     *
     * @param numbers       values that are numbers with an exact decimal form
     * @param others        non-NULL values that are not (text such as {@code n/a}, an exponent, NaN)
     * @param integerDigits the most digits before the point, leading zeros not counted
     * @param scale         the most digits after it
     */
    public record Digits(long numbers, long others, int integerDigits, int scale) {
        /** The smallest DECIMAL holding every number, or null when there are others or more than 38 digits are needed. */
        public String smallest() {
            return others > 0 ? null : ExactDecimals.smallest(integerDigits, scale);
        }

        /**
         * DECIMAL(18, scale) when the numbers fit in it, else DECIMAL(38, scale): the type for values a
         * sample showed, with room for larger ones the sample did not see, at no cost (DuckDB stores a
         * DECIMAL of up to 18 digits in 64 bits, as it would any smaller one). Null like {@link #smallest()}.
         */
        public String withRoom() {
            if (smallest() == null) {
                return null;
            }
            return "DECIMAL(" + (integerDigits + scale <= LONG_DIGITS ? LONG_DIGITS : MAX_DIGITS) + "," + scale + ")";
        }
    }

    /** DECIMAL(integer digits + scale, scale), at least DECIMAL(1,0); null past 38 digits. */
    public static String smallest(int integerDigits, int scale) {
        int precision = Math.max(1, integerDigits + scale);
        return precision <= MAX_DIGITS ? "DECIMAL(" + precision + "," + scale + ")" : null;
    }

    /**
     * Four aggregates (numbers, others, integer digits, scale) over {@code text}, a VARCHAR expression
     * of numbers written in text, read back with {@link #read}. Surrounding spaces are allowed.
     */
    public static String ofText(String text) {
        String t = "trim(" + text + ")";
        String plain = "regexp_full_match(" + t + ", " + PLAIN + ")";
        return aggregates(text, plain, "length(ltrim(split_part(ltrim(" + t + ", '+-'), '.', 1), '0'))",
                "length(split_part(" + t + ", '.', 2))");
    }

    /** The same four aggregates over {@code value}, a DOUBLE or FLOAT expression, by each value's shortest decimal form. */
    public static String ofDoubles(String value) {
        String text = "CAST(CAST(" + value + " AS DOUBLE) AS VARCHAR)";
        String mantissa = "split_part(" + text + ", 'e', 1)";
        String exponent = "CASE WHEN contains(" + text + ", 'e') THEN CAST(split_part(" + text + ", 'e', 2) AS INTEGER) ELSE 0 END";
        String integerPart = "length(ltrim(split_part(ltrim(" + mantissa + ", '-'), '.', 1), '0'))";
        String fraction = "length(rtrim(split_part(" + mantissa + ", '.', 2), '0'))";
        return aggregates(value, "isfinite(CAST(" + value + " AS DOUBLE))",
                "greatest(0, " + integerPart + " + " + exponent + ")", "greatest(0, " + fraction + " - " + exponent + ")");
    }

    private static String aggregates(String value, String isNumber, String integerDigits, String scale) {
        String number = value + " IS NOT NULL AND " + isNumber;
        return "count(*) FILTER (WHERE " + number + "), count(*) FILTER (WHERE " + value + " IS NOT NULL AND NOT (" + isNumber + ")), "
                + "coalesce(max(" + integerDigits + ") FILTER (WHERE " + number + "), 0), "
                + "coalesce(max(" + scale + ") FILTER (WHERE " + number + "), 0)";
    }

    /** The four aggregates of {@link #ofText}/{@link #ofDoubles} at {@code column} (1-based) of the current row. */
    public static Digits read(ResultSet rs, int column) throws SQLException {
        return new Digits(rs.getLong(column), rs.getLong(column + 1), rs.getInt(column + 2), rs.getInt(column + 3));
    }

    /** The digits of DOUBLE column {@code column} (quoted) of {@code relation}. */
    public static Digits ofDoubles(Connection connection, String relation, String column) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + ofDoubles(column) + " FROM " + relation)) {
            rs.next();
            return read(rs, 1);
        }
    }

    /**
     * {@code value}, a DOUBLE expression, as {@code decimalType} by its shortest decimal form: parsing
     * that text is exact, where DuckDB's direct cast multiplies in floating point and may be off by one
     * in the last place for values of 16 or 17 digits.
     */
    public static String fromDouble(String value, String decimalType) {
        return "CAST(CAST(CAST(" + value + " AS DOUBLE) AS VARCHAR) AS " + decimalType + ")";
    }
}
