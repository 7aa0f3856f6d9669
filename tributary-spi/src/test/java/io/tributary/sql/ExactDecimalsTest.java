package io.tributary.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The smallest DECIMAL holding numbers exactly, from their text or from DOUBLE values by their shortest form. */
class ExactDecimalsTest {
    private Connection duck;

    @BeforeEach
    void open() throws SQLException {
        duck = DriverManager.getConnection("jdbc:duckdb:");
    }

    @AfterEach
    void close() throws SQLException {
        duck.close();
    }

    private ExactDecimals.Digits digits(String aggregates, String values) throws SQLException {
        try (Statement statement = duck.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + aggregates + " FROM (VALUES " + values + ") t(v)")) {
            rs.next();
            return ExactDecimals.read(rs, 1);
        }
    }

    @Test
    void decimalTextNeedsItsMostIntegerDigitsAndItsMostFractionDigits() throws SQLException {
        ExactDecimals.Digits digits = digits(ExactDecimals.ofText("v"), "('19.99'), ('-4.05'), (' 1234.5 '), ('0.125'), ('007'), (NULL)");

        assertThat(digits).isEqualTo(new ExactDecimals.Digits(5, 0, 4, 3));
        assertThat(digits.smallest()).isEqualTo("DECIMAL(7,3)");
        assertThat(digits.withRoom()).isEqualTo("DECIMAL(18,3)");
    }

    @Test
    void textThatIsNoPlainNumberHasNoExactDecimal() throws SQLException {
        ExactDecimals.Digits digits = digits(ExactDecimals.ofText("v"), "('1.5'), ('1.5e3'), ('n/a')");

        assertThat(digits.numbers()).isEqualTo(1);
        assertThat(digits.others()).isEqualTo(2);
        assertThat(digits.smallest()).isNull();
    }

    @Test
    void moreThan38DigitsHaveNoDecimalAndMoreThan18GetTheWideOne() {
        assertThat(new ExactDecimals.Digits(1, 0, 30, 9).smallest()).isNull();
        assertThat(new ExactDecimals.Digits(1, 0, 17, 2).withRoom()).isEqualTo("DECIMAL(38,2)");
        assertThat(new ExactDecimals.Digits(1, 0, 16, 2).withRoom()).isEqualTo("DECIMAL(18,2)");
    }

    @Test
    void doubleValuesAreMeasuredByTheirShortestDecimalForm() throws SQLException {
        ExactDecimals.Digits digits = digits(ExactDecimals.ofDoubles("v"),
                "(19.99::DOUBLE), (0.1::DOUBLE + 0.2::DOUBLE), (1.5e-7::DOUBLE), (5.0::DOUBLE), (1e22::DOUBLE)");

        // 0.30000000000000004 has 17 fraction digits, 1e22 has 23 integer digits: 40 in all
        assertThat(digits).isEqualTo(new ExactDecimals.Digits(5, 0, 23, 17));
        assertThat(digits.smallest()).isNull();
        assertThat(digits(ExactDecimals.ofDoubles("v"), "(19.99::DOUBLE), (1.5e-7::DOUBLE)").smallest()).isEqualTo("DECIMAL(10,8)");
    }

    @Test
    void nanAndInfinityHaveNoDecimalForm() throws SQLException {
        assertThat(digits(ExactDecimals.ofDoubles("v"), "(1.5::DOUBLE), ('nan'::DOUBLE), ('inf'::DOUBLE)").others()).isEqualTo(2);
    }

    @Test
    void aDoubleBecomesTheDigitsItPrintsAs() throws SQLException {
        try (Statement statement = duck.createStatement();
             ResultSet rs = statement.executeQuery("SELECT CAST(" + ExactDecimals.fromDouble("0.1::DOUBLE + 0.2::DOUBLE", "DECIMAL(18,17)")
                     + " AS VARCHAR)")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("0.30000000000000004");
        }
    }
}
