package io.tributary.connectors.database;

import io.tributary.testkit.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Table, schema and column names from the config and the source are always quoted in the source's
 * SQL: a table {@code order} in schema {@code Sales Data} with columns {@code Sales Total},
 * {@code select}, {@code we"ird} and {@code it's} reads fully and incrementally (the cursor and
 * tie-breaker names end up in WHERE and ORDER BY).
 */
class DatabaseIdentifierQuotingTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgres", "mariadb"})
    void awkwardNamesReadFullyAndIncrementally(String kind) {
        boolean pg = "postgres".equals(kind);
        // in MariaDB a schema is a database, shared by the server: give it a unique suffix
        String schema = pg ? "Sales Data" : "Sales Data " + UUID.randomUUID().toString().substring(0, 8);
        try (TestDatabase db = TestDatabase.create(kind)) {
            String table = pg ? "\"Sales Data\".\"order\"" : "`" + schema + "`.`order`";
            String create = pg
                    ? "CREATE TABLE " + table + " (\"it's\" int PRIMARY KEY, \"Sales Total\" numeric(10,2), \"select\" text, \"we\"\"ird\" timestamptz)"
                    : "CREATE TABLE " + table + " (`it's` int PRIMARY KEY, `Sales Total` decimal(10,2), `select` text, `we\"ird` datetime(6))";
            db.execute(pg ? "CREATE SCHEMA \"Sales Data\"" : "CREATE DATABASE `" + schema + "`", create,
                    "INSERT INTO " + table + " VALUES (1, 10.50, 'a''b', '2026-01-01 10:00:00.000001'), (2, 20.00, 'x', '2026-01-01 10:00:00.000001')");
            try {
                TestProject project = TestProject.in(dir);
                project.file("tributary.yml", "name: test\n" + db.connectionsYaml("src"));
                project.pipeline("orders", "source:\n  type: database\n  connection: src\n  table: \"" + schema + ".order\"\n"
                        + "  incremental: {cursor: 'we\"ird'}\nload: {table: 'Sales Data.order', mode: merge, key: \"it's\"}");

                RunResult first = project.run("orders");
                db.execute("INSERT INTO " + table + " VALUES (3, 30.25, 'it''s \"quoted\"', '2026-01-01 10:00:00.000001')");
                RunResult second = project.run("orders");

                assertThat(first.error()).isNull();
                assertThat(first.rowsLoaded()).isEqualTo(2);
                assertThat(second.error()).isNull();
                assertThat(second.rowsLoaded()).isEqualTo(1);
                assertThat(project.rows("SELECT \"it's\" AS id, CAST(\"Sales Total\" AS VARCHAR) AS total, \"select\" AS s FROM \"Sales Data\".\"order\" ORDER BY 1"))
                        .extracting(r -> r.get("id") + "|" + r.get("total") + "|" + r.get("s"))
                        .containsExactly("1|10.50|a'b", "2|20.00|x", "3|30.25|it's \"quoted\"");
            } finally {
                if (!pg) {
                    db.execute("DROP DATABASE `" + schema + "`");
                }
            }
        }
    }
}
