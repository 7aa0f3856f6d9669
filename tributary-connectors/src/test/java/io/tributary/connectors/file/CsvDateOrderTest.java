package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.metadata.RunStatus;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A date such as 2/3/2024 reads one way for a whole pipeline column: the day/month order is decided
 * over every file of the run, kept for later runs, and where nothing decides it the column is text
 * with a warning, never a guess.
 */
class CsvDateOrderTest {
    @TempDir
    Path dir;

    private TestProject project(String csvOptions) {
        TestProject project = TestProject.in(dir);
        project.pipeline("orders", "source: {type: file, path: 'data/us/*.csv'" + csvOptions + "}\nload: {table: orders}");
        return project;
    }

    @Test
    void anAmbiguousDateReadsTheSameInEveryFileOfTheRun() {
        TestProject project = project("");
        project.file("data/us/2024-01.csv", "id,order_date\n1,1/2/2024\n2,2/3/2024\n3,12/11/2024\n");
        project.file("data/us/2024-02.csv", "id,order_date\n4,1/13/2024\n5,2/3/2024\n");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(project.columns("orders")).containsEntry("order_date", "DATE");
        assertThat(project.rows("SELECT order_date FROM orders ORDER BY id")).extracting(r -> (LocalDate) r.get("order_date"))
                .containsExactly(LocalDate.of(2024, 1, 2), LocalDate.of(2024, 2, 3), LocalDate.of(2024, 12, 11),
                        LocalDate.of(2024, 1, 13), LocalDate.of(2024, 2, 3));
    }

    @Test
    void theOrderDecidedOnceIsKeptForALaterRunWhoseDatesAreAllAmbiguous() {
        TestProject project = project("");
        project.file("data/us/2024-01.csv", "id,order_date\n1,1/13/2024\n");
        assertThat(project.run("orders").error()).isNull();

        project.file("data/us/2024-02.csv", "id,order_date\n2,4/5/2024\n3,2/3/2024\n");
        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(project.rows("SELECT order_date FROM orders ORDER BY id")).extracting(r -> (LocalDate) r.get("order_date"))
                .containsExactly(LocalDate.of(2024, 1, 13), LocalDate.of(2024, 4, 5), LocalDate.of(2024, 2, 3));
    }

    @Test
    void datesThatReadBothWaysInEveryFileLoadAsTextWithAWarningAndStayTextLater() {
        TestProject project = project("");
        project.file("data/us/2024-01.csv", "id,order_date\n1,1/2/2024\n2,2/3/2024\n3,12/11/2024\n");

        RunResult first = project.run("orders");

        assertThat(first.error()).isNull();
        assertThat(first.warnings()).anyMatch(w -> w.contains("order_date") && w.contains("1/2/2024") && w.contains("as text")
                && w.contains("date_format"));
        assertThat(project.columns("orders")).containsEntry("order_date", "VARCHAR");
        assertThat(project.rows("SELECT order_date FROM orders ORDER BY id")).extracting(r -> r.get("order_date"))
                .containsExactly("1/2/2024", "2/3/2024", "12/11/2024");

        project.file("data/us/2024-02.csv", "id,order_date\n4,1/13/2024\n");
        RunResult later = project.run("orders");

        assertThat(later.error()).isNull();
        assertThat(project.rows("SELECT order_date FROM orders WHERE id = 4")).extracting(r -> r.get("order_date")).containsExactly("1/13/2024");
    }

    @Test
    void filesThatDisagreeOnTheOrderLoadTheColumnAsTextWithAWarningNamingBoth() {
        TestProject project = project("");
        project.file("data/us/a.csv", "id,order_date\n1,1/13/2024\n2,2/3/2024\n");
        project.file("data/us/b.csv", "id,order_date\n3,13/1/2024\n4,2/3/2024\n");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(result.warnings()).anyMatch(w -> w.contains("order_date") && w.contains("1/13/2024") && w.contains("data/us/a.csv")
                && w.contains("13/1/2024") && w.contains("data/us/b.csv") && w.contains("as text"));
        assertThat(project.rows("SELECT order_date FROM orders ORDER BY id")).extracting(r -> r.get("order_date"))
                .containsExactly("1/13/2024", "2/3/2024", "13/1/2024", "2/3/2024");
    }

    @Test
    void aLaterFileContradictingTheKeptOrderFailsTheRunAndPublishesNothing() {
        TestProject project = project("");
        project.file("data/us/2024-01.csv", "id,order_date\n1,1/13/2024\n");
        assertThat(project.run("orders").error()).isNull();

        project.file("data/us/2024-02.csv", "id,order_date\n2,13/1/2024\n3,2/3/2024\n");
        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("data/us/2024-02.csv").contains("order_date").contains("13/1/2024")
                .contains("month first").contains("date_format");
        assertThat(project.count("orders")).isEqualTo(1);
    }

    @Test
    void aDateDecidedOnlyPastTheSampleIsFoundByReadingTheWholeColumn() {
        TestProject project = project(", csv: {sample_rows: 1000}");
        StringBuilder csv = new StringBuilder("id,order_date\n");
        for (int i = 1; i <= 5000; i++) {
            csv.append(i).append(',').append(1 + i % 12).append('/').append(1 + i % 12).append("/2024\n");
        }
        csv.append("5001,2/3/2024\n5002,3/28/2024\n");
        project.file("data/us/2024.csv", csv.toString());

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(project.columns("orders")).containsEntry("order_date", "DATE");
        assertThat((LocalDate) project.value("SELECT order_date FROM orders WHERE id = 5001")).isEqualTo(LocalDate.of(2024, 2, 3));
    }

    @Test
    void timestampsFollowTheSameRule() {
        TestProject project = project("");
        project.file("data/us/a.csv", "id,at\n1,2/3/2024 10:15:00\n");
        project.file("data/us/b.csv", "id,at\n2,1/13/2024 11:00:00\n");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(project.columns("orders")).containsEntry("at", "TIMESTAMP");
        assertThat(project.value("SELECT CAST(\"at\" AS VARCHAR) FROM orders WHERE id = 1")).isEqualTo("2024-02-03 10:15:00");
    }

    @Test
    void aDeclaredDateFormatIsUsedAsItIs() {
        TestProject project = project(", csv: {date_format: '%d/%m/%Y'}");
        project.file("data/us/2024-01.csv", "id,order_date\n1,2/3/2024\n");

        RunResult result = project.run("orders");

        assertThat(result.error()).isNull();
        assertThat(result.warnings()).isEmpty();
        assertThat((LocalDate) project.value("SELECT order_date FROM orders")).isEqualTo(LocalDate.of(2024, 3, 2));
    }

    @Test
    void aDeclaredDateColumnWhoseOrderNothingDecidesFailsAskingForTheFormat() {
        TestProject project = project(", csv: {columns: {order_date: DATE}}");
        project.file("data/us/2024-01.csv", "id,order_date\n1,2/3/2024\n");

        RunResult result = project.run("orders");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("order_date").contains("2/3/2024").contains("date_format");
    }

    @Test
    void isoDatesAreNeverAmbiguous() {
        TestProject project = project("");
        project.file("data/us/2024-01.csv", "id,order_date\n1,2024-02-03\n");

        RunResult result = project.run("orders");

        assertThat(result.warnings()).isEmpty();
        assertThat((LocalDate) project.value("SELECT order_date FROM orders")).isEqualTo(LocalDate.of(2024, 2, 3));
    }
}
