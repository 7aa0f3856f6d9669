package io.tributary.connectors.file;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;

/**
 * One spreadsheet cell as Tributary sees it: a kind, a Java value and the text a person would
 * recognise (used for VARCHAR columns and the raw text of rejected rows).
 *
 * <p>xlsx stores dates as numbers; only the cell's number format says it is a date. A format counts
 * as a date when it is one of Excel's built-in date/time formats or when, once literal text, colours
 * and locale tags are removed, it is made of date and time letters (y m d h s) and separators only.
 */
record ExcelCell(Kind kind, Object value, String text) {

    enum Kind { EMPTY, WHOLE, FRACTION, BOOLEAN, DATETIME, TEXT }

    static final ExcelCell EMPTY = new ExcelCell(Kind.EMPTY, null, "");

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern ELAPSED_TIME = Pattern.compile("\\[(h+|m+|s+)]", Pattern.CASE_INSENSITIVE);
    private static final Pattern DATE_LETTERS = Pattern.compile("[-/,. :T年月日yYmMdDhHsSeE]*[yYmMdDhHsS][-/,. :T年月日yYmMdDhHsSeE]*0*");

    /**
     * Reads a cell; a missing cell, an empty string and white space are all EMPTY (a NULL).
     * {@code date1904} is the workbook's date system (Mac Excel's, counting days from 1904).
     */
    static ExcelCell of(Cell cell, boolean date1904) {
        if (cell == null || cell.getType() == CellType.EMPTY) {
            return EMPTY;
        }
        if (cell.getValue() == null) {
            // A value the reader could not parse is kept as the text it was, not dropped.
            String raw = cell.getRawValue();
            return raw == null || raw.isBlank() ? EMPTY : new ExcelCell(Kind.TEXT, raw, raw);
        }
        // A formula cell carries its cached result: a number, a boolean or a text (errors such as #N/A are texts).
        Object value = cell.getValue();
        if (value instanceof BigDecimal number) {
            if (isDateFormat(cell.getDataFormatId(), cell.getDataFormatString())) {
                LocalDateTime at = fromSerial(number, date1904);
                if (at != null) {
                    return new ExcelCell(Kind.DATETIME, at, dateText(at));
                }
            }
            return ofNumber(number);
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

    /**
     * An Excel date serial: whole days since the epoch plus the fraction of a day, rounded to the
     * millisecond. In the 1900 system day 1 is 1900-01-01 and day 60 is the 29 February 1900 that
     * Excel wrongly believes in, so later days are one off. Null when out of range.
     */
    static LocalDateTime fromSerial(BigDecimal serial, boolean date1904) {
        try {
            BigDecimal days = serial.setScale(0, RoundingMode.FLOOR);
            long millis = serial.subtract(days).multiply(BigDecimal.valueOf(86_400_000L)).setScale(0, RoundingMode.HALF_UP).longValueExact();
            long day = days.longValueExact();
            if (day < 0) {
                return null;
            }
            LocalDate date = date1904 ? LocalDate.of(1904, 1, 1).plusDays(day) : LocalDate.of(1899, 12, 31).plusDays(day < 61 ? day : day - 1);
            return date.atStartOfDay().plus(millis, ChronoUnit.MILLIS);
        } catch (ArithmeticException | DateTimeException e) {
            return null;
        }
    }

    /** {@code 2024-01-31} at midnight, else {@code 2024-01-31 08:30:00}. */
    static String dateText(LocalDateTime at) {
        return at.toLocalTime().equals(LocalTime.MIDNIGHT) ? at.toLocalDate().toString() : at.format(DATE_TIME);
    }

    boolean isEmpty() {
        return kind == Kind.EMPTY;
    }

    /** True for Excel's built-in date and time formats (ids 14-22, 45-47 and the East Asian 27-36, 50-58), or a custom one made of date letters. */
    static boolean isDateFormat(Integer id, String format) {
        if (id != null && ((id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58))) {
            return true;
        }
        if (format == null || format.isBlank()) {
            return false;
        }
        // The first section formats positive numbers; the others (negative, zero, text) do not decide.
        String section = format.split(";", -1)[0];
        if (ELAPSED_TIME.matcher(section).find()) {
            return true;
        }
        String bare = section.replaceAll("\"[^\"]*\"", "")       // literal text
                .replaceAll("\\\\.", "")                         // escaped characters
                .replaceAll("[_*].", "")                          // padding and fill characters
                .replaceAll("\\[[^]]*]", "")                      // colours, conditions, locale tags
                .replaceAll("(?i)am/pm|a/p", "");
        return !bare.isEmpty() && DATE_LETTERS.matcher(bare).matches();
    }
}
