package io.tributary.connectors.database;

import io.tributary.testkit.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Northwind from a source database into a destination database (PostgreSQL and MariaDB each way),
 * fully and then incrementally (an insert, an update, an update committed late but inside the
 * lookback), compared row by row with the source after every run.
 */
class NorthwindIntoDatabasesTest {
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"postgres, postgres", "postgres, mariadb", "mariadb, postgres", "mariadb, mariadb"})
    void everyTableFullyThenOrdersIncrementallyArriveExactly(String sourceKind, String destinationKind) {
        try (TestDatabase source = NorthwindDatabase.create(sourceKind); TestDatabase destination = TestDatabase.create(destinationKind)) {
            TestProject project = TestProject.in(dir);
            project.file("tributary.yml", "name: test\nconnections:\n" + source.connectionYaml("shop_db") + destination.connectionYaml("dw"));
            String schema = "postgres".equals(sourceKind) ? "public." : "";
            String destinationSchema = "postgres".equals(destinationKind) ? "public" : destination.name();
            project.pipeline("northwind", "source:\n  type: database\n  connection: shop_db\n  tables: ["
                    + String.join(", ", NorthwindDatabase.TABLES.stream().filter(t -> !t.equals("orders")).map(t -> schema + t).toList()) + "]\n"
                    + "load: {table: lookups, mode: replace, destination: dw}");
            project.pipeline("orders", """
                    source:
                      type: database
                      connection: shop_db
                      table: orders
                      incremental: {cursor: updated_at, lookback: 10m}
                    load: {table: orders, mode: merge, key: id, destination: dw}
                    """);

            RunResult full = project.run("northwind");
            assertThat(full.error()).isNull();
            for (String table : NorthwindDatabase.TABLES) {
                if (!table.equals("orders")) {
                    assertSameRows(source, table, destination, destinationSchema, table);
                }
            }

            assertThat(project.run("orders").rowsLoaded()).isEqualTo(830);
            assertSameRows(source, "orders", destination, destinationSchema, "orders");
            RunResult unchanged = project.run("orders");
            assertThat(unchanged.error()).isNull();
            assertThat(unchanged.rowsLoaded()).as("a rerun without source changes loads nothing").isZero();

            OffsetDateTime last = NorthwindDatabase.updatedAt(11077);
            source.execute("INSERT INTO orders (id, " + q(source, "customerId") + ", " + q(source, "customerKey") + ", freight, "
                    + q(source, "shipName") + ", " + q(source, "shipperId") + ", updated_at) VALUES (20000, 1, 'ALFKI', 12.34, 'Näher Straße', 2, "
                    + at(source, last.plusMinutes(1)) + ")",
                    "UPDATE orders SET freight = 99.99, updated_at = " + at(source, last.plusMinutes(2)) + " WHERE id = 10300");
            RunResult changes = project.run("orders");
            assertThat(changes.error()).isNull();
            assertThat(changes.rowsLoaded()).isEqualTo(2);
            assertSameRows(source, "orders", destination, destinationSchema, "orders");

            // committed late: behind the saved cursor, but inside the 10 minute lookback
            source.execute("UPDATE orders SET " + q(source, "shipCity") + " = 'Late City', updated_at = "
                    + at(source, last.plusMinutes(2).minusMinutes(5)) + " WHERE id = 10400");
            RunResult late = project.run("orders");
            assertThat(late.error()).isNull();
            assertThat(late.rowsLoaded()).isEqualTo(1);
            assertSameRows(source, "orders", destination, destinationSchema, "orders");
        }
    }

    private static void assertSameRows(TestDatabase source, String table, TestDatabase destination, String destinationSchema,
                                       String destinationTable) {
        List<Map<String, String>> expected = normalised(source.rows("SELECT * FROM " + table + " ORDER BY id"));
        List<Map<String, String>> actual = normalised(destination.rows("SELECT * FROM " + q(destination, destinationSchema) + "."
                + q(destination, destinationTable) + " ORDER BY id"));
        assertThat(actual).as("rows of %s in %s against %s", destinationTable, destination.kind(), source.kind()).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("row %d of %s", i, destinationTable).isEqualTo(expected.get(i));
        }
    }

    /**
     * Values in comparable normal forms: numbers without trailing zeros, booleans as 0/1 (MariaDB has
     * no boolean type), instants and UTC date-times alike.
     */
    private static List<Map<String, String>> normalised(List<Map<String, Object>> rows) {
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, String> normal = new LinkedHashMap<>();
            row.forEach((column, value) -> {
                Object v = value instanceof Boolean b ? (b ? 1 : 0) : value;
                String text = NorthwindDatabase.normal(v);
                normal.put(column, text == null ? null : text.endsWith("Z") ? text.substring(0, text.length() - 1) : text);
            });
            out.add(normal);
        }
        return out;
    }

    private static String q(TestDatabase db, String name) {
        return "postgres".equals(db.kind()) ? "\"" + name + "\"" : "`" + name + "`";
    }

    private static String at(TestDatabase db, OffsetDateTime at) {
        return "'" + SQL_TIME.format(at.atZoneSameInstant(java.time.ZoneOffset.UTC)) + ("postgres".equals(db.kind()) ? "+00" : "") + "'";
    }
}
