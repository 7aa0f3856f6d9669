package io.tributary.connectors.file;

import io.tributary.sql.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Day-first or month-first: the part of a date format ({@code %d/%m/%Y}, {@code %m-%d-%y %H:%M:%S})
 * that the values {@code 2/3/2024} cannot tell, and what a column's values say about it.
 */
final class CsvDates {
    /** Aggregates per column in {@link #aggregates}. */
    static final int AGGREGATES = 7;
    /** Text that looks like a date written day and month first or month and day first, year last, maybe with a time. */
    private static final String DATE_LIKE = "'\\s*[0-9]{1,2}[-/. ][0-9]{1,2}[-/. ][0-9]{2,4}([ T].*)?'";

    private CsvDates() {}

    /** True for a format whose day and month come before the year: the order the values may leave open. */
    static boolean orderSensitive(String format) {
        if (format == null) {
            return false;
        }
        int day = format.indexOf("%d");
        int month = format.indexOf("%m");
        int year = Math.max(format.indexOf("%Y"), format.indexOf("%y"));
        return day >= 0 && month >= 0 && year > Math.max(day, month);
    }

    static boolean dayFirst(String format) {
        return format.indexOf("%d") < format.indexOf("%m");
    }

    /** {@code format} with day and month in the given order ({@code %d/%m/%Y} ↔ {@code %m/%d/%Y}). */
    static String oriented(String format, boolean dayFirst) {
        if (dayFirst(format) == dayFirst) {
            return format;
        }
        return format.replace("%d", "\u0000").replace("%m", "%d").replace("\u0000", "%m");
    }

    static String order(boolean dayFirst) {
        return dayFirst ? "day first" : "month first";
    }

    /**
     * What a column's values say about the order: the greatest first and second numbers (a first
     * number past 12 is a day, so day first; a second one past 12 means month first), with a value
     * showing each, and a value that reads differently both ways.
     *
     * @param values   non-NULL values
     * @param dateLike values that look like dates (see {@link #DATE_LIKE}); fewer than {@code values}: not a date column
     */
    record Evidence(long values, long dateLike, int firstMax, String firstExample, int secondMax, String secondExample, String example) {
        boolean isDates() {
            return values > 0 && dateLike == values;
        }

        boolean forcesDayFirst() {
            return isDates() && firstMax > 12 && secondMax <= 12;
        }

        boolean forcesMonthFirst() {
            return isDates() && secondMax > 12 && firstMax <= 12;
        }

        boolean ambiguous() {
            return isDates() && firstMax <= 12 && secondMax <= 12;
        }

        /** A value showing the given order, or one that reads both ways. */
        String example(boolean dayFirst) {
            return dayFirst ? firstExample : secondExample;
        }
    }

    /** The aggregates of {@link Evidence} over a text column, read back by {@link #read}. */
    static String aggregates(String column) {
        String c = Sql.ident(column);
        String like = "regexp_full_match(" + c + ", " + DATE_LIKE + ")";
        String first = "TRY_CAST(regexp_extract(" + c + ", '^\\s*([0-9]+)', 1) AS INTEGER)";
        String second = "TRY_CAST(regexp_extract(" + c + ", '^\\s*[0-9]+[^0-9]+([0-9]+)', 1) AS INTEGER)";
        String dates = " FILTER (WHERE " + like + ")";
        return "count(" + c + "), count(" + c + ")" + dates + ", coalesce(max(" + first + ")" + dates + ", 0), arg_max(" + c + ", " + first + ")"
                + dates + ", coalesce(max(" + second + ")" + dates + ", 0), arg_max(" + c + ", " + second + ")" + dates
                + ", coalesce(min(" + c + ") FILTER (WHERE " + like + " AND " + first + " <> " + second + "), min(" + c + ")" + dates + ")";
    }

    static Evidence read(ResultSet rs, int column) throws SQLException {
        return new Evidence(rs.getLong(column), rs.getLong(column + 1), rs.getInt(column + 2), rs.getString(column + 3),
                rs.getInt(column + 4), rs.getString(column + 5), rs.getString(column + 6));
    }
}
