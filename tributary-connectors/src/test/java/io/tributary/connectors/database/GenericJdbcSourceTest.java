package io.tributary.connectors.database;

import io.tributary.testkit.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kind: jdbc}: any database with a JDBC driver, mapped by the JDBC types its driver reports
 * and quoted with ANSI double quotes. A DuckDB database file stands in for such a database here (its
 * driver is on the class path and registers itself, as a jar in drivers/ would).
 */
class GenericJdbcSourceTest {
    @TempDir
    Path dir;

    @Test
    void aTableOfAnotherDatabaseLoadsWithExactTypesAndIncrementallyByAnIntegerCursor() throws Exception {
        Path other = dir.resolve("erp.duckdb");
        try (Connection erp = DriverManager.getConnection("jdbc:duckdb:" + other); Statement statement = erp.createStatement()) {
            statement.execute("CREATE TABLE \"Invoices\" (id INTEGER, \"seq no\" BIGINT, amount DECIMAL(10,2), customer VARCHAR, "
                    + "issued DATE, stamped TIMESTAMP, paid BOOLEAN, rate DOUBLE)");
            statement.execute("INSERT INTO \"Invoices\" VALUES (1, 10, 12.50, 'Zoë', DATE '2026-01-02', TIMESTAMP '2026-01-02 03:04:05.123456', true, 0.1), "
                    + "(2, 10, -0.01, NULL, NULL, NULL, false, 1e300)");
        }
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\nconnections:\n  erp: {kind: jdbc, url: 'jdbc:duckdb:" + other + "'}\n");
        project.pipeline("invoices", "source:\n  type: database\n  connection: erp\n  table: Invoices\n"
                + "  incremental: {cursor: seq no, key: [id]}\nload: {table: invoices, mode: append}");

        RunResult first = project.run("invoices");
        try (Connection erp = DriverManager.getConnection("jdbc:duckdb:" + other); Statement statement = erp.createStatement()) {
            statement.execute("INSERT INTO \"Invoices\" (id, \"seq no\", amount) VALUES (3, 10, 3.00), (4, 11, 4.00)");
        }
        RunResult second = project.run("invoices");

        assertThat(first.error()).isNull();
        assertThat(first.rowsLoaded()).isEqualTo(2);
        assertThat(second.error()).isNull();
        assertThat(second.rowsLoaded()).as("the row sharing the saved cursor with a later key, and the next").isEqualTo(2);
        assertThat(project.columns("invoices")).containsEntry("amount", "DECIMAL(10,2)").containsEntry("issued", "DATE")
                .containsEntry("stamped", "TIMESTAMP").containsEntry("paid", "BOOLEAN").containsEntry("rate", "DOUBLE").containsEntry("seq no", "BIGINT");
        assertThat(project.rows("SELECT id, CAST(amount AS VARCHAR) a, customer, CAST(issued AS VARCHAR) d, strftime(stamped, '%Y-%m-%d %H:%M:%S.%f') t, "
                + "paid, rate FROM invoices ORDER BY id"))
                .extracting(r -> r.get("id") + "|" + r.get("a") + "|" + r.get("customer") + "|" + r.get("d") + "|" + r.get("t") + "|" + r.get("paid") + "|" + r.get("rate"))
                .containsExactly("1|12.50|Zoë|2026-01-02|2026-01-02 03:04:05.123456|true|0.1", "2|-0.01|null|null|null|false|1.0E300",
                        "3|3.00|null|null|null|null|null", "4|4.00|null|null|null|null|null");
    }

    /** What each temporal column holds, as text that does not depend on DuckDB's time zone. */
    static final String TEMPORAL_TEXT = """
            SELECT id, CAST(ts AS VARCHAR) ts,
              CASE WHEN isinf(tz) THEN CAST(tz AS VARCHAR) ELSE CAST(timezone('UTC', tz) AS VARCHAR) END tz,
              CAST(d AS VARCHAR) d, CAST(t AS VARCHAR) t, CAST(ttz AS VARCHAR) ttz
            FROM events ORDER BY id""";

    static void createEvents(TestDatabase db) {
        db.execute("CREATE TABLE events (id int PRIMARY KEY, ts timestamp, tz timestamptz, d date, t time, ttz timetz)",
                """
                INSERT INTO events VALUES
                (1, '2024-01-02 03:04:05.123456', '2024-01-02 03:04:05.123456+05:30', '2024-02-29', '23:59:59.999999', '10:00:00.5+02'),
                (2, 'infinity', 'infinity', 'infinity', '00:00', '00:00-11'),
                (3, '-infinity', '-infinity', '-infinity', NULL, NULL),
                (4, '290000-01-01 00:00:00', '290000-01-01 00:00:00+00', '5874897-12-31', NULL, NULL),
                (5, '4713-01-01 00:00:00 BC', '4713-01-01 00:00:00+00 BC', '4713-01-01 BC', NULL, NULL),
                (6, NULL, NULL, NULL, NULL, NULL)""");
    }

    static final List<String> EVENTS = List.of(
            "1|2024-01-02 03:04:05.123456|2024-01-01 21:34:05.123456|2024-02-29|23:59:59.999999|10:00:00.5+02",
            "2|infinity|infinity|infinity|00:00:00|00:00:00-11",
            "3|-infinity|-infinity|-infinity|null|null",
            "4|290000-01-01 00:00:00|290000-01-01 00:00:00|5874897-12-31|null|null",
            "5|4713-01-01 (BC) 00:00:00|4713-01-01 (BC) 00:00:00|4713-01-01 (BC)|null|null",
            "6|null|null|null|null|null");

    static List<String> texts(TestProject project) {
        return project.rows(TEMPORAL_TEXT).stream()
                .map(r -> r.get("id") + "|" + r.get("ts") + "|" + r.get("tz") + "|" + r.get("d") + "|" + r.get("t") + "|" + r.get("ttz")).toList();
    }

    @Test
    void aPostgresDatabaseReadAsKindJdbcKeepsZonedTimestampsInfinitiesAndFarDatesExactly() {
        try (TestDatabase db = TestDatabase.postgres()) {
            createEvents(db);
            db.execute("INSERT INTO events (id, ts) VALUES (7, '294270-01-01 00:00:00')");
            TestProject project = TestProject.in(dir);
            project.file("tributary.yml", "name: test\nconnections:\n  erp: {kind: jdbc, url: '" + db.url() + "?user=postgres'}\n");
            project.pipeline("events", "source: {type: database, connection: erp, table: events}\nload: {table: events, mode: replace}\n"
                    + "max_rejected: 1");

            RunResult result = project.run("events");

            assertThat(result.error()).isNull();
            assertThat(project.columns("events")).containsEntry("ts", "TIMESTAMP").containsEntry("tz", "TIMESTAMP WITH TIME ZONE")
                    .containsEntry("d", "DATE").containsEntry("t", "TIME").containsEntry("ttz", "TIME WITH TIME ZONE");
            assertThat(texts(project)).containsExactlyElementsOf(EVENTS);
            assertThat(result.rowsRejected()).as("a timestamp beyond DuckDB's range").isEqualTo(1);
            assertThat(project.rows("SELECT column_name, reason FROM _tributary.rejected_rows")).singleElement()
                    .satisfies(r -> assertThat(r.get("column_name")).isEqualTo("ts"))
                    .satisfies(r -> assertThat((String) r.get("reason")).contains("(id 7)").contains("294270-01-01").contains("DuckDB"));
        }
    }
}
