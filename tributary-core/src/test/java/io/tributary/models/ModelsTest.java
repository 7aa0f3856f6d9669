package io.tributary.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.app.ModelBuilds;
import io.tributary.app.History;
import io.tributary.metadata.CheckResult;
import io.tributary.metadata.RunStatus;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL models in the warehouse: built in dependency order whatever their files' order, as tables or
 * views, write-audit-publish (a failing SQL or check leaves the last good version), incremental
 * models merged on their key, cycles and missing inputs named with the model's file and line.
 */
class ModelsTest {
    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void orders() {
        project = TestProject.in(dir);
        project.execute("CREATE TABLE orders (id BIGINT, day DATE, customer VARCHAR, total DECIMAL(10,2))",
                "INSERT INTO orders VALUES (1, DATE '2026-03-01', 'a', 10.00), (2, DATE '2026-03-01', 'b', 20.00), (3, DATE '2026-03-02', 'a', 5.50)");
    }

    @Test
    void modelsRunAfterTheModelsTheyReadAsTablesOrViewsWhateverTheFileOrder() {
        // a_best reads z_daily (a model built later in file order) and a CTE that must not count as a table
        project.file("models/a_best.sql", "-- tributary: {materialized: view}\nWITH ranked AS (SELECT * FROM z_daily)\n"
                + "SELECT day, revenue FROM ranked ORDER BY revenue DESC LIMIT 1\n");
        project.file("models/z_daily.sql", "-- revenue per day\nSELECT day, sum(total) AS revenue, count(*) AS orders\nFROM orders\nGROUP BY day;\n");

        List<ModelResult> results = project.models(false);

        assertThat(results).extracting(ModelResult::model).containsExactly("z_daily", "a_best");
        assertThat(results).allSatisfy(r -> assertThat(r.error()).isNull());
        assertThat(results.get(0).rows()).isEqualTo(2);
        assertThat(project.rows("SELECT table_name, table_type FROM information_schema.tables WHERE table_name IN ('z_daily', 'a_best') "
                + "ORDER BY table_name")).containsExactly(Map.of("table_name", "a_best", "table_type", "VIEW"),
                Map.of("table_name", "z_daily", "table_type", "BASE TABLE"));
        assertThat(project.value("SELECT revenue FROM a_best").toString()).isEqualTo("30.00");
        assertThat(project.count("information_schema.tables WHERE table_name LIKE '_tributary_stage_model_%'")).isZero();

        // a second build replaces them (new data seen), and the history holds one run per model build
        project.execute("INSERT INTO orders VALUES (4, DATE '2026-03-02', 'c', 100.00)");
        assertThat(project.models(false)).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
        assertThat(project.value("SELECT CAST(day AS VARCHAR) FROM a_best")).isEqualTo("2026-03-02");
        assertThat(project.value("SELECT count(*) FROM _tributary.runs WHERE pipeline = 'z_daily' AND status = 'success'")).isEqualTo(2L);
    }

    @Test
    void aCycleIsAProblemNamingTheModelsAndTheLineThatClosesIt() {
        project.file("models/one.sql", "SELECT * FROM two\n");
        project.file("models/two.sql", "-- reads one\nSELECT *\nFROM one\n");
        project.file("models/free.sql", "SELECT count(*) AS n FROM orders\n");

        ModelBuilds.Loaded loaded = ModelBuilds.load(project.load());

        assertThat(loaded.problems()).singleElement().asString().contains("two.sql:3", "one → two → one", "cycle");
        assertThat(loaded.graph().models()).extracting(ModelSpec::name).containsExactly("free");
    }

    @Test
    void aDependsOnNamingNothingAndABadConfigAreProblemsAtTheirFile() {
        project.file("models/m.sql", "-- tributary: {materialized: viewz, depends_on: [nowhere]}\nSELECT 1 AS x\n");
        project.file("models/inc.sql", "-- tributary: {materialized: incremental}\nSELECT 1 AS x\n");
        project.file("models/orphan.yml", "materialized: view\n");

        ModelBuilds.Loaded loaded = ModelBuilds.load(project.load());

        assertThat(loaded.problems()).extracting(Object::toString).anySatisfy(p -> assertThat(p).contains("m.sql:1", "viewz"))
                .anySatisfy(p -> assertThat(p).contains("inc.sql:1", "unique_key"))
                .anySatisfy(p -> assertThat(p).contains("orphan.yml", "no model beside it"));
    }

    @Test
    void aMissingInputOrABrokenSelectFailsWithTheFileAndLineAndKeepsTheLastGoodVersion() {
        project.file("models/daily.sql", "SELECT day, sum(total) AS revenue\nFROM orders\nGROUP BY day\n");
        project.file("models/downstream.sql", "SELECT count(*) AS days FROM daily\n");
        assertThat(project.models(false)).allSatisfy(r -> assertThat(r.succeeded()).isTrue());

        project.file("models/daily.sql", "SELECT day,\n       sum(totl) AS revenue\nFROM orders\nGROUP BY day\n");
        List<ModelResult> broken = project.models(false);

        assertThat(broken.get(0).status()).isEqualTo(RunStatus.FAILED);
        assertThat(broken.get(0).error()).contains("models/daily.sql:2", "totl", "last good version stays");
        assertThat(broken.get(1).status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(broken.get(1).error()).contains("its input daily failed");
        assertThat(project.count("daily")).isEqualTo(2);
        assertThat(project.value("SELECT days FROM downstream")).isEqualTo(2L);

        project.file("models/daily.sql", "SELECT day, sum(total) AS revenue\nFROM orders\nJOIN refunds USING (id)\nGROUP BY day\n");
        assertThat(project.models(false, "daily").get(0).error()).contains("models/daily.sql:3", "reads refunds", "neither a model nor a table");
    }

    @Test
    void aFailingErrorCheckKeepsTheLastGoodVersionAndAWarnCheckPublishesBothStoredWithTheModelsRun() {
        project.file("models/customers.sql", "SELECT customer, sum(total) AS spent FROM orders GROUP BY customer\n");
        project.file("models/customers.yml", "checks:\n  - unique: customer\n  - range: {column: spent, min: 0, max: 50}\n    severity: warn\n");
        ModelResult first = project.models(false).get(0);
        assertThat(first.succeeded()).isTrue();
        assertThat(first.checks()).extracting(c -> c.check() + " " + c.status().word()).containsExactly("unique(customer) pass", "range(spent) pass");

        project.execute("INSERT INTO orders VALUES (5, DATE '2026-03-03', 'b', 100.00)");
        ModelResult warned = project.models(false).get(0);
        assertThat(warned.succeeded()).isTrue();
        assertThat(warned.warnings()).singleElement().asString().contains("range(spent): 1 of 2 rows fail (e.g. '120.00')");
        assertThat(project.value("SELECT spent FROM customers WHERE customer = 'b'").toString()).isEqualTo("120.00");

        project.file("models/customers.sql", "SELECT customer, total AS spent FROM orders\n");
        ModelResult blocked = project.models(false).get(0);
        assertThat(blocked.status()).isEqualTo(RunStatus.FAILED);
        assertThat(blocked.error()).contains("models/customers.sql:1", "was not published", "unique(customer): 2 of 4 rows fail");
        assertThat(project.count("customers")).as("the last good version").isEqualTo(2);
        List<CheckResult> stored = History.checks(project.load().metadata(), project.load().warehouse(), blocked.runId()).orElseThrow();
        assertThat(stored).extracting(c -> c.check() + " " + c.status().word()).contains("unique(customer) fail");
        assertThat(stored).allSatisfy(c -> assertThat(c.pipeline()).isEqualTo("customers"));
    }

    @Test
    void anIncrementalModelMergesOnItsKeyKeepsRowsItNoLongerYieldsAndRebuildsOnAFullRefresh() {
        project.file("models/by_customer.sql", "-- tributary: {materialized: incremental, unique_key: customer}\n"
                + "SELECT customer, sum(total) AS spent FROM orders WHERE day >= DATE '2026-03-02' GROUP BY customer\n");
        project.execute("UPDATE orders SET day = DATE '2026-03-02'");
        assertThat(project.models(false).get(0).rows()).isEqualTo(2);

        project.execute("DELETE FROM orders WHERE customer = 'b'", "INSERT INTO orders VALUES (9, DATE '2026-03-02', 'a', 1.00)");
        ModelResult merged = project.models(false).get(0);

        assertThat(merged.rows()).as("rows merged").isEqualTo(1);
        assertThat(project.rows("SELECT customer, CAST(spent AS VARCHAR) AS spent FROM by_customer ORDER BY customer")).containsExactly(
                Map.of("customer", "a", "spent", "16.50"), Map.of("customer", "b", "spent", "20.00"));

        assertThat(project.models(true).get(0).succeeded()).isTrue();
        assertThat(project.count("by_customer")).as("rebuilt in full: b is gone").isEqualTo(1);
    }

    @Test
    void anIncrementalModelWithACursorMergesOnlyRowsFromItsNewestValueOn() {
        project.file("models/days.sql", "-- tributary: {materialized: incremental, unique_key: day, cursor: day}\n"
                + "SELECT day, count(*) AS orders, now() AS built_at FROM orders GROUP BY day\n");
        project.models(false);
        Object firstBuilt = project.value("SELECT built_at FROM days WHERE day = DATE '2026-03-01'");

        project.execute("INSERT INTO orders VALUES (7, DATE '2026-03-02', 'd', 1.00)");
        assertThat(project.models(false).get(0).rows()).as("only the newest day is merged again").isEqualTo(1);

        assertThat(project.value("SELECT built_at FROM days WHERE day = DATE '2026-03-01'")).isEqualTo(firstBuilt);
        assertThat(project.value("SELECT orders FROM days WHERE day = DATE '2026-03-02'")).isEqualTo(2L);
    }

    @Test
    void aSelectionBuildsAModelAndWhatIsDownstreamOfIt() {
        project.file("models/a.sql", "SELECT * FROM orders\n");
        project.file("models/b.sql", "SELECT count(*) AS n FROM a\n");
        project.file("models/c.sql", "SELECT 1 AS one\n");

        assertThat(project.models(false, "a+")).extracting(ModelResult::model).containsExactly("a", "b");
        assertThat(project.models(false, "+b")).extracting(ModelResult::model).containsExactly("a", "b");
        assertThat(project.models(false, "c")).extracting(ModelResult::model).containsExactly("c");
    }
}
