package io.tributary.quality.checks;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * A bound of a {@code range} or {@code row_count} check: a number, or (for a range on a date or time
 * column) a date, a timestamp, a timestamp with an offset or a time of day. {@code text} is as
 * written, for messages; {@code value} is the same in one form DuckDB reads ({@code 2026-03-29 02:00:00.000000}).
 */
public record Bound(Type type, String text, String value) {
    public enum Type { NUMBER, DATE, TIMESTAMP, ZONED_TIMESTAMP, TIME }

    private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder().append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T').append(DateTimeFormatter.ISO_LOCAL_TIME).toFormatter().withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter ZONED = new DateTimeFormatterBuilder().append(DATE_TIME)
            .appendOffset("+HH:mm", "Z").toFormatter().withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS");
    private static final DateTimeFormatter SQL_ZONED = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

    /** A number (as YAML typed it) or a date, timestamp or time written as text; null if the node is none of them. */
    public static Bound of(io.tributary.config.ConfigNode node) {
        if (node instanceof io.tributary.config.ConfigNode.ScalarNode scalar && scalar.text() != null) {
            return switch (scalar.kind()) {
                case INTEGER, DECIMAL -> number(scalar.text());
                case STRING -> temporal(scalar.text());
                default -> null;
            };
        }
        return null;
    }

    /** A number as YAML wrote it ({@code 0}, {@code 10.5}, {@code 1e6}); null if it is none. */
    public static Bound number(String text) {
        try {
            return new Bound(Type.NUMBER, text, new BigDecimal(text).toPlainString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * {@code 2020-01-01}, {@code 2020-01-01 08:00[:00[.123456]]} (or with a {@code T}), the same with
     * an offset ({@code Z}, {@code +02:00}), or {@code 08:00[:00]}; null if the text is none of them.
     */
    public static Bound temporal(String text) {
        String iso = text.strip().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
        try {
            if (iso.length() == 10) {
                return new Bound(Type.DATE, text, LocalDate.parse(iso).toString());
            }
            if (!iso.contains("-")) {
                return new Bound(Type.TIME, text, LocalTime.parse(iso).toString());
            }
            if (iso.matches(".*T[^+\\-Z]*")) {
                return new Bound(Type.TIMESTAMP, text, SQL_TIMESTAMP.format(LocalDateTime.parse(iso, DATE_TIME)));
            }
            return new Bound(Type.ZONED_TIMESTAMP, text, SQL_ZONED.format(OffsetDateTime.parse(iso, ZONED)));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public BigDecimal number() {
        return new BigDecimal(value);
    }

    /** {@code the number 0}, {@code the date 2020-01-01}, for messages. */
    public String describe() {
        return switch (type) {
            case NUMBER -> "the number ";
            case DATE -> "the date ";
            case TIME -> "the time ";
            default -> "the timestamp ";
        } + text;
    }
}
