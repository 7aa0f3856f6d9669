package io.tributary.connectors.database;

import io.tributary.testkit.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A PostgreSQL cursor column may hold {@code infinity}, which nothing is newer than. It never becomes
 * the saved cursor: the newest finite value does, so later finite changes are still read, and the
 * rows at infinity, read again by every run, are skipped while unchanged instead of loaded again.
 */
class InfiniteCursorTest {
    @TempDir
    Path dir;
    TestDatabase db;

    @BeforeEach
    void createDatabase() {
        db = TestDatabase.postgres();
    }

    @AfterEach
    void dropDatabase() {
        System.clearProperty(DatabaseSource.COPY_PROPERTY);
        db.close();
    }

    /** Each cursor type with its values at three moments, the lookback that fits it, and both ways of reading. */
    static Stream<Arguments> cursors() {
        return Stream.of(true, false).flatMap(copy -> Stream.of(
                Arguments.of("timestamp", List.of("2024-01-01 10:00", "2024-01-01 11:00", "2024-01-01 12:00"), "10m", copy),
                Arguments.of("timestamptz", List.of("2024-01-01 10:00+02", "2024-01-01 11:00+02", "2024-01-01 12:00+02"), "10m", copy),
                Arguments.of("date", List.of("2024-01-01", "2024-01-02", "2024-01-03"), "1d", copy)));
    }

    private TestProject project(String incremental, String mode) {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\n" + db.connectionsYaml("pg"));
        project.pipeline("orders", "source: {type: database, connection: pg, table: orders, incremental: " + incremental + "}\n"
                + "load: {table: orders, mode: " + mode + ", key: id}");
        return project;
    }

    private List<String> warehouse(TestProject project) {
        return project.rows("SELECT id, v FROM orders ORDER BY id, v").stream().map(r -> r.get("id") + "=" + r.get("v")).toList();
    }

    @ParameterizedTest(name = "{0}, copy: {3}")
    @MethodSource("cursors")
    void withLookbackAnInfiniteNewestCursorNeitherFailsNorHidesLaterChanges(String type, List<String> at, String lookback, boolean copy) {
        System.setProperty(DatabaseSource.COPY_PROPERTY, String.valueOf(copy));
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, v text, updated_at " + type + ")",
                "INSERT INTO orders VALUES (1, 'a', '" + at.get(0) + "'), (2, 'forever', 'infinity'), (3, 'old', '-infinity')");
        TestProject project = project("{cursor: updated_at, lookback: " + lookback + "}", "merge");

        RunResult first = project.run("orders");
        RunResult unchanged = project.run("orders");
        db.execute("INSERT INTO orders VALUES (4, 'new', '" + at.get(1) + "')", "UPDATE orders SET v = 'b', updated_at = '" + at.get(2) + "' WHERE id = 1");
        RunResult changed = project.run("orders");
        RunResult again = project.run("orders");

        assertThat(first.error()).isNull();
        assertThat(first.rowsLoaded()).isEqualTo(3);
        assertThat(unchanged.error()).isNull();
        assertThat(unchanged.rowsLoaded()).as("the row at infinity is read again, and skipped as unchanged").isZero();
        assertThat(changed.error()).isNull();
        assertThat(changed.rowsLoaded()).as("the new row and the updated one, both behind infinity").isEqualTo(2);
        assertThat(again.error()).isNull();
        assertThat(again.rowsLoaded()).isZero();
        assertThat(warehouse(project)).containsExactly("1=b", "2=forever", "3=old", "4=new");
    }

    @ParameterizedTest(name = "{0}, copy: {3}")
    @MethodSource("cursors")
    void withoutLookbackTheRowsAtInfinityAreLoadedOnceAndLaterRowsStillArrive(String type, List<String> at, String lookback, boolean copy) {
        System.setProperty(DatabaseSource.COPY_PROPERTY, String.valueOf(copy));
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, v text, updated_at " + type + ")",
                "INSERT INTO orders VALUES (1, 'a', '" + at.get(0) + "'), (2, 'forever', 'infinity'), (3, 'forever too', 'infinity')");
        TestProject project = project("{cursor: updated_at}", "append");

        RunResult first = project.run("orders");
        RunResult unchanged = project.run("orders");
        db.execute("INSERT INTO orders VALUES (4, 'new', '" + at.get(1) + "'), (5, 'also forever', 'infinity')");
        RunResult added = project.run("orders");

        assertThat(first.error()).isNull();
        assertThat(first.rowsLoaded()).isEqualTo(3);
        assertThat(unchanged.error()).isNull();
        assertThat(unchanged.rowsLoaded()).as("appending the rows at infinity again would duplicate them").isZero();
        assertThat(added.error()).isNull();
        assertThat(added.rowsLoaded()).isEqualTo(2);
        assertThat(warehouse(project)).containsExactly("1=a", "2=forever", "3=forever too", "4=new", "5=also forever");
    }

    @ParameterizedTest(name = "{0}, copy: {3}")
    @MethodSource("cursors")
    void aTableWhoseOnlyCursorValuesAreInfiniteStillReadsItsFirstFiniteRow(String type, List<String> at, String lookback, boolean copy) {
        System.setProperty(DatabaseSource.COPY_PROPERTY, String.valueOf(copy));
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, v text, updated_at " + type + ")",
                "INSERT INTO orders VALUES (1, 'forever', 'infinity')");
        TestProject project = project("{cursor: updated_at, lookback: " + lookback + "}", "merge");

        RunResult first = project.run("orders");
        RunResult unchanged = project.run("orders");
        db.execute("INSERT INTO orders VALUES (2, 'new', '" + at.get(0) + "'), (3, 'old', '-infinity')");
        RunResult added = project.run("orders");

        assertThat(first.rowsLoaded()).isEqualTo(1);
        assertThat(unchanged.error()).isNull();
        assertThat(unchanged.rowsLoaded()).isZero();
        assertThat(added.error()).isNull();
        assertThat(added.rowsLoaded()).isEqualTo(2);
        assertThat(warehouse(project)).containsExactly("1=forever", "2=new", "3=old");
    }

    @org.junit.jupiter.api.Test
    void moreRowsAtInfinityThanTheStateRemembersFailAnAppendButMergeAgain() {
        db.execute("CREATE TABLE orders (id int PRIMARY KEY, v text, updated_at timestamp)",
                "INSERT INTO orders SELECT g, 'forever', 'infinity' FROM generate_series(1, " + (CursorState.MAX_WINDOW + 1) + ") g",
                "INSERT INTO orders VALUES (0, 'a', '2024-01-01 10:00')");
        TestProject append = project("{cursor: updated_at}", "append");

        RunResult refused = append.run("orders");

        assertThat(refused.error()).contains("table orders of connection 'pg' has more than 10000 rows whose cursor updated_at is infinity")
                .contains("mode: merge");

        TestProject merge = project("{cursor: updated_at}", "merge");
        RunResult first = merge.run("orders");
        db.execute("INSERT INTO orders VALUES (-1, 'new', '2024-01-01 11:00')");
        RunResult second = merge.run("orders");

        assertThat(first.error()).isNull();
        assertThat(second.error()).isNull();
        assertThat(second.rowsLoaded()).as("the new row, and the rows at infinity merged again").isEqualTo(CursorState.MAX_WINDOW + 2);
        assertThat(merge.count("orders")).isEqualTo(CursorState.MAX_WINDOW + 3);
    }
}
