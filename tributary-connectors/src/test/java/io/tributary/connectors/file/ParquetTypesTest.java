package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.metadata.RunStatus;
import io.tributary.testkit.TestProject;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet files of one glob whose column types differ: an exact DECIMAL holding both where the DOUBLE
 * values allow it (each is the DOUBLE its shortest decimal form reads as), DOUBLE with a warning
 * where they do not; and a later run's DOUBLE file into a DECIMAL table the same way.
 */
class ParquetTypesTest {
    @TempDir
    Path dir;

    private void parquet(TestProject project, String name, String select) {
        Path file = project.path("data/" + name);
        try {
            Files.createDirectories(file.getParent());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement()) {
            statement.execute("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private TestProject project(String load) {
        TestProject project = TestProject.in(dir);
        project.pipeline("prices", "source: {type: file, path: 'data/*.parquet'}\nload: {table: prices" + load + "}");
        return project;
    }

    @Test
    void aDecimalFileAndADoubleFileWhoseValuesAreDecimalsLoadAsTheExactDecimal() {
        TestProject project = project("");
        parquet(project, "a.parquet", "SELECT 1 AS id, 1234567890123456.78::DECIMAL(18,2) AS price");
        parquet(project, "b.parquet", "SELECT 2 AS id, 19.99::DOUBLE AS price UNION ALL SELECT 3, -0.5::DOUBLE");

        RunResult result = project.run("prices");

        assertThat(result.error()).isNull();
        assertThat(project.columns("prices")).containsEntry("price", "DECIMAL(18,2)");
        assertThat(project.rows("SELECT price FROM prices ORDER BY id")).extracting(r -> r.get("price"))
                .containsExactly(new BigDecimal("1234567890123456.78"), new BigDecimal("19.99"), new BigDecimal("-0.50"));
    }

    @Test
    void doubleValuesNoDecimalHoldsMakeTheColumnDoubleWithAWarningNamingTheFiles() {
        TestProject project = project("");
        parquet(project, "a.parquet", "SELECT 1 AS id, 19.99::DECIMAL(18,2) AS price");
        parquet(project, "b.parquet", "SELECT 2 AS id, 1.5e300::DOUBLE AS price");

        RunResult result = project.run("prices");

        assertThat(result.error()).isNull();
        assertThat(project.columns("prices")).containsEntry("price", "DOUBLE");
        assertThat(result.warnings()).anyMatch(w -> w.contains("price") && w.contains("data/a.parquet") && w.contains("DECIMAL(18,2)")
                && w.contains("data/b.parquet") && w.contains("DOUBLE"));
    }

    @Test
    void aLaterDoubleFileIntoADecimalColumnKeepsTheDecimalWhenItsValuesAllow() {
        TestProject project = project("");
        parquet(project, "a.parquet", "SELECT 1 AS id, 19.99::DECIMAL(18,2) AS price");
        assertThat(project.run("prices").error()).isNull();

        parquet(project, "b.parquet", "SELECT 2 AS id, 0.125::DOUBLE AS price");
        RunResult result = project.run("prices");

        assertThat(result.error()).isNull();
        assertThat(project.columns("prices")).containsEntry("price", "DECIMAL(19,3)");
        assertThat(project.rows("SELECT price FROM prices ORDER BY id")).extracting(r -> r.get("price"))
                .containsExactly(new BigDecimal("19.990"), new BigDecimal("0.125"));
    }

    @Test
    void aLaterDoubleFileNoDecimalHoldsFailsUnlessWidenToDouble() {
        TestProject project = project("");
        parquet(project, "a.parquet", "SELECT 1 AS id, 19.99::DECIMAL(18,2) AS price");
        assertThat(project.run("prices").error()).isNull();
        parquet(project, "b.parquet", "SELECT 2 AS id, 'nan'::DOUBLE AS price");

        RunResult refused = project.run("prices");

        assertThat(refused.status()).isEqualTo(RunStatus.FAILED);
        assertThat(refused.error()).contains("column price of table prices changed from DECIMAL(18,2) to DOUBLE")
                .contains("widen_to_double");
        assertThat(project.columns("prices")).containsEntry("price", "DECIMAL(18,2)");
    }
}
