package io.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TypeWideningTest {

    @ParameterizedTest(name = "{0} fits in {1}: {2}")
    @CsvSource(delimiter = ';', value = {
            "INTEGER; BIGINT; true",
            "BIGINT; INTEGER; false",
            "TINYINT; HUGEINT; true",
            "UINTEGER; BIGINT; true",
            "UBIGINT; BIGINT; false",
            "INTEGER; UBIGINT; false",
            "INTEGER; DECIMAL(10,0); true",
            "INTEGER; DECIMAL(10,1); false",
            "DECIMAL(5,2); DECIMAL(6,3); true",
            "DECIMAL(5,2); DECIMAL(5,3); false",
            "DECIMAL(18,3); DOUBLE; true",
            "FLOAT; DOUBLE; true",
            "DOUBLE; FLOAT; false",
            "DATE; TIMESTAMP; true",
            "TIMESTAMP; DATE; false",
            "BOOLEAN; VARCHAR; true",
            "VARCHAR; BIGINT; false",
            "int; int8; true",
            "text; VARCHAR; true",
    })
    void fitsWhenEveryValueOfOneTypeIsStoredUnchangedInTheOther(String from, String to, boolean fits) {
        assertThat(TypeWidening.fits(from, to)).isEqualTo(fits);
    }

    @ParameterizedTest(name = "{0} column receiving {1} becomes {2}")
    @CsvSource(delimiter = ';', nullValues = "none", value = {
            "INTEGER; BIGINT; BIGINT",
            "BIGINT; INTEGER; BIGINT",
            "BIGINT; DOUBLE; DOUBLE",
            "DOUBLE; BIGINT; DOUBLE",
            "FLOAT; BIGINT; DOUBLE",
            "DECIMAL(5,2); DECIMAL(6,3); DECIMAL(6,3)",
            "DECIMAL(5,2); DECIMAL(5,4); DECIMAL(7,4)",
            "BIGINT; DECIMAL(5,2); DECIMAL(21,2)",
            "DECIMAL(10,4); INTEGER; DECIMAL(14,4)",
            "HUGEINT; DECIMAL(5,2); DOUBLE",
            "DECIMAL(38,0); DECIMAL(38,10); DOUBLE",
            "DATE; TIMESTAMP; TIMESTAMP",
            "TIMESTAMP; DATE; TIMESTAMP",
            "VARCHAR; BIGINT; VARCHAR",
            "BIGINT; VARCHAR; none",
            "BOOLEAN; BIGINT; none",
            "DATE; BIGINT; none",
    })
    void widenGivesTheNarrowestTypeHoldingBothOrNothing(String existing, String incoming, String widened) {
        assertThat(TypeWidening.widen(existing, incoming, false)).isEqualTo(widened);
    }

    @Test
    void textIntoATypedColumnBecomesVarcharOnlyWhenTheUserAllowsIt() {
        assertThat(TypeWidening.widen("BIGINT", "VARCHAR", false)).isNull();
        assertThat(TypeWidening.widen("BIGINT", "VARCHAR", true)).isEqualTo("VARCHAR");
        assertThat(TypeWidening.widen("DATE", "BOOLEAN", true)).isEqualTo("VARCHAR");
    }

    @Test
    void aColumnNeverNarrows() {
        assertThat(TypeWidening.widen("DOUBLE", "INTEGER", false)).isEqualTo("DOUBLE");
        assertThat(TypeWidening.widen("DECIMAL(10,4)", "DECIMAL(5,2)", false)).isEqualTo("DECIMAL(10,4)");
    }
}
