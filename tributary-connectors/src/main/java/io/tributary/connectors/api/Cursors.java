package io.tributary.connectors.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The incremental cursor: the greatest {@code cursor_field} value of a run (compared as instants or
 * numbers, never as text, since {@code 2024-01-01T10:00:00-05:00} is later than
 * {@code 2024-01-01T12:00:00Z}), and the value sent on the next run, moved back by the lookback.
 */
final class Cursors {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private final ApiSpec.Incremental incremental;
    private String max;
    private Comparable<Object> maxValue;

    Cursors(ApiSpec.Incremental incremental, String previous) {
        this.incremental = incremental;
        if (previous != null && !previous.isEmpty()) {
            offer(previous);
        }
    }

    /** Takes a record's cursor value into account; values that are not a date-time (or number) are ignored. */
    @SuppressWarnings("unchecked")
    void offer(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        if (max != null && notLater(text)) {
            return;
        }
        Comparable<?> value = incremental.format().equals("unix") ? parseNumber(text) : parseInstant(text);
        if (value != null && (maxValue == null || maxValue.compareTo(value) < 0)) {
            maxValue = (Comparable<Object>) value;
            max = text;
        }
    }

    /**
     * A cheap "not later than the max" for the common case, without parsing (which costs more than
     * the rest of reading a record): texts of the same length, the same offset and digits in the
     * same places order as their instants do.
     */
    private boolean notLater(String text) {
        if (text.length() != max.length() || text.compareTo(max) > 0) {
            return false;
        }
        if (incremental.format().equals("unix")) {
            return allDigits(text) && allDigits(max);
        }
        int offset = offsetStart(text);
        return offset > 0 && offset == offsetStart(max) && text.regionMatches(offset, max, offset, text.length() - offset)
                && sameShape(text, max, offset);
    }

    /** Where {@code Z} or {@code +hh:mm}/{@code -hh:mm} starts, or -1. */
    private static int offsetStart(String text) {
        int length = text.length();
        if (text.charAt(length - 1) == 'Z') {
            return length - 1;
        }
        if (length > 6 && (text.charAt(length - 6) == '+' || text.charAt(length - 6) == '-') && text.charAt(length - 3) == ':') {
            return length - 6;
        }
        return -1;
    }

    private static boolean sameShape(String a, String b, int end) {
        for (int i = 0; i < end; i++) {
            if (Character.isDigit(a.charAt(i)) != Character.isDigit(b.charAt(i)) || !Character.isDigit(a.charAt(i)) && a.charAt(i) != b.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allDigits(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The greatest value seen (including the previous run's), as the API wrote it; empty when none. */
    String max() {
        return max == null ? "" : max;
    }

    /** An instant as the parameter's value: unix seconds, or an ISO-8601 date-time in UTC. */
    static String at(ApiSpec.Incremental incremental, Instant instant) {
        return incremental.format().equals("unix") ? String.valueOf(instant.getEpochSecond()) : SECONDS.format(instant.atOffset(ZoneOffset.UTC));
    }

    /** The parameter value for a run that follows a run whose greatest value was {@code saved}. */
    static String since(ApiSpec.Incremental incremental, String saved) {
        if (incremental.format().equals("unix")) {
            BigDecimal seconds = parseNumber(saved);
            return seconds.subtract(BigDecimal.valueOf(incremental.lookback().toMillis(), 3)).stripTrailingZeros().toPlainString();
        }
        OffsetDateTime at;
        try {
            at = OffsetDateTime.parse(saved);
        } catch (DateTimeParseException e) {
            at = parseInstant(saved).atOffset(ZoneOffset.UTC);
        }
        return SECONDS.format(at.minus(incremental.lookback()));
    }

    static Instant parseInstant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            // try the forms without an offset below
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // a date alone
        }
        try {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static BigDecimal parseNumber(String text) {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
