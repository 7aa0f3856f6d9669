package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class ExcelCellTest {

    @Test
    void builtInAndCustomDateFormatsAreTold() {
        assertThat(ExcelCell.isDateFormat(14, null)).isTrue(); // Excel's short date, never written out in styles.xml
        assertThat(ExcelCell.isDateFormat(22, null)).isTrue();
        assertThat(ExcelCell.isDateFormat(2, null)).isFalse();
        assertThat(ExcelCell.isDateFormat(165, "yyyy-mm-dd")).isTrue();
        assertThat(ExcelCell.isDateFormat(165, "[$-409]mmmm d, yyyy;@")).isTrue();
        assertThat(ExcelCell.isDateFormat(165, "dd/mm/yyyy\\ hh:mm")).isTrue();
        assertThat(ExcelCell.isDateFormat(165, "h:mm AM/PM")).isTrue();
        assertThat(ExcelCell.isDateFormat(165, "[h]:mm:ss")).isTrue();
        assertThat(ExcelCell.isDateFormat(165, "0.00")).isFalse();
        assertThat(ExcelCell.isDateFormat(165, "#,##0;[Red]-#,##0")).isFalse();
        assertThat(ExcelCell.isDateFormat(165, "\"days: \"0")).isFalse();
        assertThat(ExcelCell.isDateFormat(165, "General")).isFalse();
    }

    @Test
    void dateSerialsFollowExcelsCalendars() {
        assertThat(ExcelCell.fromSerial(BigDecimal.ONE, false)).isEqualTo(LocalDateTime.of(1900, 1, 1, 0, 0));
        assertThat(ExcelCell.fromSerial(new BigDecimal("59"), false)).isEqualTo(LocalDateTime.of(1900, 2, 28, 0, 0));
        assertThat(ExcelCell.fromSerial(new BigDecimal("61"), false)).isEqualTo(LocalDateTime.of(1900, 3, 1, 0, 0));
        assertThat(ExcelCell.fromSerial(new BigDecimal("45322.5"), false)).isEqualTo(LocalDateTime.of(2024, 1, 31, 12, 0));
        assertThat(ExcelCell.fromSerial(new BigDecimal("45293.12783564815"), false)).isEqualTo(LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        assertThat(ExcelCell.fromSerial(BigDecimal.ZERO, true)).isEqualTo(LocalDateTime.of(1904, 1, 1, 0, 0));
        assertThat(ExcelCell.fromSerial(new BigDecimal("-1"), false)).isNull();
    }

    @Test
    void numbersAreWholeWhenTheyHaveNoFraction() {
        assertThat(ExcelCell.ofNumber(new BigDecimal("2.0"))).isEqualTo(new ExcelCell(ExcelCell.Kind.WHOLE, new BigDecimal("2.0"), "2"));
        assertThat(ExcelCell.ofNumber(new BigDecimal("1E+3")).text()).isEqualTo("1000");
        assertThat(ExcelCell.ofNumber(new BigDecimal("2.50")).kind()).isEqualTo(ExcelCell.Kind.FRACTION);
    }

    @Test
    void stagingTableNamesSplitIntoCatalogSchemaAndTable() {
        assertThat(QualifiedName.parse("\"main\".\"_tributary_stage_3_0\"")).isEqualTo(new QualifiedName(null, "main", "_tributary_stage_3_0"));
        assertThat(QualifiedName.parse("\"_tributary_run\".\"main\".\"_tributary_stage_3_0\""))
                .isEqualTo(new QualifiedName("_tributary_run", "main", "_tributary_stage_3_0"));
        assertThat(QualifiedName.parse("\"my \"\"odd\"\".schema\".\"t\"")).isEqualTo(new QualifiedName(null, "my \"odd\".schema", "t"));
        assertThatThrownBy(() -> QualifiedName.parse("main.t")).isInstanceOf(IllegalArgumentException.class);
    }
}
