package io.tributary.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.app.History;
import io.tributary.engine.RunResult;
import io.tributary.metadata.CheckResult;
import io.tributary.metadata.RunStatus;
import io.tributary.project.ProjectSpec;
import io.tributary.testkit.TestProject;
import io.tributary.warehouse.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing {@code error} check publishes nothing: after a good first run, a second run whose data
 * fails one leaves every user table, the source state and the load records byte for byte as they
 * were (each dumped to CSV, all rows, ordered), and the run says which check failed, how many rows and
 * an example. A failing {@code warn} check publishes and records. What the run returned is what is stored.
 */
class ErrorCheckLeavesWarehouseUnchangedTest {
    @TempDir
    Path dir;

    private static final String FIRST = "id,email,total\n1,a@x.io,10\n2,b@x.io,20\n3,c@x.io,30\n";
    /** Updates order 2 and adds 4 (a negative total) and 5: any of it published would show in the dump. */
    private static final String SECOND = "id,email,total\n2,b@x.io,25\n4,d@x.io,-5\n5,e@x.io,50\n";

    /** A project whose good first run is loaded; the second file is in place for the next run. */
    private TestProject loaded(String checks, String second) {
        TestProject project = TestProject.in(dir);
        project.file("data/customers.csv", "id,name\n1,Ada\n2,Grace\n");
        project.pipeline("customers", "source: {type: file, path: data/customers.csv}\nload: {table: customers}\n");
        project.file("data/orders-01.csv", FIRST);
        project.pipeline("orders", "source: {type: file, path: 'data/orders-*.csv'}\nload: {table: orders, mode: merge, key: id}\nchecks:\n" + checks);
        assertThat(project.run("customers").error()).isNull();
        RunResult first = project.run("orders");
        assertThat(first.error()).isNull();
        assertThat(first.status()).isEqualTo(RunStatus.SUCCESS);
        project.file("data/orders-02.csv", second);
        return project;
    }

    /** Runs the second load, which must fail, and returns it after checking the warehouse did not change. */
    private RunResult failsAndChangesNothing(TestProject project) {
        Map<String, String> before = dump(project, "before");
        assertThat(before).containsKeys("main.orders", "main.customers", "_tributary.state", "_tributary.loads");
        assertThat(before.get("main.orders").lines()).hasSize(4); // header and 3 rows: the dump is not trivially empty
        assertThat(before.get("_tributary.loads").lines()).hasSize(3);

        RunResult second = project.run("orders");

        assertThat(second.status()).isEqualTo(RunStatus.FAILED);
        assertThat(second.error()).contains("checks failed, nothing was published");
        assertThat(dump(project, "after")).as("every user table, the source state and the load records, byte for byte").isEqualTo(before);
        assertStoredAsReturned(project, second);
        return second;
    }

    @Test
    void aRowLevelErrorCheck() {
        TestProject project = loaded("  - range: {column: total, min: 0}\n", SECOND);

        RunResult run = failsAndChangesNothing(project);

        assertThat(run.error()).contains("range(total): 1 of 3 rows fail (e.g. '-5')");
        assertThat(result(run, "range(total)").samples()).singleElement().asString().contains("'id': 4", "'total': -5");
    }

    @Test
    void aSqlErrorCheck() {
        TestProject project = loaded("  - sql: \"SELECT * FROM {table} WHERE total < 0\"\n", SECOND);

        RunResult run = failsAndChangesNothing(project);

        assertThat(run.error()).contains("sql: 1 of 3 rows fail (e.g. ").contains("'id': 4");
    }

    @Test
    void aVolumeErrorCheck() {
        TestProject project = loaded("  - volume: {max: 3}\n", SECOND + "6,f@x.io,60\n");

        RunResult run = failsAndChangesNothing(project);

        assertThat(run.error()).contains("volume(max 3): 4 of 4 rows fail (e.g. 4 rows, expected at most 3)");
    }

    @Test
    void aSchemaErrorCheck() {
        TestProject project = loaded("  - schema: {forbidden: [card_number]}\n",
                "id,email,total,card_number\n2,b@x.io,25,4111111111111111\n4,d@x.io,5,4000000000000002\n");

        RunResult run = failsAndChangesNothing(project);

        assertThat(run.error()).contains("schema: 1 of 2 rows fail (e.g. forbidden column card_number is present)");
    }

    @Test
    void aQuarantiningCheckSetsNothingAsideWhenAnErrorCheckFailsTheRun() {
        TestProject project = loaded("  - range: {column: total, min: 0}\n    quarantine: true\n  - not_null: [email]\n",
                "id,email,total\n2,b@x.io,25\n4,,5\n5,e@x.io,-50\n");

        RunResult run = failsAndChangesNothing(project);

        assertThat(run.error()).contains("not_null(email): 1 of 3 rows fail").doesNotContain("range(total)");
        assertThat(run.rowsQuarantined()).isZero();
        // the quarantining check's result and warning must not claim rows went where nothing went
        assertThat(result(run, "range(total)").message()).contains("range(total): 1 of 3 rows fail")
                .contains("not quarantined: the run failed on another check").doesNotContain("quarantined in");
        assertThat(run.warnings()).noneSatisfy(w -> assertThat(w).contains("quarantined in"));
        assertThat(project.value("SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders__quarantine'")).isEqualTo(0L);
    }

    @Test
    void aFailingWarnCheckPublishesAndRecordsTheRun() {
        TestProject project = loaded("  - range: {column: total, min: 0}\n    severity: warn\n", SECOND);
        Map<String, String> before = dump(project, "before");

        RunResult run = project.run("orders");

        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(run.warnings()).anySatisfy(w -> assertThat(w).contains("range(total): 1 of 3 rows fail (e.g. '-5')"));
        assertThat(result(run, "range(total)").status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(project.rows("SELECT id, total FROM orders ORDER BY id")).extracting(r -> r.get("id") + ":" + r.get("total"))
                .containsExactly("1:10", "2:25", "3:30", "4:-5", "5:50");
        assertThat(project.rows("SELECT unit FROM _tributary.state WHERE pipeline = 'orders' ORDER BY unit")).hasSize(2);
        assertThat(project.rows("SELECT rows_read, rows_loaded FROM _tributary.loads WHERE run_id = " + run.runId()))
                .containsExactly(Map.of("rows_read", 3L, "rows_loaded", 3L));
        Map<String, String> after = dump(project, "after");
        assertThat(after.get("main.customers")).isEqualTo(before.get("main.customers"));
        assertThat(after.get("main.orders")).isNotEqualTo(before.get("main.orders"));
        assertStoredAsReturned(project, run);
    }

    /** The results kept in the metadata store are those the run returned, field for field (samples too). */
    private static void assertStoredAsReturned(TestProject project, RunResult run) {
        ProjectSpec spec = project.load();
        List<CheckResult> stored = History.checks(spec.metadata(), spec.warehouse(), run.runId()).orElseThrow();
        assertThat(run.checks()).isNotEmpty();
        assertThat(stored).containsExactlyInAnyOrderElementsOf(run.checks());
    }

    private static CheckResult result(RunResult run, String name) {
        return run.checks().stream().filter(c -> c.check().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no result " + name + " in " + run.checks()));
    }

    /**
     * Every user table, {@code _tributary.state} and {@code _tributary.loads}, each exported by DuckDB
     * to CSV with all its rows ordered by every column: schema.table → the file's content. The other
     * {@code _tributary} tables (runs, check results) are history a failed run rightly adds to.
     */
    private Map<String, String> dump(TestProject project, String name) {
        Path out = dir.resolve("dump-" + name);
        Map<String, String> files = new TreeMap<>();
        try (Warehouse warehouse = Warehouse.open(project.load().warehouse());
             Statement statement = warehouse.connection().createStatement()) {
            Files.createDirectories(out);
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE database_name = "
                    + "current_database() AND (schema_name <> '_tributary' OR table_name IN ('state', 'loads')) ORDER BY 1")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                Path file = out.resolve(table + ".csv");
                String[] parts = table.split("\\.", 2);
                statement.execute("COPY (SELECT * FROM \"" + parts[0] + "\".\"" + parts[1] + "\" ORDER BY ALL) TO '" + file + "' (HEADER)");
                files.put(table, Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (SQLException e) {
            throw new AssertionError("dumping the warehouse failed: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }
}
