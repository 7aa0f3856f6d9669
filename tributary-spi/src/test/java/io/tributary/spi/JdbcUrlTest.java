package io.tributary.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The user and password a JDBC URL may carry itself, in the spellings drivers use: the password masked, the user named. */
class JdbcUrlTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db:5432/shop?user=etl&password=s3cret-pw&ssl=true | jdbc:postgresql://db:5432/shop?user=etl&password=****&ssl=true | etl",
            "jdbc:mariadb://db/shop?PASSWORD=s3cret-pw&user=etl | jdbc:mariadb://db/shop?PASSWORD=****&user=etl | etl",
            "jdbc:sqlserver://erp:1433;databaseName=erp;user=etl;password=s3cret-pw; | jdbc:sqlserver://erp:1433;databaseName=erp;user=etl;password=****; | etl",
            "jdbc:db2://erp:50000/erp:user=etl;password=s3cret-pw; | jdbc:db2://erp:50000/erp:user=etl;password=****; | etl",
            "jdbc:mysql://etl:s3cret-pw@db:3306/shop | jdbc:mysql://etl:****@db:3306/shop | etl",
            "jdbc:oracle:thin:etl/s3cret-pw@db:1521/erp | jdbc:oracle:thin:etl/****@db:1521/erp | etl",
            "jdbc:snowflake://acme.snowflakecomputing.com/?db=shop&pwd=s3cret-pw&username=etl | jdbc:snowflake://acme.snowflakecomputing.com/?db=shop&pwd=****&username=etl | etl",
            "jdbc:h2:mem:legacy | jdbc:h2:mem:legacy | ",
    })
    void aPasswordInTheUrlIsMaskedAndItsUserFound(String url, String masked, String user) {
        assertThat(JdbcUrl.masked(url)).isEqualTo(masked);
        assertThat(JdbcUrl.user(url)).isEqualTo(user);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "jdbc:postgresql://db/shop?password=s3cret-pw | s3cret-pw",
            "jdbc:mysql://etl:s3cret-pw@db:3306/shop | s3cret-pw",
            "jdbc:oracle:thin:etl/s3cret-pw@db:1521/erp | s3cret-pw",
            "jdbc:postgresql://db/shop?user=etl | ",
    })
    void thePasswordIsFoundSoItCanBeMaskedInAnyMessage(String url, String password) {
        assertThat(JdbcUrl.password(url)).isEqualTo(password);
    }
}
