package io.tributary.connectors.file;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.duckdb.DuckDBAppender;

/**
 * The DuckDB type of a spreadsheet column, inferred from its first cells or named in
 * {@code excel.columns}, and the conversion of each cell to it. Only types a cell can hold are
 * offered, so every conversion is decided here, row by row, and a cell that does not fit rejects its
 * row with a reason instead of failing the load.
 */
record ExcelType(Base base, int precision, int scale) {

    enum Base { VARCHAR, BIGINT, INTEGER, DOUBLE, DECIMAL, BOOLEAN, DATE, TIMESTAMP, TIME, INTERVAL }

    static final String SUPPORTED = "VARCHAR, BIGINT, INTEGER, DOUBLE, DECIMAL(p,s), BOOLEAN, DATE, TIMESTAMP, TIME, INTERVAL";
    static final ExcelType VARCHAR = of(Base.VARCHAR);

    private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\)");
    /** A duration written as text: hours, minutes and optionally seconds, {@code 36:15} or {@code -1:30:00.5}. */
    private static final Pattern DURATION = Pattern.compile("(-?)(\\d+):([0-5]\\d)(?::([0-5]\\d)(?:\\.(\\d{1,6}))?)?");

    /** A converted value, or why the cell does not fit (then {@code value} is null). */
    record Conversion(Object value, String problem) {
        static final Conversion NULL = new Conversion(null, null);
    }

    static ExcelType of(Base base) {
        return new ExcelType(base, 0, 0);
    }

    /** A type named by the user, or null when it is not one of {@link #SUPPORTED}. */
    static ExcelType parse(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(name);
        if (decimal.matches()) {
            int precision = Integer.parseInt(decimal.group(1));
            int scale = Integer.parseInt(decimal.group(2));
            return precision >= 1 && precision <= 38 && scale <= precision ? new ExcelType(Base.DECIMAL, precision, scale) : null;
        }
        return switch (name) {
            case "VARCHAR", "TEXT", "STRING" -> of(Base.VARCHAR);
            case "BIGINT", "INT8", "LONG" -> of(Base.BIGINT);
            case "INTEGER", "INT", "INT4" -> of(Base.INTEGER);
            case "DOUBLE", "FLOAT8" -> of(Base.DOUBLE);
            case "BOOLEAN", "BOOL" -> of(Base.BOOLEAN);
            case "DATE" -> of(Base.DATE);
            case "TIMESTAMP", "DATETIME" -> of(Base.TIMESTAMP);
            case "TIME" -> of(Base.TIME);
            case "INTERVAL" -> of(Base.INTERVAL);
            default -> null;
        };
    }

    /**
     * The type of a column from its sampled cells: whole numbers BIGINT, any other numbers DOUBLE,
     * booleans BOOLEAN, dates DATE (TIMESTAMP when one has a time of day), times of day TIME,
     * durations INTERVAL, texts VARCHAR. A column with more than one kind of value, or none, is
     * VARCHAR. Formulas saved without their result are no value, like empty cells.
     */
    static ExcelType infer(List<ExcelCell> cells) {
        boolean number = false;
        boolean fraction = false;
        boolean bool = false;
        boolean date = false;
        boolean dateTime = false;
        boolean time = false;
        boolean duration = false;
        boolean text = false;
        for (ExcelCell cell : cells) {
            switch (cell.kind()) {
                case WHOLE -> number = true;
                case FRACTION -> fraction = number = true;
                case BOOLEAN -> bool = true;
                case DATETIME -> {
                    date = true;
                    dateTime |= !((LocalDateTime) cell.value()).toLocalTime().equals(LocalTime.MIDNIGHT);
                }
                case NONEXISTENT_DATE -> {
                    date = true;
                    dateTime |= ((BigDecimal) cell.value()).stripTrailingZeros().scale() > 0;
                }
                case TIME -> time = true;
                case DURATION -> duration = true;
                case TEXT -> text = true;
                case EMPTY, UNCALCULATED -> { }
            }
        }
        int kinds = (number ? 1 : 0) + (bool ? 1 : 0) + (date ? 1 : 0) + (time ? 1 : 0) + (duration ? 1 : 0) + (text ? 1 : 0);
        if (kinds != 1 || text) {
            return VARCHAR;
        }
        if (bool) {
            return of(Base.BOOLEAN);
        }
        if (date) {
            return of(dateTime ? Base.TIMESTAMP : Base.DATE);
        }
        if (time) {
            return of(Base.TIME);
        }
        if (duration) {
            return of(Base.INTERVAL);
        }
        return of(fraction ? Base.DOUBLE : Base.BIGINT);
    }

    String sql() {
        return base == Base.DECIMAL ? "DECIMAL(" + precision + "," + scale + ")" : base.name();
    }

    /**
     * The type the staging table's column is created with. DuckDB's Appender cannot write an
     * INTERVAL, so durations are appended as microseconds and the column is converted once the sheet
     * is in ({@link ExcelSheetLoader}).
     */
    String appendedSql() {
        return base == Base.INTERVAL ? "BIGINT" : sql();
    }

    /** What a value of this type is, for reasons: {@code a whole number (BIGINT)}. */
    private String expected() {
        return switch (base) {
            case VARCHAR -> "text (VARCHAR)";
            case BIGINT -> "a whole number (BIGINT)";
            case INTEGER -> "a whole number that fits INTEGER";
            case DOUBLE -> "a number (DOUBLE)";
            case DECIMAL -> "a number that fits " + sql();
            case BOOLEAN -> "true or false (BOOLEAN)";
            case DATE -> "a date (DATE)";
            case TIMESTAMP -> "a date and time (TIMESTAMP)";
            case TIME -> "a time of day (TIME)";
            case INTERVAL -> "a duration (INTERVAL)";
        };
    }

    /**
     * Converts a cell of column {@code column}; a spreadsheet's "numbers stored as text" are accepted
     * too. {@code reference} names the cell ({@code Dates!B4}) in the reasons that need it.
     */
    Conversion convert(ExcelCell cell, String column, Supplier<String> reference) {
        if (!cell.hasValue()) {
            return Conversion.NULL;
        }
        if (cell.kind() == ExcelCell.Kind.NONEXISTENT_DATE && base != Base.VARCHAR) {
            return new Conversion(null, "value " + cell.text() + " in cell " + reference.get() + " (column " + column + ") is serial "
                    + ((BigDecimal) cell.value()).stripTrailingZeros().toPlainString() + " of Excel's 1900 date system, a 29 February 1900"
                    + " that never was (Excel counts 1900 as a leap year, which it was not); correct the date in the workbook");
        }
        Object value = switch (base) {
            case VARCHAR -> cell.text();
            case BIGINT -> whole(cell);
            case INTEGER -> {
                Long whole = whole(cell);
                yield whole != null && whole == whole.intValue() ? (Object) whole.intValue() : null;
            }
            case DOUBLE -> {
                BigDecimal number = number(cell);
                yield number == null ? null : number.doubleValue();
            }
            case DECIMAL -> decimal(cell);
            case BOOLEAN -> bool(cell);
            case DATE -> date(cell);
            case TIMESTAMP -> timestamp(cell);
            case TIME -> time(cell);
            case INTERVAL -> microseconds(cell);
        };
        if (value != null) {
            return new Conversion(value, null);
        }
        return new Conversion(null, "value '" + cell.text() + "' in column " + column + " is not " + expected() + hint(cell));
    }

    /** Why a date, time or duration cell does not fit, when the reason is not plain. */
    private String hint(ExcelCell cell) {
        boolean calendar = base == Base.DATE || base == Base.TIMESTAMP;
        if (base == Base.DATE && cell.kind() == ExcelCell.Kind.DATETIME) {
            return ": it has a time of day (name the column TIMESTAMP in excel.columns to keep it)";
        }
        if (calendar && cell.kind() == ExcelCell.Kind.TIME) {
            return ": it is a time of day without a date (name the column TIME in excel.columns to keep it)";
        }
        if (calendar && cell.kind() == ExcelCell.Kind.DURATION) {
            return ": it is a duration (name the column INTERVAL in excel.columns to keep it)";
        }
        if (base == Base.TIME && cell.kind() == ExcelCell.Kind.DATETIME) {
            return ": it has a date";
        }
        return "";
    }

    private static BigDecimal number(ExcelCell cell) {
        if (cell.value() instanceof BigDecimal number) {
            return number;
        }
        if (cell.kind() == ExcelCell.Kind.TEXT) {
            try {
                return new BigDecimal(cell.text().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Long whole(ExcelCell cell) {
        BigDecimal number = number(cell);
        if (number == null) {
            return null;
        }
        try {
            return number.longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private BigDecimal decimal(ExcelCell cell) {
        BigDecimal number = number(cell);
        if (number == null) {
            return null;
        }
        BigDecimal scaled = number.setScale(scale, RoundingMode.HALF_UP);
        return scaled.unscaledValue().abs().toString().length() <= precision ? scaled : null;
    }

    private static Boolean bool(ExcelCell cell) {
        if (cell.value() instanceof Boolean bool) {
            return bool;
        }
        String text = cell.kind() == ExcelCell.Kind.TEXT ? cell.text().strip() : "";
        return text.equalsIgnoreCase("true") ? Boolean.TRUE : text.equalsIgnoreCase("false") ? Boolean.FALSE : null;
    }

    private static LocalDate date(ExcelCell cell) {
        LocalDateTime at = timestamp(cell);
        return at != null && at.toLocalTime().equals(LocalTime.MIDNIGHT) ? at.toLocalDate() : null;
    }

    /** A date cell, or a text in ISO form: {@code 2024-01-31}, {@code 2024-01-31 08:30[:00]} or with a {@code T}. */
    private static LocalDateTime timestamp(ExcelCell cell) {
        if (cell.value() instanceof LocalDateTime at) {
            return at;
        }
        if (cell.kind() != ExcelCell.Kind.TEXT) {
            return null;
        }
        String text = cell.text().strip();
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A time-of-day cell, or a text in ISO form: {@code 08:30}, {@code 08:30:15[.5]}. */
    private static LocalTime time(ExcelCell cell) {
        if (cell.value() instanceof LocalTime time) {
            return time;
        }
        if (cell.kind() != ExcelCell.Kind.TEXT) {
            return null;
        }
        try {
            return LocalTime.parse(cell.text().strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A duration in microseconds, as the column is appended: a duration cell, a time-of-day cell (the
     * time since midnight, for a column declared INTERVAL) or a text of hours and minutes.
     */
    private static Long microseconds(ExcelCell cell) {
        if (cell.value() instanceof Duration duration) {
            return duration.toNanos() / 1000;
        }
        if (cell.value() instanceof LocalTime time) {
            return time.toNanoOfDay() / 1000;
        }
        Matcher text = cell.kind() == ExcelCell.Kind.TEXT ? DURATION.matcher(cell.text().strip()) : null;
        if (text == null || !text.matches()) {
            return null;
        }
        try {
            long seconds = Math.addExact(Math.multiplyExact(Long.parseLong(text.group(2)), 3600L), Integer.parseInt(text.group(3)) * 60L)
                    + (text.group(4) == null ? 0 : Integer.parseInt(text.group(4)));
            long micros = Math.addExact(Math.multiplyExact(seconds, 1_000_000L),
                    text.group(5) == null ? 0 : Long.parseLong((text.group(5) + "00000").substring(0, 6)));
            return text.group(1).isEmpty() ? micros : -micros;
        } catch (ArithmeticException | NumberFormatException e) {
            return null;
        }
    }

    /** Appends a value made by {@link #convert}. */
    static void append(DuckDBAppender appender, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else if (value instanceof String text) {
            appender.append(text);
        } else if (value instanceof Long whole) {
            appender.append(whole.longValue());
        } else if (value instanceof Integer whole) {
            appender.append(whole.intValue());
        } else if (value instanceof Double number) {
            appender.append(number.doubleValue());
        } else if (value instanceof BigDecimal decimal) {
            appender.append(decimal);
        } else if (value instanceof Boolean bool) {
            appender.append(bool.booleanValue());
        } else if (value instanceof LocalDate date) {
            appender.append(date);
        } else if (value instanceof LocalDateTime at) {
            appender.append(at);
        } else if (value instanceof LocalTime time) {
            appender.append(time);
        } else {
            throw new IllegalArgumentException("no appender for " + value.getClass());
        }
    }
}
