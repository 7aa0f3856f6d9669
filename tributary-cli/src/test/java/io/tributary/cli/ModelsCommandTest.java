package io.tributary.cli;

import static io.tributary.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CliTest.Result;
import io.tributary.testkit.TestDatabase;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models from the command line: {@code tributary run} builds those downstream of what it published
 * (in the warehouse, or in the destination database), {@code models: none} opts out,
 * {@code tributary models} builds alone, and {@code validate} names a cycle's file and line.
 */
class ModelsCommandTest {
    @TempDir
    Path dir;

    private TestProject shop(String pipelineExtra) {
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", "id,day,total\n1,2026-03-01,10.00\n2,2026-03-01,20.00\n3,2026-03-02,5.50\n");
        project.file("data/customers.csv", "id,name\n1,Ann\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders, mode: merge, key: id}\n" + pipelineExtra);
        project.pipeline("customers", "source: {type: file, path: data/customers.csv}\nload: {table: customers}\n");
        project.file("models/daily.sql", "SELECT day, sum(total) AS revenue FROM orders GROUP BY day\n");
        project.file("models/best_day.sql", "-- tributary: {materialized: view}\nSELECT day FROM daily ORDER BY revenue DESC LIMIT 1\n");
        project.file("models/people.sql", "SELECT count(*) AS n FROM customers\n");
        return project;
    }

    @Test
    void runBuildsTheModelsDownstreamOfWhatItPublishedOnceAfterAllRuns() {
        TestProject project = shop("");

        Result run = cli("-p", dir.toString(), "run", "orders");

        assertThat(run.code()).as("%s", run).isZero();
        assertThat(run.out()).contains("OK  model daily (table) in the warehouse: 2 rows", "OK  model best_day (view) in the warehouse")
                .doesNotContain("model people");
        assertThat(project.value("SELECT CAST(day AS VARCHAR) FROM best_day")).isEqualTo("2026-03-01");
        assertThat(run.out().indexOf("OK  orders")).isLessThan(run.out().indexOf("model daily"));

        // a run that loads nothing new builds nothing; one that does, builds what is downstream of it
        project.file("data/orders.csv", "id,day,total\n1,2026-03-01,10.00\n2,2026-03-01,20.00\n3,2026-03-02,5.50\n4,2026-03-03,1.00\n");
        Result all = cli("-p", dir.toString(), "run", "--all");
        assertThat(all.out()).contains("model daily", "model people");
        assertThat(all.out().split("model daily \\(", -1)).as("each model once").hasSize(2);
        assertThat(project.value("SELECT count(*) FROM _tributary.runs WHERE pipeline = 'daily'")).isEqualTo(2L);

        assertThat(cli("-p", dir.toString(), "run", "--all", "--no-models", "--full-refresh").out()).contains("OK  orders")
                .doesNotContain("model daily");
    }

    @Test
    void modelsNoneOptsOutAndTheModelsCommandBuildsASelection() {
        TestProject project = shop("models: none\n");
        assertThat(cli("-p", dir.toString(), "run", "orders").out()).doesNotContain("model daily");

        Result models = cli("-p", dir.toString(), "models", "--select", "daily+");
        assertThat(models.code()).as("%s", models).isZero();
        assertThat(models.out()).contains("OK  model daily", "OK  model best_day").doesNotContain("people");
        assertThat(project.count("daily")).isEqualTo(2);

        Result unknown = cli("-p", dir.toString(), "models", "--select", "dayly");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no model named dayly", "did you mean 'daily'?");

        assertThat(cli("-p", dir.toString(), "models", "--list").out()).contains("daily", "best_day", "view", "orders");

        project.file("models/daily.sql", "SELECT day, sum(totl) AS revenue FROM orders GROUP BY day\n");
        Result failed = cli("-p", dir.toString(), "models");
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.out()).contains("FAILED  model daily", "models/daily.sql:1", "totl", "SKIPPED  model best_day");
        assertThat(project.count("daily")).as("the last good version").isEqualTo(2);
    }

    @Test
    void validateListsTheModelsAndNamesACycleWithItsFileAndLine() {
        shop("");
        Result ok = cli("-p", dir.toString(), "validate");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("models (in build order): daily, best_day (view), people");

        TestProject.in(dir).file("models/daily.sql", "SELECT day, sum(total) AS revenue\nFROM orders JOIN best_day USING (day)\nGROUP BY day\n");
        Result cycle = cli("-p", dir.toString(), "validate");
        assertThat(cycle.code()).isEqualTo(2);
        assertThat(cycle.err()).contains("models/daily.sql:2", "best_day → daily → best_day", "cycle");

        TestProject.in(dir).pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}\nmodels: [dayly]\n");
        assertThat(cli("-p", dir.toString(), "validate").err()).contains("orders.yml", "the model 'dayly'", "models/ has no dayly.sql");
    }

    @Test
    void aPipelineLoadingIntoPostgresBuildsItsModelsThere() {
        try (TestDatabase db = TestDatabase.postgres()) {
            TestProject project = TestProject.in(dir);
            project.file("tributary.yml", "name: shop\nconnections:\n" + db.connectionYaml("dw"));
            project.file("data/orders.csv", "id,day,total\n1,2026-03-01,10.00\n2,2026-03-01,20.00\n3,2026-03-02,5.50\n");
            project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders, mode: merge, key: id, destination: dw}\n");
            project.file("models/daily.sql", "SELECT day, sum(total) AS revenue FROM orders GROUP BY day\n");
            project.file("models/best_day.sql", "-- tributary: {materialized: view}\nSELECT day FROM daily ORDER BY revenue DESC LIMIT 1\n");

            Result run = cli("-p", dir.toString(), "run", "orders");
            assertThat(run.code()).as("%s", run).isZero();
            assertThat(run.out()).contains("OK  model daily (table) in dw: 2 rows", "OK  model best_day (view) in dw");
            assertThat(db.rows("SELECT CAST(day AS TEXT) AS day, revenue FROM daily ORDER BY day")).extracting(r -> r.get("day") + " " + r.get("revenue"))
                    .containsExactly("2026-03-01 30.00", "2026-03-02 5.50");

            // again: the table a view reads is replaced, and the view with it, in one transaction
            project.file("data/orders.csv", "id,day,total\n1,2026-03-01,10.00\n2,2026-03-01,20.00\n3,2026-03-02,50.50\n");
            assertThat(cli("-p", dir.toString(), "run", "orders").code()).isZero();
            assertThat(db.rows("SELECT CAST(day AS TEXT) AS day FROM best_day")).isEqualTo(List.of(Map.of("day", "2026-03-02")));
            assertThat(project.rows("SELECT 1 FROM information_schema.tables WHERE table_name = 'daily'")).as("not in the warehouse").isEmpty();
        }
    }
}
