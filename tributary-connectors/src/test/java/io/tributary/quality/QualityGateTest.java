package io.tributary.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tributary.engine.RunResult;
import io.tributary.metadata.CheckResult;
import io.tributary.metadata.RunStatus;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check types of the quality gate, passing and failing with exact counts, and quarantine. */
class QualityGateTest {
    @TempDir
    Path dir;

    private static final String ORDERS = """
            id,email,phone,site,day,total
            1,a@x.io,+44 20 7946 0958,https://shop.example.com/a,2024-01-05,10
            2,not-an-email,555-0100,ftp://nowhere,05/01/2024,20
            3,c@x.io,,https://x.example.org,2024-02-30T10:00:00Z,-30
            4,d@x,12,shop.example.com,2024-03-01,40
            5,,+1 (415) 555-0101,http://a.b,2024-03-01 08:00,99999
            """;

    private TestProject orders(String checks) {
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", ORDERS);
        project.pipeline("orders", "source: {type: file, path: data/orders.csv, csv: {all_text: true}}\nload: {table: orders}\nchecks:\n" + checks);
        return project;
    }

    private static CheckResult result(RunResult run, String name) {
        return run.checks().stream().filter(c -> c.check().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no result " + name + " in " + run.checks()));
    }

    @Test
    void theBuiltInPatternsCountTheValuesThatDoNotLookLikeOne() {
        TestProject project = orders("""
                  - pattern: {column: email, format: email}
                    severity: warn
                  - pattern: {column: phone, format: phone}
                    severity: warn
                  - pattern: {column: site, format: url}
                    severity: warn
                  - pattern: {column: day, format: iso_date}
                    severity: warn
                """);

        RunResult run = project.run("orders");

        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        // NULLs are not_null's business: an empty e-mail or phone is not a pattern failure
        assertThat(result(run, "pattern(email: email)").failing()).isEqualTo(2);
        assertThat(result(run, "pattern(phone: phone)").failing()).isEqualTo(1);
        assertThat(result(run, "pattern(site: url)").failing()).isEqualTo(2);
        assertThat(result(run, "pattern(day: iso_date)").failing()).isEqualTo(1);
        assertThat(result(run, "pattern(email: email)").status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(result(run, "pattern(email: email)").samples()).as("the failing rows, whole, to keep").hasSize(2)
                .anySatisfy(row -> assertThat(row).contains("'id': 2", "'email': not-an-email"))
                .anySatisfy(row -> assertThat(row).contains("'id': 4", "'email': d@x"));
        assertThat(run.warnings()).anySatisfy(w -> assertThat(w).contains("pattern(email: email): 2 of 5 rows fail (e.g. 'not-an-email', 'd@x')"));
        assertThat(project.count("orders")).isEqualTo(5);
    }

    @Test
    void aRegexOfTheUsersMustMatchTheWholeValueAndAFailingErrorCheckPublishesNothing() {
        TestProject project = orders("  - pattern: {column: id, regex: '[1-4]'}\n");

        RunResult run = project.run("orders");

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("checks failed, nothing was published").contains("pattern(id): 1 of 5 rows fail (e.g. '5')");
        assertThat(project.value("SELECT count(*) FROM information_schema.tables WHERE table_name = 'orders'")).isEqualTo(0L);
    }

    @Test
    void anInvalidRegexOrAnUnknownFormatIsAValidationProblemWithItsPlace() {
        TestProject project = orders("  - pattern: {column: id, regex: '[1-'}\n  - pattern: {column: id, format: emial}\n");

        Throwable problem = catchThrowable(project::load);

        assertThat(problem).hasMessageContaining("orders.yml:5").hasMessageContaining("regex is not valid")
                .hasMessageContaining("orders.yml:6").hasMessageContaining("'emial' is not one of email, phone, url, iso_date")
                .hasMessageContaining("email");
    }

    @Test
    void relationshipsFindsTheValuesWithoutARowInTheOtherTable() {
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", "id,total\n1,10\n2,20\n3,30\n");
        project.file("data/items.csv", "order_id,sku\n1,a\n1,b\n3,c\n7,d\n9,e\n,f\n");
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}\n");
        project.pipeline("items", "source: {type: file, path: data/items.csv}\nload: {table: items}\nchecks:\n"
                + "  - relationships: {column: order_id, to: orders, field: id}\n");
        assertThat(project.run("orders").error()).isNull();

        RunResult run = project.run("items");

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        CheckResult orphans = result(run, "relationships(order_id → orders.id)");
        assertThat(orphans.failing()).isEqualTo(2);
        assertThat(orphans.samples()).hasSize(2).anySatisfy(row -> assertThat(row).contains("'order_id': 7", "'sku': d"))
                .anySatisfy(row -> assertThat(row).contains("'order_id': 9", "'sku': e"));
        assertThat(run.error()).contains("relationships(order_id → orders.id): 2 of 6 rows fail");
    }

    @Test
    void relationshipsToATableThatDoesNotExistSaysSo() {
        TestProject project = TestProject.in(dir);
        project.file("data/items.csv", "order_id,sku\n1,a\n");
        project.pipeline("items", "source: {type: file, path: data/items.csv}\nload: {table: items}\nchecks:\n"
                + "  - relationships: {column: order_id, to: orderz, field: id}\n");

        RunResult run = project.run("items");

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("there is no table orderz");
    }

    @Test
    void freshnessComparesTheNewestTimestampWithTheRunsTime() {
        Instant now = Instant.now();
        TestProject project = TestProject.in(dir);
        project.file("data/events.csv", "id,at\n1," + now.minus(5, ChronoUnit.HOURS) + "\n2," + now.minus(90, ChronoUnit.MINUTES) + "\n");
        project.pipeline("events", "source: {type: file, path: data/events.csv}\nload: {table: events}\nchecks:\n"
                + "  - freshness: {column: at, max_age: 2h}\n  - freshness: {column: at, max_age: 1h}\n    severity: warn\n");

        RunResult run = project.run("events");

        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        List<CheckResult> freshness = run.checks().stream().filter(c -> c.type().equals("freshness")).toList();
        assertThat(freshness).extracting(CheckResult::status).containsExactly(CheckResult.Status.PASS, CheckResult.Status.WARN);
        assertThat(freshness.get(1).message()).contains("is 1h 30m old, more than 1h");
    }

    @Test
    void volumeSaysThereIsNotEnoughHistoryThenComparesWithTheLastRuns() {
        TestProject project = TestProject.in(dir);
        project.file("data/a.csv", "id\n1\n2\n3\n4\n");
        project.pipeline("v", "source: {type: file, path: data/a.csv}\nload: {table: v, mode: replace}\nchecks:\n"
                + "  - volume: {change: 50%, over_last: 3}\n");

        RunResult first = project.run("v");
        assertThat(first.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(result(first, "volume(change 50%)").message()).contains("not enough history yet: 0 of 1 earlier run");

        project.file("data/a.csv", "id\n1\n2\n3\n4\n5\n6\n");
        assertThat(project.run("v").status()).isEqualTo(RunStatus.SUCCESS); // 6 is within 50% of 4

        project.file("data/a.csv", "id\n" + "1\n".repeat(10));
        RunResult third = project.run("v");
        assertThat(third.status()).isEqualTo(RunStatus.FAILED);
        // the average of 4 and 6 is 5: 10 is more than 50% above it
        assertThat(third.error()).contains("volume").contains("10 rows, expected within 50% of 5 (the average of the last 2 runs): 2 to 8");
        assertThat(project.count("v")).isEqualTo(6);
    }

    @Test
    void volumeWithinStandardDeviationsNeedsThreeRunsAndFixedBoundsNone() {
        TestProject project = TestProject.in(dir);
        project.pipeline("v", "source: {type: file, path: data/a.csv}\nload: {table: v, mode: replace}\nchecks:\n"
                + "  - volume: {stddev: 2}\n    severity: warn\n  - volume: {min: 2, max: 100}\n");
        for (int rows : new int[] {10, 12, 11}) {
            project.file("data/a.csv", "id\n" + "1\n".repeat(rows));
            RunResult run = project.run("v");
            assertThat(run.checks().get(0).message()).contains("not enough history yet");
        }
        project.file("data/a.csv", "id\n" + "1\n".repeat(30));

        RunResult run = project.run("v");

        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(run.checks()).extracting(CheckResult::status).containsExactly(CheckResult.Status.WARN, CheckResult.Status.PASS);
        assertThat(run.checks().get(0).message()).contains("30 rows, expected within 2 standard deviations of 11");

        project.file("data/a.csv", "id\n1\n");
        assertThat(project.run("v").error()).contains("1 rows, expected at least 2 and at most 100");
    }

    @Test
    void schemaNamesTheMissingTheForbiddenAndTheChangedColumns() {
        TestProject project = orders("  - schema: {required: [id, customer_id], forbidden: [phone], types: {total: BIGINT, id: text}}\n");

        RunResult run = project.run("orders");

        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result(run, "schema").samples()).containsExactly("missing column customer_id", "forbidden column phone is present",
                "total is VARCHAR, expected BIGINT");
    }

    @Test
    void aSqlCheckCountsTheRowsItsQueryReturns() {
        TestProject project = orders("  - sql: \"SELECT id FROM {table} WHERE CAST(total AS INTEGER) > 30\"\n    severity: warn\n"
                + "  - sql: {query: \"SELECT * FROM {table} WHERE id = '0'\"}\n");

        RunResult run = project.run("orders");

        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(run.checks()).extracting(CheckResult::failing).containsExactly(2L, 0L);
        assertThat(run.checks().get(0).samples()).containsExactlyInAnyOrder("'{'id': 4}'", "'{'id': 5}'");
    }

    @Test
    void quarantineSetsTheFailingRowsAsideWithTheirReasonAndPublishesTheRest() {
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", ORDERS);
        project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}\nchecks:\n"
                + "  - range: {column: total, min: 0, max: 10000}\n    quarantine: true\n"
                + "  - pattern: {column: email, format: email}\n    quarantine: true\n");

        RunResult run = project.run("orders");

        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        // rows 2 and 4 have bad e-mails, 3 and 5 totals out of range
        assertThat(project.rows("SELECT id FROM orders ORDER BY id")).containsExactly(Map.of("id", 1L));
        assertThat(run.rowsRead()).isEqualTo(5);
        assertThat(run.rowsLoaded()).isEqualTo(1);
        assertThat(run.rowsQuarantined()).isEqualTo(4);
        assertThat(project.rows("SELECT id, _tributary_check, _tributary_reason, _tributary_run_id FROM orders__quarantine ORDER BY id"))
                .containsExactly(
                        Map.of("id", 2L, "_tributary_check", "pattern(email: email)", "_tributary_reason", "pattern(email: email): not-an-email",
                                "_tributary_run_id", run.runId()),
                        Map.of("id", 3L, "_tributary_check", "range(total)", "_tributary_reason", "range(total): -30", "_tributary_run_id", run.runId()),
                        Map.of("id", 4L, "_tributary_check", "pattern(email: email)", "_tributary_reason", "pattern(email: email): d@x",
                                "_tributary_run_id", run.runId()),
                        Map.of("id", 5L, "_tributary_check", "range(total)", "_tributary_reason", "range(total): 99999", "_tributary_run_id", run.runId()));
        assertThat(result(run, "range(total)").status()).isEqualTo(CheckResult.Status.WARN);
        assertThat(result(run, "range(total)").message()).contains("2 of 5 rows fail").contains("quarantined in orders__quarantine (see them: tributary quarantine orders)");
        assertThat(project.rows("SELECT rows_read, rows_loaded, rows_quarantined FROM _tributary.runs WHERE run_id = " + run.runId()))
                .containsExactly(Map.of("rows_read", 5L, "rows_loaded", 1L, "rows_quarantined", 4L));
    }

    @Test
    void quarantineOnACheckOfTheWholeTableIsAValidationProblem() {
        TestProject project = orders("  - unique: id\n    quarantine: true\n");

        assertThat(catchThrowable(project::load)).hasMessageContaining("orders.yml:6").hasMessageContaining("judges the table as a whole");
    }

    @Test
    void everyResultIsStoredAsTheRunReportedIt() {
        TestProject project = orders("  - pattern: {column: email, format: email}\n    severity: warn\n  - not_null: [email]\n    max_missing: 25%\n");

        RunResult run = project.run("orders");

        List<Map<String, Object>> stored = project.rows("SELECT check_name, status, failing_rows, total_rows FROM _tributary.check_results WHERE run_id = "
                + run.runId() + " ORDER BY check_name");
        assertThat(stored).containsExactly(
                Map.of("check_name", "not_null(email)", "status", "pass", "failing_rows", 1L, "total_rows", 5L),
                Map.of("check_name", "pattern(email: email)", "status", "warn", "failing_rows", 2L, "total_rows", 5L));
    }
}
