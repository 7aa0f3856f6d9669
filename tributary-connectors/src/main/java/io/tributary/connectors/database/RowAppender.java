package io.tributary.connectors.database;

import io.tributary.jdbc.Dialect;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.duckdb.DuckDBAppender;

/**
 * Copies rows of a JDBC result set into DuckDB's Appender, one column at a time by its
 * {@link ValueKind}. Values are taken in their exact form (BigDecimal, LocalDateTime, the server's
 * text for MySQL temporals), never through a lossy intermediate such as {@code java.sql.Timestamp}
 * in the JVM's time zone.
 */
final class RowAppender {
    /** The server's text form of DATE/DATETIME/TIMESTAMP/TIME in a MySQL/MariaDB session, 0-6 fraction digits. */
    private static final DateTimeFormatter MYSQL_DATETIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss").optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .optionalEnd().toFormatter();

    /** A value that cannot be carried exactly; the row is rejected with this reason. */
    static final class Unfit extends Exception {
        private final String column;

        Unfit(String message) {
            this(null, message);
        }

        private Unfit(String column, String message) {
            super(message);
            this.column = column;
        }

        /** The column whose value does not fit, for the reject's {@code column_name}. */
        String column() {
            return column;
        }
    }

    private final Dialect dialect;
    private final List<SourceColumn> columns;
    /** Per column: the driver could not hand over a java.time value, so its text is read (see {@link DuckTemporal#parse}). */
    private final boolean[] asText;

    RowAppender(Dialect dialect, List<SourceColumn> columns) {
        this.dialect = dialect;
        this.columns = columns;
        this.asText = new boolean[columns.size()];
    }

    /** Reads the current row whole (so a bad value rejects the row before anything is appended). */
    Object[] read(ResultSet rs) throws SQLException, Unfit {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            SourceColumn column = columns.get(i);
            try {
                values[i] = value(rs, i + 1, column);
            } catch (Unfit e) {
                throw new Unfit(column.name(), e.getMessage());
            }
        }
        return values;
    }

    void append(DuckDBAppender appender, Object[] values) throws SQLException {
        appender.beginRow();
        for (int i = 0; i < values.length; i++) {
            appendValue(appender, values[i], columns.get(i).kind());
        }
        appender.endRow();
    }

    private Object value(ResultSet rs, int i, SourceColumn column) throws SQLException, Unfit {
        Object value = switch (column.kind()) {
            case BOOLEAN -> dialect == Dialect.MYSQL && column.sourceType().equals("TINYINT(1)") ? tinyint1(rs.getInt(i), rs.wasNull(), column)
                    : rs.getBoolean(i);
            case TINYINT -> rs.getByte(i);
            case SMALLINT -> rs.getShort(i);
            case INTEGER -> rs.getInt(i);
            case BIGINT -> rs.getLong(i);
            case YEAR -> (short) rs.getInt(i);
            case FLOAT -> rs.getFloat(i);
            case DOUBLE -> rs.getDouble(i);
            case DECIMAL, BIG_INTEGER -> rs.getBigDecimal(i);
            case UUID -> uuid(rs.getObject(i));
            case BLOB -> rs.getBytes(i);
            case BITS -> dialect == Dialect.MYSQL ? bits(rs.getBytes(i), column) : rs.getString(i);
            case DATE, TIMESTAMP, TIMESTAMPTZ -> temporal(rs, i, column);
            case TIME -> time(rs.getString(i), column);
            case TIMETZ -> timetz(rs.getString(i), column);
            case LIST -> column.element() == ValueKind.JSON ? rs.getString(i) : list(rs.getArray(i), column.element());
            default -> rs.getString(i);
        };
        return rs.wasNull() ? null : value;
    }

    private static void appendValue(DuckDBAppender appender, Object value, ValueKind kind) throws SQLException {
        if (value == null) {
            appender.appendNull();
            return;
        }
        switch (kind) {
            case BOOLEAN -> appender.append((boolean) (Boolean) value);
            case TINYINT -> appender.append((byte) (Byte) value);
            case SMALLINT, YEAR -> appender.append((short) (Short) value);
            case INTEGER -> appender.append((int) (Integer) value);
            case BIGINT -> appender.append((long) (Long) value);
            case FLOAT -> appender.append((float) (Float) value);
            case DOUBLE -> appender.append((double) (Double) value);
            case DECIMAL, BIG_INTEGER -> appender.append((BigDecimal) value);
            case UUID -> appender.append((UUID) value);
            case BLOB -> appender.append((byte[]) value);
            case DATE -> appender.appendEpochDays((Integer) value);
            case TIME -> appender.append((LocalTime) value);
            case TIMETZ -> appender.append((OffsetTime) value);
            case TIMESTAMP, TIMESTAMPTZ -> appender.appendEpochMicros((Long) value);
            case LIST -> {
                if (value instanceof String json) {
                    appender.append(json);
                } else {
                    appender.append((List<?>) value);
                }
            }
            default -> appender.append(value.toString());
        }
    }

    /**
     * MySQL's BOOL is TINYINT(1), read as a boolean; but the column holds any number from -128 to
     * 127, and the driver would make every one but 0 true. Only 0 and 1 are booleans.
     */
    private static Boolean tinyint1(int value, boolean isNull, SourceColumn column) throws Unfit {
        if (isNull || value == 0 || value == 1) {
            return value == 1;
        }
        throw new Unfit(value + " in TINYINT(1) column " + column.name() + " is not 0 or 1, and Tributary reads TINYINT(1) (MySQL's BOOL) "
                + "as a boolean; to load the column's numbers as they are, set options: {tinyInt1isBit: false} on the connection "
                + "(every TINYINT(1) column then arrives as TINYINT)");
    }

    private static UUID uuid(Object value) {
        return value == null ? null : value instanceof UUID u ? u : UUID.fromString(value.toString());
    }

    /** MySQL BIT(n) as its n binary digits, e.g. {@code 1010101010}. */
    private static String bits(byte[] bytes, SourceColumn column) {
        if (bytes == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%8s", Integer.toBinaryString(b & 0xff)).replace(' ', '0'));
        }
        int width = Integer.parseInt(column.sourceType().replaceAll("\\D", ""));
        return out.length() > width ? out.substring(out.length() - width) : out.toString();
    }

    /**
     * A DATE (as DuckDB's days), TIMESTAMP or TIMESTAMPTZ (as microseconds): from MySQL's text, else
     * asking the driver for the java.time value; a driver that cannot give one (a generic JDBC
     * driver) is read as text from then on, by {@link DuckTemporal#parse}'s rule.
     */
    private Object temporal(ResultSet rs, int i, SourceColumn column) throws SQLException, Unfit {
        try {
            return temporalValue(rs, i, column);
        } catch (Unfit e) {
            throw new Unfit("column " + column.name() + " (" + column.sourceType() + "): " + e.getMessage());
        }
    }

    private Object temporalValue(ResultSet rs, int i, SourceColumn column) throws SQLException, Unfit {
        ValueKind kind = column.kind();
        if (dialect == Dialect.MYSQL) {
            String text = rs.getString(i);
            if (text == null) {
                return null;
            }
            // a TIMESTAMP column, read in a UTC session, is UTC wall-clock time: the same microseconds
            return kind == ValueKind.DATE ? (Object) DuckTemporal.days(mysqlDate(text)) : (Object) DuckTemporal.micros(mysqlDateTime(text));
        }
        if (!asText[i - 1]) {
            try {
                return switch (kind) {
                    case DATE -> {
                        LocalDate date = rs.getObject(i, LocalDate.class);
                        yield date == null ? null : (Object) DuckTemporal.days(date);
                    }
                    case TIMESTAMP -> {
                        LocalDateTime time = rs.getObject(i, LocalDateTime.class);
                        yield time == null ? null : (Object) DuckTemporal.micros(time);
                    }
                    default -> {
                        OffsetDateTime time = rs.getObject(i, OffsetDateTime.class);
                        yield time == null ? null : (Object) DuckTemporal.micros(time);
                    }
                };
            } catch (SQLException e) {
                if (dialect == Dialect.POSTGRES) {
                    throw e;
                }
                asText[i - 1] = true;
            }
        }
        String text = rs.getString(i);
        return text == null ? null : DuckTemporal.parse(text, kind);
    }

    private static LocalDate mysqlDate(String text) throws Unfit {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new Unfit("'" + text + "' is not a date (a zero or partial date has no DuckDB equivalent)");
        }
    }

    private static LocalDateTime mysqlDateTime(String text) throws Unfit {
        try {
            return LocalDateTime.parse(text, MYSQL_DATETIME);
        } catch (DateTimeParseException e) {
            throw new Unfit("'" + text + "' is not a date and time (a zero or partial date has no DuckDB equivalent)");
        }
    }

    /** A time of day; MySQL TIME also holds durations (-838:59:59 to 838:59:59), which a TIME cannot. */
    private static LocalTime time(String text, SourceColumn column) throws Unfit {
        if (text == null) {
            return null;
        }
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new Unfit("'" + text + "' in " + column.sourceType() + " column " + column.name()
                    + " is not a time of day between 00:00 and 24:00; select it as text in a query: to load it");
        }
    }

    /** PostgreSQL's {@code 10:00:00+02} (or any driver's {@code 10:00:00+02:00}) → an OffsetTime. */
    private static OffsetTime timetz(String text, SourceColumn column) throws Unfit {
        if (text == null) {
            return null;
        }
        String t = text.matches(".*[+-]\\d\\d$") ? text + ":00" : text;
        try {
            return OffsetTime.parse(t);
        } catch (DateTimeParseException e) {
            throw new Unfit("'" + text + "' in " + column.sourceType() + " column " + column.name() + " is not a time of day with an offset");
        }
    }

    private static List<Object> list(Array array, ValueKind element) throws SQLException, Unfit {
        if (array == null) {
            return null;
        }
        Object[] items = (Object[]) array.getArray();
        List<Object> out = new ArrayList<>(items.length);
        for (Object item : items) {
            if (item instanceof Object[]) {
                throw new Unfit("a multi-dimensional array has no DuckDB list equivalent; select it with array_to_json(...) in a query:");
            }
            out.add(switch (element) {
                case TIMESTAMPTZ -> item == null ? null : ((Timestamp) item).toInstant().atOffset(ZoneOffset.UTC);
                case TIMESTAMP -> item == null ? null : ((Timestamp) item).toLocalDateTime();
                case DATE -> item == null ? null : ((java.sql.Date) item).toLocalDate();
                case SMALLINT -> item == null ? null : ((Number) item).shortValue();
                case TEXT -> item == null ? null : item instanceof BigDecimal d ? d.toPlainString() : item.toString();
                default -> item;
            });
        }
        return out;
    }
}
