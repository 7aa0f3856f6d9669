package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.metadata.RunStatus;
import io.tributary.testkit.TestProject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a destination table's columns follow the data: added, widened, or refused with a way out. */
class SchemaEvolutionTest {
    @TempDir
    Path dir;

    private TestProject appendProject(String options) {
        TestProject project = TestProject.in(dir);
        project.pipeline("items", "source: {type: file, path: 'data/*.csv'" + options + "}\nload: {table: items, mode: append}");
        return project;
    }

    @Test
    void aNewColumnIsAddedAndEarlierRowsHaveNullInIt() {
        TestProject project = appendProject("");
        project.file("data/1.csv", "id,name\n1,a\n");
        assertThat(project.run("items").error()).isNull();

        project.file("data/2.csv", "id,name,colour\n2,b,red\n");
        RunResult result = project.run("items");

        assertThat(result.error()).isNull();
        assertThat(result.warnings()).anyMatch(w -> w.contains("added column colour VARCHAR"));
        assertThat(project.columns("items")).containsOnlyKeys("id", "name", "colour");
        assertThat(project.rows("SELECT id, colour FROM items ORDER BY id")).extracting(r -> r.get("colour"))
                .containsExactly(null, "red");
    }

    @Test
    void anIntegerColumnWidensToBigintThenToADecimalHoldingBoth() {
        TestProject project = TestProject.in(dir);
        project.file("data/1.csv", "id,v\n1,10\n");
        project.pipeline("items", "source: {type: file, path: 'data/*.csv', csv: {columns: {v: INTEGER}}}\nload: {table: items}");
        assertThat(project.run("items").error()).isNull();
        assertThat(project.columns("items")).containsEntry("v", "INTEGER");

        project.pipeline("items", "source: {type: file, path: 'data/*.csv'}\nload: {table: items}");
        project.file("data/2.csv", "id,v\n2,5000000000\n");
        RunResult bigint = project.run("items");
        assertThat(bigint.error()).isNull();
        assertThat(bigint.warnings()).anyMatch(w -> w.contains("widened column v from INTEGER to BIGINT"));
        assertThat(project.columns("items")).containsEntry("v", "BIGINT");

        project.file("data/3.csv", "id,v\n3,2.5\n");
        RunResult decimal = project.run("items");
        assertThat(decimal.error()).isNull();
        assertThat(project.columns("items")).containsEntry("v", "DECIMAL(20,1)");
        assertThat(project.rows("SELECT v FROM items ORDER BY id")).extracting(r -> r.get("v"))
                .containsExactly(new BigDecimal("10.0"), new BigDecimal("5000000000.0"), new BigDecimal("2.5"));
    }

    @Test
    void aBigintColumnReceivingAFractionWidensToADecimalThatKeepsEveryDigit() {
        TestProject project = appendProject("");
        project.file("data/1.csv", "id,v\n1,9007199254740993\n");
        assertThat(project.run("items").error()).isNull();
        assertThat(project.columns("items")).containsEntry("v", "BIGINT");

        project.file("data/2.csv", "id,v\n2,1.5\n");
        RunResult result = project.run("items");

        assertThat(result.error()).isNull();
        assertThat(result.warnings()).anyMatch(w -> w.contains("widened column v from BIGINT to DECIMAL(20,1)"));
        assertThat(project.rows("SELECT v FROM items ORDER BY id")).extracting(r -> r.get("v"))
                .containsExactly(new BigDecimal("9007199254740993.0"), new BigDecimal("1.5"));
    }

    @Test
    void aBigintColumnIsNotTurnedIntoDoubleWithoutWidenToDouble() {
        TestProject project = appendProject("");
        project.file("data/1.csv", "id,v\n1,9007199254740993\n");
        assertThat(project.run("items").error()).isNull();

        // an exponent: DOUBLE, and no DECIMAL of 38 digits holds 1.5e300
        project.file("data/2.csv", "id,v\n2,1.5e300\n");
        RunResult result = project.run("items");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("column v of table items changed from BIGINT to DOUBLE")
                .contains("Nothing was published").contains("load.schema.widen_to_double: true").contains("--full-refresh");
        assertThat(project.columns("items")).containsEntry("v", "BIGINT");
        assertThat(project.value("SELECT v FROM items")).isEqualTo(9007199254740993L);
    }

    @Test
    void withWidenToDoubleABigintColumnBecomesDoubleWithAWarning() {
        TestProject project = TestProject.in(dir);
        project.pipeline("items", "source: {type: file, path: 'data/*.csv'}\nload: {table: items, schema: {widen_to_double: true}}");
        project.file("data/1.csv", "id,v\n1,10\n");
        assertThat(project.run("items").error()).isNull();

        project.file("data/2.csv", "id,v\n2,1.5e300\n");
        RunResult result = project.run("items");

        assertThat(result.error()).isNull();
        assertThat(result.warnings()).anyMatch(w -> w.contains("widened column v from BIGINT to DOUBLE"));
        assertThat(project.columns("items")).containsEntry("v", "DOUBLE");
        assertThat(project.rows("SELECT v FROM items ORDER BY id")).extracting(r -> r.get("v")).containsExactly(10.0, 1.5e300);
    }

    @Test
    void aDoubleColumnFromEarlierRunsKeepsTakingDecimalValues() {
        TestProject project = TestProject.in(dir);
        project.file("data/1.csv", "id,price\n1,19.99\n");
        project.pipeline("items", "source: {type: file, path: 'data/*.csv', csv: {columns: {price: DOUBLE}}}\nload: {table: items}");
        assertThat(project.run("items").error()).isNull();

        project.pipeline("items", "source: {type: file, path: 'data/*.csv'}\nload: {table: items}");
        project.file("data/2.csv", "id,price\n2,-4.05\n");
        RunResult result = project.run("items");

        assertThat(result.error()).isNull();
        assertThat(project.columns("items")).containsEntry("price", "DOUBLE");
        assertThat(project.rows("SELECT price FROM items ORDER BY id")).extracting(r -> r.get("price")).containsExactly(19.99, -4.05);
    }

    @Test
    void aDecimalColumnWidensToADecimalThatHoldsBothAndKeepsItsValuesExact() {
        TestProject project = TestProject.in(dir);
        project.file("data/1.csv", "id,price\n1,123.45\n");
        project.pipeline("items", "source: {type: file, path: 'data/*.csv', csv: {columns: {price: 'DECIMAL(5,2)'}}}\nload: {table: items}");
        assertThat(project.run("items").error()).isNull();

        project.pipeline("items", "source: {type: file, path: 'data/*.csv', csv: {columns: {price: 'DECIMAL(5,4)'}}}\nload: {table: items}");
        project.file("data/2.csv", "id,price\n2,1.2345\n");
        RunResult result = project.run("items");

        assertThat(result.error()).isNull();
        // three integer digits from DECIMAL(5,2), four fraction digits from DECIMAL(5,4); DOUBLE would round money
        assertThat(project.columns("items")).containsEntry("price", "DECIMAL(7,4)");
        assertThat(project.rows("SELECT price FROM items ORDER BY id")).extracting(r -> r.get("price"))
                .containsExactly(new BigDecimal("123.4500"), new BigDecimal("1.2345"));
    }

    @Test
    void textArrivingInANumericColumnFailsNamingColumnTypesAndRemediesAndLeavesTheTableUnchanged() {
        TestProject project = appendProject("");
        project.file("data/1.csv", "id,qty\n1,10\n2,20\n");
        assertThat(project.run("items").error()).isNull();
        Map<String, String> columnsBefore = project.columns("items");
        List<Map<String, Object>> rowsBefore = project.rows("SELECT * FROM items ORDER BY id");

        // a new column too, so a half-applied change would show
        project.file("data/2.csv", "id,extra,qty\n3,x,lots\n");
        RunResult result = project.run("items");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("column qty of table items changed from BIGINT to VARCHAR")
                .contains("Nothing was published").contains("cast: {qty: BIGINT}").contains("widen_to_varchar: true")
                .contains("--full-refresh");
        assertThat(project.columns("items")).isEqualTo(columnsBefore);
        assertThat(project.rows("SELECT * FROM items ORDER BY id")).isEqualTo(rowsBefore);
        assertThat(project.value("SELECT count(*) FROM _tributary.state WHERE unit = 'data/2.csv'")).isEqualTo(0L);
    }

    @Test
    void withWidenToVarcharANumericColumnBecomesTextAndKeepsItsValues() {
        TestProject project = TestProject.in(dir);
        project.pipeline("items", "source: {type: file, path: 'data/*.csv'}\nload: {table: items, schema: {widen_to_varchar: true}}");
        project.file("data/1.csv", "id,qty\n1,10\n");
        assertThat(project.run("items").error()).isNull();

        project.file("data/2.csv", "id,qty\n2,lots\n");
        RunResult result = project.run("items");

        assertThat(result.error()).isNull();
        assertThat(project.columns("items")).containsEntry("qty", "VARCHAR");
        assertThat(project.rows("SELECT qty FROM items ORDER BY id")).extracting(r -> r.get("qty")).containsExactly("10", "lots");
    }

    @Test
    void withEvolveOffANewColumnFailsTheRunAndSaysHowToAllowIt() {
        TestProject project = TestProject.in(dir);
        project.pipeline("items", "source: {type: file, path: 'data/*.csv'}\nload: {table: items, schema: {evolve: false}}");
        project.file("data/1.csv", "id\n1\n");
        assertThat(project.run("items").error()).isNull();

        project.file("data/2.csv", "id,colour\n2,red\n");
        RunResult result = project.run("items");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("new column colour VARCHAR").contains("load.schema.evolve is false")
                .contains("drop: [colour]");
        assertThat(project.columns("items")).containsOnlyKeys("id");
        assertThat(project.count("items")).isEqualTo(1);
    }

    @Test
    void withEvolveOffAColumnThatWouldNeedWideningFails() {
        TestProject project = TestProject.in(dir);
        project.pipeline("items", "source: {type: file, path: 'data/*.csv', csv: {columns: {v: INTEGER}}}\nload: {table: items, schema: {evolve: false}}");
        project.file("data/1.csv", "id,v\n1,1\n");
        assertThat(project.run("items").error()).isNull();
        project.pipeline("items", "source: {type: file, path: 'data/*.csv'}\nload: {table: items, schema: {evolve: false}}");
        project.file("data/2.csv", "id,v\n2,2.5\n");

        RunResult result = project.run("items");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.error()).contains("column v of table items would need to change from INTEGER to DECIMAL(18,1)");
        assertThat(project.columns("items")).containsEntry("v", "INTEGER");
        assertThat(Arrays.asList(project.value("SELECT count(*) FROM items"))).containsExactly(1L);
    }
}
