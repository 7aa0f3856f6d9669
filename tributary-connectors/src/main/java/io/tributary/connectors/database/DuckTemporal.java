package io.tributary.connectors.database;

import io.tributary.connectors.database.RowAppender.Unfit;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates and timestamps as DuckDB stores them: days and microseconds since 1970-01-01 (UTC for a
 * TIMESTAMPTZ), with its infinities and its range. A value either arrives as exactly that number or
 * is refused with a reason ({@link Unfit}); it never overflows into another instant.
 *
 * <p>A driver hands PostgreSQL's {@code infinity} over as the largest value of the java.time type
 * ({@code LocalDate.MAX}, {@code LocalDateTime.MAX}, {@code OffsetDateTime.MAX}; {@code -infinity} as
 * {@code MIN}), far beyond any date a database stores: those become DuckDB's {@code infinity} and
 * {@code -infinity}.
 */
final class DuckTemporal {
    static final int INFINITY_DAYS = Integer.MAX_VALUE;
    static final int MINUS_INFINITY_DAYS = -Integer.MAX_VALUE;
    static final long INFINITY_MICROS = Long.MAX_VALUE;
    static final long MINUS_INFINITY_MICROS = -Long.MAX_VALUE;
    /** 5877642-06-25 (BC) and 5881580-07-10. */
    private static final long MIN_DAYS = -2147483646L;
    private static final long MAX_DAYS = 2147483646L;
    /** 290309-12-22 (BC) 00:00:00 and 294247-01-10 04:00:54.775806. */
    private static final long MIN_MICROS = -9223372022400000000L;
    private static final long MAX_MICROS = 9223372036854775806L;
    private static final LocalDateTime EPOCH = LocalDateTime.of(1970, 1, 1, 0, 0);
    static final String DATE_RANGE = "5877642 BC to 5881580 AD";
    static final String TIMESTAMP_RANGE = "290309 BC to 294247 AD";

    /**
     * The text rule for drivers that cannot hand over a java.time value: ISO dates and times
     * ({@code 2024-01-02}, {@code 2024-01-02 03:04:05.123456}, {@code T} or a space between), years of
     * any length with an optional sign, an optional offset ({@code Z}, {@code +02}, {@code +05:30},
     * {@code -0800}), an optional era ({@code BC}, {@code (BC)}), and {@code infinity}/{@code -infinity}.
     */
    private static final Pattern TEXT = Pattern.compile(
            "([+-]?\\d{4,})-(\\d{1,2})-(\\d{1,2})(?: \\(?(BC|AD)\\)?)?"
                    + "(?:[ T](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
                    + "\\s*(Z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?)?(?: \\(?(BC|AD)\\)?)?");

    private DuckTemporal() {}

    static int days(LocalDate date) throws Unfit {
        if (date.equals(LocalDate.MAX)) {
            return INFINITY_DAYS;
        }
        if (date.equals(LocalDate.MIN)) {
            return MINUS_INFINITY_DAYS;
        }
        long days = date.toEpochDay();
        if (days < MIN_DAYS || days > MAX_DAYS) {
            throw new Unfit(date + " is outside DuckDB's DATE range (" + DATE_RANGE + ")");
        }
        return (int) days;
    }

    static long micros(LocalDateTime time) throws Unfit {
        if (time.equals(LocalDateTime.MAX)) {
            return INFINITY_MICROS;
        }
        if (time.equals(LocalDateTime.MIN)) {
            return MINUS_INFINITY_MICROS;
        }
        if (time.getNano() % 1000 != 0) {
            throw new Unfit(time + " has nanoseconds, and DuckDB keeps microseconds; select it as text in a query: to keep every digit");
        }
        long micros;
        try {
            micros = EPOCH.until(time, ChronoUnit.MICROS);
        } catch (ArithmeticException | DateTimeException e) {
            micros = time.isAfter(EPOCH) ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        if (micros < MIN_MICROS || micros > MAX_MICROS) {
            throw new Unfit(time + " is outside DuckDB's TIMESTAMP range (" + TIMESTAMP_RANGE + ")");
        }
        return micros;
    }

    static long micros(OffsetDateTime time) throws Unfit {
        if (time.equals(OffsetDateTime.MAX)) {
            return INFINITY_MICROS;
        }
        if (time.equals(OffsetDateTime.MIN)) {
            return MINUS_INFINITY_MICROS;
        }
        LocalDateTime utc;
        try {
            utc = time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeException e) {
            throw new Unfit(time + " is outside DuckDB's TIMESTAMP WITH TIME ZONE range (" + TIMESTAMP_RANGE + ")");
        }
        return micros(utc);
    }

    /**
     * A value of {@code kind} (DATE: days; TIMESTAMP, TIMESTAMPTZ: microseconds) read from its text by
     * the rule of {@link #TEXT}. A TIMESTAMP must have no offset and a TIMESTAMPTZ one, so that the
     * instant is never guessed.
     */
    static Object parse(String text, ValueKind kind) throws Unfit {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.equals("infinity") || lower.equals("+infinity")) {
            return kind == ValueKind.DATE ? (Object) INFINITY_DAYS : (Object) INFINITY_MICROS;
        }
        if (lower.equals("-infinity")) {
            return kind == ValueKind.DATE ? (Object) MINUS_INFINITY_DAYS : (Object) MINUS_INFINITY_MICROS;
        }
        Matcher m = TEXT.matcher(t);
        if (!m.matches()) {
            throw new Unfit("'" + text + "' is not a " + name(kind) + " Tributary can read (ISO form, e.g. " + example(kind) + ")");
        }
        boolean bc = "BC".equals(m.group(4)) || "BC".equals(m.group(10));
        boolean hasTime = m.group(5) != null;
        String offset = m.group(9);
        if (kind == ValueKind.DATE && (hasTime || offset != null)) {
            throw new Unfit("'" + text + "' is not a date: it has a time of day");
        }
        if (kind == ValueKind.TIMESTAMP && offset != null) {
            throw new Unfit("'" + text + "' has a time zone offset, so it is an instant, not a local date and time");
        }
        if (kind == ValueKind.TIMESTAMPTZ && offset == null) {
            throw new Unfit("'" + text + "' has no time zone offset, so it names no single instant");
        }
        try {
            long year = Long.parseLong(m.group(1).replace("+", ""));
            LocalDate date = LocalDate.of(Math.toIntExact(bc ? 1 - year : year), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            if (kind == ValueKind.DATE) {
                return days(date);
            }
            String fraction = m.group(8) == null ? "" : m.group(8);
            LocalDateTime local = date.atTime(hasTime ? Integer.parseInt(m.group(5)) : 0, hasTime ? Integer.parseInt(m.group(6)) : 0,
                    m.group(7) == null ? 0 : Integer.parseInt(m.group(7)), Integer.parseInt((fraction + "000000000").substring(0, 9)));
            return kind == ValueKind.TIMESTAMP ? micros(local) : micros(local.atOffset(ZoneOffset.of(offset)));
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw new Unfit("'" + text + "' is not a valid " + name(kind) + " (" + e.getMessage() + ")");
        }
    }

    private static String name(ValueKind kind) {
        return switch (kind) {
            case DATE -> "date";
            case TIMESTAMP -> "timestamp";
            default -> "timestamp with a time zone";
        };
    }

    private static String example(ValueKind kind) {
        return switch (kind) {
            case DATE -> "2024-01-02";
            case TIMESTAMP -> "2024-01-02 03:04:05.123456";
            default -> "2024-01-02 03:04:05.123456+00";
        };
    }
}
