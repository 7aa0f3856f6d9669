package io.tributary.connectors.file;

import static io.tributary.connectors.file.ExcelCell.FormatKind.DATE;
import static io.tributary.connectors.file.ExcelCell.FormatKind.ELAPSED;
import static io.tributary.connectors.file.ExcelCell.FormatKind.NUMBER;
import static io.tributary.connectors.file.ExcelCell.FormatKind.TIME_OF_DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class ExcelCellTest {

    @Test
    void builtInAndCustomDateFormatsAreTold() {
        assertThat(ExcelCell.formatKind(14, null)).isEqualTo(DATE); // Excel's short date, never written out in styles.xml
        assertThat(ExcelCell.formatKind(22, null)).isEqualTo(DATE);
        assertThat(ExcelCell.formatKind(2, null)).isEqualTo(NUMBER);
        assertThat(ExcelCell.formatKind(165, "yyyy-mm-dd")).isEqualTo(DATE);
        assertThat(ExcelCell.formatKind(165, "[$-409]mmmm d, yyyy;@")).isEqualTo(DATE);
        assertThat(ExcelCell.formatKind(165, "dd/mm/yyyy\\ hh:mm")).isEqualTo(DATE);
        assertThat(ExcelCell.formatKind(165, "mmm")).isEqualTo(DATE); // m alone is a month
        assertThat(ExcelCell.formatKind(165, "0.00")).isEqualTo(NUMBER);
        assertThat(ExcelCell.formatKind(165, "#,##0;[Red]-#,##0")).isEqualTo(NUMBER);
        assertThat(ExcelCell.formatKind(165, "\"days: \"0")).isEqualTo(NUMBER);
        assertThat(ExcelCell.formatKind(165, "General")).isEqualTo(NUMBER);
    }

    @Test
    void timeOfDayAndElapsedTimeFormatsAreToldFromDates() {
        assertThat(ExcelCell.formatKind(20, "h:mm")).isEqualTo(TIME_OF_DAY);
        assertThat(ExcelCell.formatKind(45, null)).isEqualTo(TIME_OF_DAY); // mm:ss
        assertThat(ExcelCell.formatKind(32, null)).isEqualTo(TIME_OF_DAY); // h"時"mm"分" in every East Asian locale
        assertThat(ExcelCell.formatKind(34, "上午/下午h\"时\"mm\"分\"")).isEqualTo(TIME_OF_DAY); // Chinese; a date in Japanese
        assertThat(ExcelCell.formatKind(34, null)).isEqualTo(DATE);
        assertThat(ExcelCell.formatKind(165, "h:mm AM/PM")).isEqualTo(TIME_OF_DAY);
        assertThat(ExcelCell.formatKind(165, "[$-409]h:mm:ss AM/PM;@")).isEqualTo(TIME_OF_DAY);
        assertThat(ExcelCell.formatKind(165, "mm:ss.0")).isEqualTo(TIME_OF_DAY);
        assertThat(ExcelCell.formatKind(46, null)).isEqualTo(ELAPSED); // [h]:mm:ss
        assertThat(ExcelCell.formatKind(165, "[h]:mm")).isEqualTo(ELAPSED);
        assertThat(ExcelCell.formatKind(165, "[mm]:ss")).isEqualTo(ELAPSED);
        assertThat(ExcelCell.formatKind(165, "[Red][h]:mm")).isEqualTo(ELAPSED);
    }

    @Test
    void dateSerialsFollowExcelsCalendars() {
        assertThat(ExcelCell.fromSerial(BigDecimal.ONE, false)).isEqualTo(LocalDateTime.of(1900, 1, 1, 0, 0));
        assertThat(ExcelCell.fromSerial(new BigDecimal("59"), false)).isEqualTo(LocalDateTime.of(1900, 2, 28, 0, 0));
        assertThat(ExcelCell.fromSerial(new BigDecimal("60"), false)).isNull(); // Excel's 29 February 1900
        assertThat(ExcelCell.fromSerial(new BigDecimal("60.5"), false)).isNull();
        assertThat(ExcelCell.fromSerial(new BigDecimal("61"), false)).isEqualTo(LocalDateTime.of(1900, 3, 1, 0, 0));
        assertThat(ExcelCell.fromSerial(new BigDecimal("45322.5"), false)).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 0));
        assertThat(ExcelCell.fromSerial(new BigDecimal("45293.12783564815"), false)).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        assertThat(ExcelCell.fromSerial(BigDecimal.ZERO, true)).isEqualTo(LocalDateTime.of(1904, 1, 1, 0, 0));
        assertThat(ExcelCell.fromSerial(new BigDecimal("59"), true)).isEqualTo(LocalDateTime.of(1904, 2, 29, 0, 0));
        assertThat(ExcelCell.fromSerial(new BigDecimal("60"), true)).isEqualTo(LocalDateTime.of(1904, 3, 1, 0, 0));
        assertThat(ExcelCell.fromSerial(new BigDecimal("43860"), true)).isEqualTo(LocalDateTime.of(2024, 1, 31, 0, 0));
        assertThat(ExcelCell.fromSerial(new BigDecimal("-1"), false)).isNull();
    }

    @Test
    void durationsReadAsHoursMinutesAndSeconds() {
        assertThat(ExcelCell.durationText(Duration.ofHours(36))).isEqualTo("36:00:00");
        assertThat(ExcelCell.durationText(Duration.ofMinutes(-90))).isEqualTo("-01:30:00");
        assertThat(ExcelCell.durationText(Duration.ofMillis(1_250))).isEqualTo("00:00:01.250");
    }

    @Test
    void theOOXMLBooleanOfTheDateSystemHasFourSpellings() throws IOException {
        assertThat(ExcelDateSystem.xmlBoolean("1")).isTrue();
        assertThat(ExcelDateSystem.xmlBoolean(" true ")).isTrue();
        assertThat(ExcelDateSystem.xmlBoolean("0")).isFalse();
        assertThat(ExcelDateSystem.xmlBoolean("false")).isFalse();
        assertThat(ExcelDateSystem.xmlBoolean(null)).isFalse();
        assertThatThrownBy(() -> ExcelDateSystem.xmlBoolean("yes")).isInstanceOf(IOException.class).hasMessageContaining("date1904=\"yes\"");
    }

    @Test
    void numbersAreWholeWhenTheyHaveNoFraction() {
        assertThat(ExcelCell.ofNumber(new BigDecimal("2.0"))).isEqualTo(new ExcelCell(ExcelCell.Kind.WHOLE, new BigDecimal("2.0"), "2"));
        assertThat(ExcelCell.ofNumber(new BigDecimal("1E+3")).text()).isEqualTo("1000");
        assertThat(ExcelCell.ofNumber(new BigDecimal("2.50")).kind()).isEqualTo(ExcelCell.Kind.FRACTION);
    }
}
