package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.metadata.RunStatus;
import io.tributary.testkit.TestProject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Decimal text in a CSV loads as an exact DECIMAL wide enough for the values seen, so sums of money
 * are exact; DOUBLE only for exponents or numbers past DECIMAL(38). Declared types always win.
 */
class CsvExactNumbersTest {
    /** More rows than DuckDB's sniffer samples (20,480), so a value after them is never seen by it. */
    private static final int PAST_THE_SAMPLE = 25_000;

    @TempDir
    Path dir;

    private TestProject project(String csvOptions) {
        TestProject project = TestProject.in(dir);
        project.pipeline("orders", "source: {type: file, path: 'data/*.csv'" + csvOptions + "}\nload: {table: orders}");
        return project;
    }

    @Test
    void pricesWithTwoOrThreeDecimalsLoadAsAnExactDecimalSoTheirSumIsExact() {
        TestProject project = project("");
        StringBuilder csv = new StringBuilder("id,price\n");
        Random random = new Random(42);
        BigDecimal expected = BigDecimal.ZERO;
        for (int i = 1; i <= 5000; i++) {
            BigDecimal price = BigDecimal.valueOf(random.nextInt(2_000_000) - 100_000, i % 7 == 0 ? 3 : 2);
            expected = expected.add(price);
            csv.append(i).append(',').append(price.toPlainString()).append('\n');
        }
        csv.append("5001,19.99\n5002,-4.05\n");
        expected = expected.add(new BigDecimal("19.99")).add(new BigDecimal("-4.05"));
        project.file("data/orders.csv", csv.toString());

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(project.columns("orders")).containsEntry("price", "DECIMAL(18,3)");
        assertThat((BigDecimal) project.value("SELECT sum(price) FROM orders")).isEqualByComparingTo(expected);
        assertThat(project.value("SELECT price FROM orders WHERE id = 5002")).isEqualTo(new BigDecimal("-4.050"));
    }

    @Test
    void aValueWithMoreDecimalsThanTheSampleShowedWidensTheColumnInsteadOfBeingRounded() {
        TestProject project = project("");
        StringBuilder csv = new StringBuilder("id,price\n");
        for (int i = 1; i <= PAST_THE_SAMPLE; i++) {
            csv.append(i).append(',').append(i % 100).append(".25\n");
        }
        csv.append(PAST_THE_SAMPLE + 1).append(",1.2345\n");
        csv.append(PAST_THE_SAMPLE + 2).append(",123456789012345.5\n");
        project.file("data/orders.csv", csv.toString());

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(result.rowsRejected()).isZero();
        assertThat(project.columns("orders").get("price")).startsWith("DECIMAL(").endsWith(",4)");
        assertThat(project.rows("SELECT price FROM orders WHERE id > " + PAST_THE_SAMPLE + " ORDER BY id")).extracting(r -> r.get("price"))
                .usingElementComparator((a, b) -> ((BigDecimal) a).compareTo((BigDecimal) b))
                .containsExactly(new BigDecimal("1.2345"), new BigDecimal("123456789012345.5"));
    }

    @Test
    void textInADecimalColumnAfterTheSampleRejectsItsRowWithItsLineAndTheOthersStayExact() {
        TestProject project = project("");
        StringBuilder csv = new StringBuilder("id,price\n");
        for (int i = 1; i <= PAST_THE_SAMPLE; i++) {
            csv.append(i).append(',').append(i % 100).append(".5\n");
        }
        csv.append(PAST_THE_SAMPLE + 1).append(",n/a\n");
        csv.append(PAST_THE_SAMPLE + 2).append(",0.75\n");
        project.file("data/orders.csv", csv.toString());

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(result.rowsRejected()).isEqualTo(1);
        assertThat(result.rowsLoaded()).isEqualTo(PAST_THE_SAMPLE + 1);
        assertThat(project.columns("orders").get("price")).startsWith("DECIMAL(");
        List<Map<String, Object>> rejects = project.rows("SELECT line, raw FROM _tributary.rejected_rows");
        assertThat(rejects).containsExactly(Map.of("line", (long) PAST_THE_SAMPLE + 2, "raw", (PAST_THE_SAMPLE + 1) + ",n/a"));
        assertThat(project.value("SELECT price FROM orders WHERE id = " + (PAST_THE_SAMPLE + 2))).isEqualTo(new BigDecimal("0.75"));
    }

    @Test
    void numbersWithAnExponentStayDouble() {
        TestProject project = project("");
        project.file("data/orders.csv", "id,ratio\n1,1.5e3\n2,2.25\n");

        assertThat(project.run("orders").error()).isNull();

        assertThat(project.columns("orders")).containsEntry("ratio", "DOUBLE");
        assertThat(project.rows("SELECT ratio FROM orders ORDER BY id")).extracting(r -> r.get("ratio")).containsExactly(1500.0, 2.25);
    }

    @Test
    void aDecimalCommaLoadsExactlyToo() {
        TestProject project = project(", csv: {delimiter: ';', decimal_separator: ','}");
        project.file("data/orders.csv", "id;price\n1;19,99\n2;-4,05\n");

        assertThat(project.run("orders").error()).isNull();

        assertThat(project.columns("orders")).containsEntry("price", "DECIMAL(18,2)");
        assertThat(project.rows("SELECT price FROM orders ORDER BY id")).extracting(r -> r.get("price"))
                .containsExactly(new BigDecimal("19.99"), new BigDecimal("-4.05"));
    }

    @Test
    void filesOfOneRunWithDifferentScalesMeetInADecimalHoldingBoth() {
        TestProject project = project("");
        project.file("data/a.csv", "id,price\n1,19.99\n");
        project.file("data/b.csv", "id,price\n2,0.125\n");

        assertThat(project.run("orders").error()).isNull();

        assertThat(project.columns("orders").get("price")).startsWith("DECIMAL(").endsWith(",3)");
        assertThat((BigDecimal) project.value("SELECT sum(price) FROM orders")).isEqualByComparingTo(new BigDecimal("20.115"));
    }

    @Test
    void aDeclaredTypeWinsOverTheDetectedDecimal() {
        TestProject project = project(", csv: {columns: {price: DOUBLE}}");
        project.file("data/orders.csv", "id,price\n1,19.99\n");

        assertThat(project.run("orders").error()).isNull();

        assertThat(project.columns("orders")).containsEntry("price", "DOUBLE");
    }

    @Test
    void allTextKeepsDecimalTextAsText() {
        TestProject project = project(", csv: {all_text: true}");
        project.file("data/orders.csv", "id,price\n1,19.90\n");

        assertThat(project.run("orders").error()).isNull();

        assertThat(project.value("SELECT price FROM orders")).isEqualTo("19.90");
    }
}
