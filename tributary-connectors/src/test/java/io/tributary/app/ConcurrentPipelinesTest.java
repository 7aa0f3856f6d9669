package io.tributary.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.testkit.TestDatabase;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight pipelines of different kinds (CSV, JSON and Parquet files, a PostgreSQL table, merge, append
 * and replace, one into a PostgreSQL destination) started at once in one process on one warehouse,
 * ten rounds with new data each: every run succeeds, loads exactly its data, and has an id of its own.
 */
class ConcurrentPipelinesTest {
    private static final int ROUNDS = 10;

    @TempDir
    Path dir;
    private final TestDatabase shop = TestDatabase.postgres();
    private final TestDatabase dw = TestDatabase.postgres();

    @AfterEach
    void drop() {
        shop.close();
        dw.close();
    }

    @Test
    @Timeout(300)
    void eightPipelinesAtOnceTenRoundsEachRunSucceedsWithItsDataAndAnIdOfItsOwn() throws Exception {
        TestProject project = rounds(ROUNDS, "");
        assertThat(project.value("SELECT count(*) FROM _tributary.runs WHERE status = 'success'")).isEqualTo((long) 8 * ROUNDS);
    }

    /** The same with the run history in PostgreSQL ({@code metadata:}), which all eight runs write at once; fewer rounds. */
    @Test
    @Timeout(300)
    void eightPipelinesAtOnceWithTheHistoryInPostgres() throws Exception {
        try (TestDatabase ops = TestDatabase.postgres()) {
            rounds(3, ops.connectionYaml("ops") + "metadata: {connection: ops}\n");
            assertThat(ops.rows("SELECT count(*) AS n FROM _tributary.runs WHERE status = 'success'")).containsExactly(Map.of("n", 24L));
        }
    }

    /** @param more more of tributary.yml's {@code connections:}, and keys after it */
    private TestProject rounds(int rounds, String more) throws Exception {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\nconnections:\n" + shop.connectionYaml("shop") + dw.connectionYaml("dw") + more);
        shop.execute("CREATE TABLE items (id bigint primary key, name text, price numeric(10,2))");
        project.pipeline("csv_append", "source: {type: file, path: data/csv_append/*.csv}\nload: {table: csv_append, mode: append}");
        project.pipeline("csv_merge", "source: {type: file, path: data/csv_merge/*.csv}\nload: {table: csv_merge, mode: merge, key: id}");
        project.pipeline("csv_replace", "source: {type: file, path: data/csv_replace.csv}\nload: {table: csv_replace, mode: replace}");
        project.pipeline("json_append", "source: {type: file, path: data/json_append/*.ndjson}\nload: {table: json_append, mode: append}");
        project.pipeline("json_replace", "source: {type: file, path: data/json_replace.json}\nload: {table: json_replace, mode: replace}");
        project.pipeline("parquet_append", "source: {type: file, path: data/parquet/*.parquet}\nload: {table: parquet_append, mode: append}");
        project.pipeline("pg_items", "source: {type: database, connection: shop, table: public.items, incremental: {cursor: id}}\n"
                + "load: {table: pg_items, mode: merge, key: id}");
        project.pipeline("csv_to_pg", "source: {type: file, path: data/csv_to_pg/*.csv}\nload: {table: orders, mode: append, destination: dw}");

        ProjectSpec spec = project.load();
        List<PipelineSpec> pipelines = spec.pipelines();
        assertThat(pipelines).hasSize(8);
        Set<Long> ids = new HashSet<>();
        try (RunService service = RunService.open(spec)) {
            for (int round = 1; round <= rounds; round++) {
                newData(project, round);

                List<RunResult> results = service.runAll(pipelines, RunRequest.NOW, 8, p -> RunListener.NONE);

                for (RunResult result : results) {
                    assertThat(result.succeeded()).as("round %d, %s: %s", round, result.pipeline(), result.error()).isTrue();
                    assertThat(ids.add(result.runId())).as("round %d: run id %d given twice", round, result.runId()).isTrue();
                }
                Map<String, Long> loaded = new LinkedHashMap<>();
                results.forEach(result -> loaded.put(result.pipeline(), result.rowsLoaded()));
                assertThat(loaded).as("round %d: rows each run loaded", round).isEqualTo(Map.of("csv_append", 3L, "csv_merge", 6L,
                        "csv_replace", (long) round, "csv_to_pg", 2L, "json_append", 2L, "json_replace", round + 1L, "parquet_append", 4L,
                        "pg_items", 3L));
                assertThat(contents(service)).as("round %d", round).isEqualTo(expected(round));
                assertThat(dw.rows("SELECT count(*) AS n, count(DISTINCT id) AS d FROM orders"))
                        .as("round %d: the PostgreSQL destination", round).containsExactly(Map.of("n", 2L * round, "d", 2L * round));
            }
        }
        assertThat(ids).hasSize(8 * rounds);
        assertThat(project.value("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '_tributary_stage_%'"))
                .as("no run left a staging table").isEqualTo(0L);
        return project;
    }

    /** Round {@code r}'s new data for every pipeline. */
    private void newData(TestProject project, int r) throws SQLException {
        StringBuilder csv = new StringBuilder("id,amount\n");
        for (int i = 0; i < 3; i++) {
            csv.append(r * 10 + i).append(',').append(r).append(".5\n");
        }
        project.file("data/csv_append/r" + pad(r) + ".csv", csv.toString());
        // merge: ids 1-5 again with this round's value, plus one new id
        StringBuilder merge = new StringBuilder("id,value\n");
        for (int id = 1; id <= 5; id++) {
            merge.append(id).append(',').append(r).append('\n');
        }
        merge.append(100 + r).append(',').append(r).append('\n');
        project.file("data/csv_merge/r" + pad(r) + ".csv", merge.toString());
        StringBuilder replace = new StringBuilder("id,round\n");
        for (int i = 1; i <= r; i++) {
            replace.append(i).append(',').append(r).append('\n');
        }
        project.file("data/csv_replace.csv", replace.toString());
        project.file("data/json_append/r" + pad(r) + ".ndjson", "{\"id\": " + (2 * r) + ", \"tag\": \"a\"}\n{\"id\": " + (2 * r + 1) + ", \"tag\": \"b\"}\n");
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i <= r; i++) {
            json.append(i == 0 ? "" : ",").append("{\"id\": ").append(i).append(", \"round\": ").append(r).append('}');
        }
        project.file("data/json_replace.json", json.append("]\n").toString());
        Path parquet = project.path("data/parquet/r" + pad(r) + ".parquet");
        parquet.getParent().toFile().mkdirs();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement statement = duck.createStatement()) {
            statement.execute("COPY (SELECT (" + (r * 100) + " + range)::BIGINT AS id, 'p' || range AS name FROM range(4)) TO '"
                    + parquet + "' (FORMAT parquet)");
        }
        shop.execute("INSERT INTO items SELECT " + (r * 10) + " + g, 'item ' || g, g * 1.25 FROM generate_series(0, 2) g");
        project.file("data/csv_to_pg/r" + pad(r) + ".csv", "id,total\n" + (2 * r) + ",1\n" + (2 * r + 1) + ",2\n");
    }

    private static String pad(int round) {
        return String.format("%02d", round);
    }

    /** What every warehouse table must hold after round {@code r}. */
    private static Map<String, String> expected(int r) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("csv_append", (3 * r) + " rows, " + (3 * r) + " ids");
        out.put("csv_merge", (5 + r) + " rows, " + (5 + r) + " ids, max value " + r);
        out.put("csv_replace", r + " rows, all of round " + r);
        out.put("json_append", (2 * r) + " rows, " + (2 * r) + " ids");
        out.put("json_replace", (r + 1) + " rows, all of round " + r);
        out.put("parquet_append", (4 * r) + " rows, " + (4 * r) + " ids");
        out.put("pg_items", (3 * r) + " rows, " + (3 * r) + " ids");
        return out;
    }

    private static Map<String, String> contents(RunService service) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection session = service.warehouse().session(); Statement statement = session.createStatement()) {
            for (String table : List.of("csv_append", "csv_merge", "csv_replace", "json_append", "json_replace", "parquet_append", "pg_items")) {
                String extra = switch (table) {
                    case "csv_merge" -> ", max(value)";
                    case "csv_replace", "json_replace" -> ", min(round), max(round)";
                    default -> "";
                };
                try (ResultSet rs = statement.executeQuery("SELECT count(*), count(DISTINCT id)" + extra + " FROM " + table)) {
                    rs.next();
                    String text = rs.getLong(1) + " rows, " + switch (table) {
                        case "csv_merge" -> rs.getLong(2) + " ids, max value " + rs.getLong(3);
                        case "csv_replace", "json_replace" -> rs.getLong(2) == rs.getLong(1) && rs.getLong(3) == rs.getLong(4)
                                ? "all of round " + rs.getLong(3) : "mixed rounds " + rs.getLong(3) + "-" + rs.getLong(4);
                        default -> rs.getLong(2) + " ids";
                    };
                    out.put(table, text);
                }
            }
        }
        return out;
    }

}
