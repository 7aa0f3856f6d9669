package io.tributary.connectors.file;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;

/**
 * One spreadsheet cell as Tributary sees it: a kind, a Java value and the text a person would
 * recognise (used for VARCHAR columns and the raw text of rejected rows).
 *
 * <p>xlsx stores dates, times of day and durations as numbers of days; only the cell's number
 * format tells them apart (see {@link #formatKind}). A number shown with a date format is a date
 * (and time); with a time-of-day format ({@code h:mm}) it is a TIME when it is under one day, else
 * a date and time shown without its date; with an elapsed-time format ({@code [h]:mm},
 * {@code [mm]:ss}) it is a duration.
 */
record ExcelCell(Kind kind, Object value, String text) {

    /**
     * What a cell holds. {@code NONEXISTENT_DATE} is serial 60 of the 1900 date system (its value is
     * the serial), a day Excel counts but the calendar does not have; {@code UNCALCULATED} a formula
     * saved without its result (its value is the formula), which loads as NULL.
     */
    enum Kind { EMPTY, WHOLE, FRACTION, BOOLEAN, DATETIME, TIME, DURATION, NONEXISTENT_DATE, UNCALCULATED, TEXT }

    /** What a number format shows a number as. */
    enum FormatKind { NUMBER, DATE, TIME_OF_DAY, ELAPSED }

    static final ExcelCell EMPTY = new ExcelCell(Kind.EMPTY, null, "");

    private static final long MILLIS_PER_DAY = 86_400_000L;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final Pattern ELAPSED_TIME = Pattern.compile("\\[(h+|m+|s+)]", Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE_LETTERS = Pattern.compile("[-/,. :T年月日yYmMdDhHsSeE]*[yYmMdDhHsS][-/,. :T年月日yYmMdDhHsSeE]*0*");
    /** Letters only a calendar date has; {@code m} alone is a month too, unless beside h or s (then minutes). */
    private static final Pattern CALENDAR_LETTERS = Pattern.compile("[yYdDeE年月日]");
    private static final Pattern CLOCK_LETTERS = Pattern.compile("[hHsS]");

    /**
     * Reads a cell; a missing cell, an empty string and white space are all EMPTY (a NULL).
     * {@code date1904} is the workbook's date system (Mac Excel's, counting days from 1904).
     */
    static ExcelCell of(Cell cell, boolean date1904) {
        if (cell == null || cell.getType() == CellType.EMPTY) {
            return EMPTY;
        }
        if (cell.getType() == CellType.FORMULA && cell.getRawValue() == null) {
            // Excel saves a formula's result with it; programs that only write files often do not.
            return new ExcelCell(Kind.UNCALCULATED, cell.getFormula(), "=" + cell.getFormula());
        }
        if (cell.getValue() == null) {
            // A value the reader could not parse is kept as the text it was, not dropped.
            String raw = cell.getRawValue();
            return raw == null || raw.isBlank() ? EMPTY : new ExcelCell(Kind.TEXT, raw, raw);
        }
        // A formula cell carries its cached result: a number, a boolean or a text (errors such as #N/A are texts).
        Object value = cell.getValue();
        if (value instanceof BigDecimal number) {
            ExcelCell shown = switch (formatKind(cell.getDataFormatId(), cell.getDataFormatString())) {
                case DATE -> date(number, date1904);
                case TIME_OF_DAY -> timeOfDay(number, date1904);
                case ELAPSED -> elapsed(number);
                case NUMBER -> null;
            };
            return shown != null ? shown : ofNumber(number);
        }
        if (value instanceof Boolean bool) {
            return new ExcelCell(Kind.BOOLEAN, bool, bool.toString());
        }
        String text = value.toString();
        return text.isBlank() ? EMPTY : new ExcelCell(Kind.TEXT, text, text);
    }

    static ExcelCell ofNumber(BigDecimal number) {
        BigDecimal plain = number.stripTrailingZeros();
        boolean whole = plain.scale() <= 0 && plain.precision() - plain.scale() <= 18;
        return new ExcelCell(whole ? Kind.WHOLE : Kind.FRACTION, number, plain.toPlainString());
    }

    /** A date serial as a date and time; null when it is out of range (then it loads as the number it is). */
    private static ExcelCell date(BigDecimal serial, boolean date1904) {
        LocalDateTime at = fromSerial(serial, date1904);
        if (at != null) {
            return new ExcelCell(Kind.DATETIME, at, dateText(at));
        }
        if (!date1904 && serial.setScale(0, RoundingMode.FLOOR).compareTo(BigDecimal.valueOf(60)) == 0) {
            // Shown by Excel as 29 February 1900, with the time of day if any.
            LocalTime time = fromSerial(serial.add(BigDecimal.ONE), false).toLocalTime();
            return new ExcelCell(Kind.NONEXISTENT_DATE, serial, "1900-02-29" + (time.equals(LocalTime.MIDNIGHT) ? "" : " " + timeText(time)));
        }
        return null;
    }

    /** Under one day, a time of day; otherwise a date and time that the format shows without its date. */
    private static ExcelCell timeOfDay(BigDecimal serial, boolean date1904) {
        Long millis = millis(serial);
        if (millis != null && millis >= 0 && millis < MILLIS_PER_DAY) {
            LocalTime time = LocalTime.ofNanoOfDay(millis * 1_000_000);
            return new ExcelCell(Kind.TIME, time, timeText(time));
        }
        return date(serial, date1904);
    }

    private static ExcelCell elapsed(BigDecimal days) {
        Long millis = millis(days);
        if (millis == null) {
            return null;
        }
        Duration duration = Duration.ofMillis(millis);
        return new ExcelCell(Kind.DURATION, duration, durationText(duration));
    }

    /** Days as milliseconds, rounded to the millisecond (Excel keeps about that much); null past a long. */
    private static Long millis(BigDecimal days) {
        try {
            return days.multiply(BigDecimal.valueOf(MILLIS_PER_DAY)).setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /**
     * An Excel date serial: whole days since the epoch plus the fraction of a day, rounded to the
     * millisecond. In the 1900 system day 1 is 1900-01-01 and day 60 is the 29 February 1900 that
     * Excel wrongly believes in, so it is no date (null) and later days are one off; in the 1904
     * system day 0 is 1904-01-01. Null when out of range.
     */
    static LocalDateTime fromSerial(BigDecimal serial, boolean date1904) {
        try {
            BigDecimal days = serial.setScale(0, RoundingMode.FLOOR);
            long millis = millis(serial.subtract(days));
            long day = days.longValueExact();
            if (day < 0 || (!date1904 && day == 60)) {
                return null;
            }
            LocalDate date = date1904 ? LocalDate.of(1904, 1, 1).plusDays(day)
                    : LocalDate.of(1899, 12, 31).plusDays(day < 60 ? day : day - 1);
            return date.atStartOfDay().plus(millis, ChronoUnit.MILLIS);
        } catch (ArithmeticException | DateTimeException e) {
            return null;
        }
    }

    /** {@code 2024-01-31} at midnight, else {@code 2024-01-31 08:30:00}. */
    static String dateText(LocalDateTime at) {
        return at.toLocalTime().equals(LocalTime.MIDNIGHT) ? at.format(DATE) : at.format(DATE) + " " + timeText(at.toLocalTime());
    }

    /** {@code 09:15:00}, with milliseconds when there are any ({@code 09:15:00.250}), as DuckDB shows a TIME. */
    static String timeText(LocalTime time) {
        int millis = time.get(ChronoField.MILLI_OF_SECOND);
        return time.format(TIME) + (millis == 0 ? "" : String.format(".%03d", millis));
    }

    /** {@code 36:00:00} or {@code -01:30:00}: hours, minutes and seconds, as DuckDB shows an INTERVAL of hours. */
    static String durationText(Duration duration) {
        Duration size = duration.abs();
        String text = String.format("%s%02d:%02d:%02d", duration.isNegative() ? "-" : "", size.toHours(), size.toMinutesPart(), size.toSecondsPart());
        return size.toMillisPart() == 0 ? text : text + String.format(".%03d", size.toMillisPart());
    }

    boolean isEmpty() {
        return kind == Kind.EMPTY;
    }

    /** False for empty cells and formulas saved without their result: cells that load as NULL. */
    boolean hasValue() {
        return kind != Kind.EMPTY && kind != Kind.UNCALCULATED;
    }

    /**
     * What a number format shows numbers as. Excel's built-in formats are known by id (14-22 and
     * 45-47, and the East Asian 27-36 and 50-58, of which 32 and 33 are times of day everywhere and
     * 34, 35, 55 and 56 times or dates by locale); a custom format counts as a date or time when, once
     * literal text, colours and locale tags are removed, it is made of date and time letters
     * (y m d h s) and separators only. Among those, one with a calendar letter (y, d, e or 年月日) is a
     * date, one with h or s and no calendar letter a time of day, and one with {@code [h]},
     * {@code [m]} or {@code [s]} an elapsed time.
     */
    static FormatKind formatKind(Integer id, String format) {
        if (id != null) {
            switch (id) {
                case 18, 19, 20, 21, 45, 47, 32, 33 -> {
                    return FormatKind.TIME_OF_DAY;
                }
                case 46 -> {
                    return FormatKind.ELAPSED;
                }
                case 14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58 -> {
                    return FormatKind.DATE;
                }
                case 34, 35, 55, 56 -> {
                    FormatKind written = ofFormat(format);
                    return written == FormatKind.NUMBER ? FormatKind.DATE : written;
                }
                default -> { }
            }
        }
        return ofFormat(format);
    }

    private static FormatKind ofFormat(String format) {
        if (format == null || format.isBlank()) {
            return FormatKind.NUMBER;
        }
        // The first section formats positive numbers; the others (negative, zero, text) do not decide.
        String section = format.split(";", -1)[0];
        if (ELAPSED_TIME.matcher(section).find()) {
            return FormatKind.ELAPSED;
        }
        String bare = section.replaceAll("\"[^\"]*\"", "")       // literal text
                .replaceAll("\\\\.", "")                         // escaped characters
                .replaceAll("[_*].", "")                          // padding and fill characters
                .replaceAll("\\[[^]]*]", "")                      // colours, conditions, locale tags
                .replaceAll("(?i)am/pm|a/p|上午/下午", "");
        if (bare.isEmpty() || !DATE_LETTERS.matcher(bare).matches()) {
            return FormatKind.NUMBER;
        }
        return !CALENDAR_LETTERS.matcher(bare).find() && CLOCK_LETTERS.matcher(bare).find() ? FormatKind.TIME_OF_DAY : FormatKind.DATE;
    }
}
