package io.tributary.quality.checks;

import io.tributary.sql.Sql;

import io.tributary.error.TributaryException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The condition of a {@code range} check, its bounds compared with the column's type first: a number
 * suits a number column, a date or timestamp a DATE or TIMESTAMP column, a time a TIME column. A
 * mismatch is a message naming the column, its type and the bound, instead of DuckDB's binder error.
 * On a TIMESTAMP WITH TIME ZONE column a bound without an offset is UTC, the warehouse's convention.
 */
public final class RangeBounds {
    private enum ColumnType { NUMBER, DATE, TIMESTAMP, ZONED_TIMESTAMP, TIME, OTHER }

    private RangeBounds() {}

    /** The SQL condition a failing row meets, e.g. {@code "day" < DATE '2020-01-01' OR "day" > DATE '2020-12-31'}. */
    static String failing(String column, String type, Bound min, Bound max) {
        ColumnType columnType = typeOf(type);
        String name = column;
        if (columnType == ColumnType.OTHER) {
            throw TributaryException.invalid("check range(" + name + "): " + name + " is " + type + ", not a number, a date or a time, so a range "
                    + "cannot apply. Declare its type (csv: {columns: {" + name + ": DOUBLE}}) or cast it in transform (- cast: {" + name + ": DOUBLE}).");
        }
        List<String> conditions = new ArrayList<>();
        if (min != null) {
            conditions.add(Sql.ident(column) + " < " + literal("check range(" + name + ")", name, type, columnType, "min", min));
        }
        if (max != null) {
            conditions.add(Sql.ident(column) + " > " + literal("check range(" + name + ")", name, type, columnType, "max", max));
        }
        return String.join(" OR ", conditions);
    }

    /**
     * {@code bound} as a SQL literal comparable with {@code column} of DuckDB type {@code type}, for
     * another step that compares with written bounds ({@code bucket}); a bound that does not suit the
     * column is an invalid-input error starting with {@code subject}, naming the column, its type and the bound.
     */
    public static String literal(String subject, String column, String type, String key, Bound bound) {
        ColumnType columnType = typeOf(type);
        if (columnType == ColumnType.OTHER) {
            throw TributaryException.invalid(subject + ": " + column + " is " + type + ", not a number, a date or a time, so bounds "
                    + "cannot apply. Cast it first (- cast: {" + column + ": DOUBLE}).");
        }
        return literal(subject, column, type, columnType, key, bound);
    }

    private static String literal(String subject, String name, String type, ColumnType column, String key, Bound bound) {
        Bound.Type kind = bound.type();
        if (column == ColumnType.NUMBER) {
            require(kind == Bound.Type.NUMBER, subject, name, type, key, bound, "a number (e.g. " + key + ": 0)");
            return bound.value();
        }
        if (column == ColumnType.TIME) {
            require(kind == Bound.Type.TIME, subject, name, type, key, bound, "a time of day (e.g. " + key + ": 08:00:00)");
            return "TIME " + Sql.literal(bound.value());
        }
        require(Set.of(Bound.Type.DATE, Bound.Type.TIMESTAMP, Bound.Type.ZONED_TIMESTAMP).contains(kind), subject, name, type, key, bound,
                "a date or a timestamp (e.g. " + key + ": 2020-01-01)");
        if (column == ColumnType.ZONED_TIMESTAMP) {
            String instant = switch (kind) {
                case DATE -> bound.value() + " 00:00:00+00";
                case TIMESTAMP -> bound.value() + "+00";
                default -> bound.value();
            };
            return "TIMESTAMPTZ " + Sql.literal(instant);
        }
        require(kind != Bound.Type.ZONED_TIMESTAMP, subject, name, type + " (no time zone)", key, bound,
                "written without an offset (e.g. " + key + ": 2020-01-01 08:00:00)");
        return (kind == Bound.Type.DATE ? "DATE " : "TIMESTAMP ") + Sql.literal(bound.value());
    }

    private static void require(boolean suits, String subject, String name, String type, String key, Bound bound, String expected) {
        if (!suits) {
            throw TributaryException.invalid(subject + ": " + name + " is " + type + ", so " + key + " must be " + expected
                    + ", not " + bound.describe() + ". Write the bound to suit the column, or check another column.");
        }
    }

    private static ColumnType typeOf(String duckDbType) {
        String type = duckDbType.toUpperCase(Locale.ROOT).strip();
        if (type.matches("U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|BIGNUM|DECIMAL\\(\\d+,\\s*\\d+\\)")) {
            return ColumnType.NUMBER;
        }
        return switch (type) {
            case "DATE" -> ColumnType.DATE;
            case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS" -> ColumnType.TIMESTAMP;
            case "TIMESTAMP WITH TIME ZONE" -> ColumnType.ZONED_TIMESTAMP;
            case "TIME" -> ColumnType.TIME;
            default -> ColumnType.OTHER;
        };
    }
}
