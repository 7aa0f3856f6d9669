package io.tributary.connectors.database;

import io.tributary.testkit.TestDatabase;
import static io.tributary.connectors.database.NorthwindDatabase.assertSameRows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Northwind from PostgreSQL and from MariaDB into the warehouse, fully and incrementally, compared row by row with the source. */
class NorthwindExtractTest {
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "mariadb"})
    void severalTablesInOnePipelineLandEveryRowExactly(String kind) {
        try (TestDatabase db = NorthwindDatabase.create(kind)) {
            TestProject project = project(db);
            String schema = "postgres".equals(kind) ? "public." : "";
            project.pipeline("northwind", "source:\n  type: database\n  connection: shop_db\n  tables: ["
                    + String.join(", ", NorthwindDatabase.TABLES.stream().map(t -> schema + t).toList()) + "]\n"
                    + "load: {table: northwind.orders, mode: replace}");

            RunResult result = project.run("northwind");

            assertThat(result.error()).isNull();
            assertThat(result.rowsLoaded()).isEqualTo(91 + 77 + 8 + 30 + 830 + 2155 + 3);
            for (String table : NorthwindDatabase.TABLES) {
                assertSameRows(db, table, project, "northwind." + table);
            }
            assertThat(project.columns("northwind.orders")).containsEntry("freight", "DECIMAL(10,2)")
                    .containsEntry("updated_at", "postgres".equals(kind) ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "mariadb"})
    void incrementalRunsCatchInsertsUpdatesAndALateCommitInsideTheLookback(String kind) {
        try (TestDatabase db = NorthwindDatabase.create(kind)) {
            TestProject project = project(db);
            project.pipeline("orders", """
                    source:
                      type: database
                      connection: shop_db
                      table: orders
                      incremental: {cursor: updated_at, lookback: 10m}
                    load: {table: orders, mode: merge, key: id}
                    """);
            OffsetDateTime last = NorthwindDatabase.updatedAt(11077);

            assertThat(project.run("orders").rowsLoaded()).isEqualTo(830);
            assertSameRows(db, "orders", project, "orders");
            String state = state(project);
            RunResult again = project.run("orders");
            assertThat(again.error()).isNull();
            assertThat(again.rowsLoaded()).as("rows re-read inside the lookback are unchanged: nothing to load").isZero();
            assertThat(state(project)).isEqualTo(state);

            db.execute("INSERT INTO orders (id, " + q(db, "customerId") + ", " + q(db, "customerKey") + ", freight, " + q(db, "shipName") + ", "
                    + q(db, "shipperId") + ", updated_at) VALUES (20000, 1, 'ALFKI', 12.34, 'Näher Straße', 2, "
                    + at(db, last.plusMinutes(1)) + ")",
                    "UPDATE orders SET freight = 99.99, updated_at = " + at(db, last.plusMinutes(2)) + " WHERE id = 10300");
            RunResult second = project.run("orders");
            assertThat(second.error()).isNull();
            assertThat(second.rowsLoaded()).as("the new and the updated order").isEqualTo(2);
            assertSameRows(db, "orders", project, "orders");

            // committed late: its updated_at is behind the saved cursor, but within the 10 minute lookback
            db.execute("UPDATE orders SET " + q(db, "shipCity") + " = 'Late City', updated_at = " + at(db, last.plusMinutes(2).minusMinutes(5)) + " WHERE id = 10400");
            RunResult third = project.run("orders");
            assertThat(third.error()).isNull();
            assertThat(third.rowsLoaded()).as("the late commit").isEqualTo(1);
            assertSameRows(db, "orders", project, "orders");
            assertThat(project.value("SELECT \"shipCity\" FROM orders WHERE id = 10400")).isEqualTo("Late City");
            assertThat(project.value("SELECT count(*) FROM orders")).isEqualTo(831L);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "mariadb"})
    void withoutLookbackRowsSharingTheSavedCursorAreNeverSkippedNorReadTwice(String kind) {
        try (TestDatabase db = NorthwindDatabase.create(kind)) {
            TestProject project = project(db);
            project.pipeline("orders", """
                    source:
                      type: database
                      connection: shop_db
                      table: orders
                      incremental: {cursor: updated_at}
                    load: {table: orders, mode: append}
                    """);
            // orders 11076 and 11077 share the last updated_at: the first run ends on 11076
            db.execute("DELETE FROM orders WHERE id = 11077");
            assertThat(project.run("orders").rowsLoaded()).isEqualTo(829);
            // committed later with the very cursor value of the saved position and a key after it
            db.execute("INSERT INTO orders (id, " + q(db, "customerId") + ", " + q(db, "shipperId") + ", updated_at) VALUES (11077, 1, 1, "
                    + at(db, NorthwindDatabase.updatedAt(11076)) + ")");
            String stateBefore = state(project);

            RunResult second = project.run("orders");
            String stateAfter = state(project);
            RunResult third = project.run("orders");

            assertThat(second.error()).isNull();
            assertThat(second.rowsLoaded()).as("only the new row sharing the saved cursor value").isEqualTo(1);
            assertThat(stateAfter).isNotEqualTo(stateBefore);
            assertThat(third.rowsLoaded()).as("a run with no source changes loads nothing").isZero();
            assertThat(state(project)).isEqualTo(stateAfter);
            assertThat(stateAfter).contains("11077");
            assertSameRows(db, "orders", project, "orders");
        }
    }

    @org.junit.jupiter.api.Test
    void severalTablesMergeEachOnItsOwnPrimaryKeyAndATableWithoutOneIsRefused() {
        try (TestDatabase db = NorthwindDatabase.create("postgres")) {
            TestProject project = project(db);
            project.pipeline("lookups", "source: {type: database, connection: shop_db, tables: [public.shippers, public.categories]}\n"
                    + "load: {table: lookups.shippers, mode: merge, key: id}");
            assertThat(project.run("lookups").error()).isNull();
            db.execute("UPDATE shippers SET phone = '(503) 555-0000' WHERE id = 2", "INSERT INTO categories VALUES (9, 'Snacks', 'Crisps and nuts')");

            RunResult second = project.run("lookups");

            assertThat(second.error()).isNull();
            assertSameRows(db, "shippers", project, "lookups.shippers");
            assertSameRows(db, "categories", project, "lookups.categories");

            db.execute("CREATE TABLE notes (body text)");
            project.pipeline("lookups", "source: {type: database, connection: shop_db, tables: [public.shippers, public.notes]}\n"
                    + "load: {table: lookups.shippers, mode: merge, key: id}");
            assertThat(project.run("lookups").error()).contains("table public.notes of connection 'shop_db' has no primary key, so its rows cannot be merged");
        }
    }

    private static String state(TestProject project) {
        return (String) project.value("SELECT value FROM _tributary.state WHERE pipeline = 'orders'");
    }

    static TestProject project(Path dir, TestDatabase db) {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\n" + db.connectionsYaml("shop_db"));
        return project;
    }

    private TestProject project(TestDatabase db) {
        return project(dir, db);
    }

    static String q(TestDatabase db, String name) {
        return "postgres".equals(db.kind()) ? "\"" + name + "\"" : "`" + name + "`";
    }

    /** A timestamp literal for the database's updated_at column. */
    private static String at(TestDatabase db, OffsetDateTime at) {
        return "postgres".equals(db.kind()) ? "'" + at.format(SQL_TIME) + "+00'" : "'" + at.toLocalDateTime().format(SQL_TIME) + "'";
    }
}
