package io.tributary.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.sql.SchemaPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TypeWideningTest {
    private static final SchemaPolicy TO_VARCHAR = new SchemaPolicy(true, true, false);
    private static final SchemaPolicy TO_DOUBLE = new SchemaPolicy(true, false, true);

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
            // DOUBLE holds 15 significant digits: an INTEGER always, a BIGINT or a DECIMAL not
            "INTEGER; DOUBLE; true",
            "BIGINT; DOUBLE; false",
            "DECIMAL(18,3); DOUBLE; false",
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
            "DOUBLE; BIGINT; DOUBLE",
            "DOUBLE; DECIMAL(18,2); DOUBLE",
            "FLOAT; BIGINT; DOUBLE",
            "FLOAT; DOUBLE; DOUBLE",
            "DECIMAL(5,2); DECIMAL(6,3); DECIMAL(6,3)",
            "DECIMAL(5,2); DECIMAL(5,4); DECIMAL(7,4)",
            "BIGINT; DECIMAL(5,2); DECIMAL(21,2)",
            "BIGINT; DECIMAL(18,1); DECIMAL(20,1)",
            "DECIMAL(10,4); INTEGER; DECIMAL(14,4)",
            "DATE; TIMESTAMP; TIMESTAMP",
            "TIMESTAMP; DATE; TIMESTAMP",
            "VARCHAR; BIGINT; VARCHAR",
            "BIGINT; VARCHAR; none",
            "BOOLEAN; BIGINT; none",
            "DATE; BIGINT; none",
    })
    void widenGivesTheNarrowestTypeHoldingBothOrNothing(String existing, String incoming, String widened) {
        assertThat(TypeWidening.widen(existing, incoming, SchemaPolicy.DEFAULT)).isEqualTo(widened);
    }

    @ParameterizedTest(name = "{0} column receiving {1} becomes DOUBLE only when allowed")
    @CsvSource(delimiter = ';', value = {
            "BIGINT; DOUBLE",
            "INTEGER; DOUBLE",
            "DECIMAL(18,2); DOUBLE",
            "DECIMAL(18,2); FLOAT",
            "HUGEINT; DECIMAL(5,2)",
            "DECIMAL(38,0); DECIMAL(38,10)",
    })
    void anExactColumnBecomesDoubleOnlyWithWidenToDouble(String existing, String incoming) {
        assertThat(TypeWidening.widen(existing, incoming, SchemaPolicy.DEFAULT)).isNull();
        assertThat(TypeWidening.widen(existing, incoming, TO_VARCHAR)).isEqualTo("VARCHAR");
        assertThat(TypeWidening.widen(existing, incoming, TO_DOUBLE)).isEqualTo("DOUBLE");
    }

    @Test
    void textIntoATypedColumnBecomesVarcharOnlyWhenTheUserAllowsIt() {
        assertThat(TypeWidening.widen("BIGINT", "VARCHAR", SchemaPolicy.DEFAULT)).isNull();
        assertThat(TypeWidening.widen("BIGINT", "VARCHAR", TO_VARCHAR)).isEqualTo("VARCHAR");
        assertThat(TypeWidening.widen("DATE", "BOOLEAN", TO_VARCHAR)).isEqualTo("VARCHAR");
        assertThat(TypeWidening.widen("BIGINT", "VARCHAR", TO_DOUBLE)).isNull();
    }

    @Test
    void aColumnNeverNarrows() {
        assertThat(TypeWidening.widen("DOUBLE", "INTEGER", SchemaPolicy.DEFAULT)).isEqualTo("DOUBLE");
        assertThat(TypeWidening.widen("DECIMAL(10,4)", "DECIMAL(5,2)", SchemaPolicy.DEFAULT)).isEqualTo("DECIMAL(10,4)");
    }

    @Test
    void aRefusalToBecomeDoubleNamesTheTableColumnTypesAndTheWaysOut() {
        String message = TypeWidening.refusal("sales.items", "v", "BIGINT", "DOUBLE");

        assertThat(message).contains("column v of table sales.items changed from BIGINT to DOUBLE")
                .contains("load.schema.widen_to_double: true").contains("cast: {v: BIGINT}").contains("--full-refresh")
                .doesNotContain("widen_to_varchar");
    }

    @Test
    void aRefusalOfTextNamesWidenToVarchar() {
        String message = TypeWidening.refusal("items", "qty", "BIGINT", "VARCHAR");

        assertThat(message).contains("column qty of table items changed from BIGINT to VARCHAR")
                .contains("widen_to_varchar: true").contains("cast: {qty: BIGINT}").doesNotContain("widen_to_double");
    }
}
