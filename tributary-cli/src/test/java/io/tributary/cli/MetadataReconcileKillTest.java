package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With the history in PostgreSQL ({@code metadata:}), a run's data, source state and load record
 * commit in the destination first and its end is written to the history after. The real program is
 * stopped exactly between the two (a test hook pauses it there, then it is SIGKILLed); the next start
 * records the run as a success with the counts it committed, from the destination's load record,
 * and loads no row twice. Once into the warehouse, once into a PostgreSQL destination.
 */
class MetadataReconcileKillTest {
    private static final String HOOK = "-Dtributary.test.stopAfterDestinationCommit=pause";
    private static final String PAUSED = "test hook: paused after the destination commit of run ";

    @TempDir
    Path dir;
    private TestDatabase ops;
    private TestDatabase dw;
    private Path project;

    @BeforeEach
    void databases() {
        ops = TestDatabase.postgres();
        dw = TestDatabase.postgres();
    }

    @AfterEach
    void drop() {
        ops.close();
        dw.close();
    }

    @ParameterizedTest(name = "into {0}")
    @ValueSource(strings = {"warehouse", "postgres"})
    @Timeout(180)
    void aRunKilledAfterItsDestinationCommittedIsReconciledToSuccessAndNothingLoadsTwice(String into) throws Exception {
        project = dir.resolve("shop");
        Files.createDirectories(project.resolve("pipelines"));
        Files.createDirectories(project.resolve("data"));
        Files.writeString(project.resolve("tributary.yml"), "name: shop\nconnections:\n" + ops.connectionYaml("ops") + dw.connectionYaml("dw")
                + "metadata: {connection: ops}\n");
        Files.writeString(project.resolve("pipelines/orders.yml"), "name: orders\nsource: {type: file, path: data/*.csv}\n"
                + "load: {table: orders, mode: append" + ("postgres".equals(into) ? ", destination: dw" : "") + "}\n");
        Files.writeString(project.resolve("data/day1.csv"), "id,total\n1,10\n2,20\n3,30\n");
        CliTest.Result first = CliTest.cli("-p", project.toString(), "run", "orders");
        assertThat(first.code()).as("%s", first).isZero();

        Files.writeString(project.resolve("data/day2.csv"), "id,total\n4,40\n5,50\n");
        CliProcess run = CliProcess.start(dir.resolve("killed.log"), dir.resolve("tmp"), List.of(HOOK), Map.of(),
                "-p", project.toString(), "run", "orders");
        assertThat(run.killAfter(PAUSED + "2", 1, 0)).as("killed at the hook; output:\n%s", run.output()).isNotNegative();

        assertThat(history("SELECT status FROM _tributary.runs WHERE run_id = 2")).as("the end never reached the history")
                .containsExactly("running");
        assertThat(ids(into)).as("the data committed before the kill").containsExactly(1L, 2L, 3L, 4L, 5L);

        CliTest.Result runs = CliTest.cli("-p", project.toString(), "runs");
        assertThat(runs.code()).as("%s", runs).isZero();
        assertThat(runs.out().lines().filter(l -> l.matches("^\\s*2\\s+orders\\s.*")).findFirst().orElseThrow())
                .as("tributary runs reads the history from PostgreSQL, where the killed run's owner is gone").contains("abandoned");

        CliTest.Result next = CliTest.cli("-p", project.toString(), "run", "orders");
        assertThat(next.code()).as("%s", next).isZero();

        assertThat(history("SELECT status || ' ' || rows_read || ' ' || rows_loaded || ' ' || units_loaded FROM _tributary.runs WHERE run_id = 2"))
                .as("reconciled with the counts it committed").containsExactly("success 2 2 1");
        assertThat(history("SELECT warnings FROM _tributary.runs WHERE run_id = 2").get(0)).contains("load record");
        assertThat(history("SELECT status || ' ' || rows_loaded FROM _tributary.runs WHERE run_id = 3"))
                .as("the next run found nothing new").containsExactly("success 0");
        assertThat(ids(into)).as("no row loaded twice").containsExactly(1L, 2L, 3L, 4L, 5L);
        CliTest.Result after = CliTest.cli("-p", project.toString(), "runs", "orders");
        assertThat(after.out().lines().filter(l -> l.matches("^\\s*2\\s+orders\\s.*")).findFirst().orElseThrow()).contains("success");
    }

    private List<String> history(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection connection = ops.connect(); Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private List<Long> ids(String into) throws SQLException {
        List<Long> out = new ArrayList<>();
        String sql = "SELECT id FROM orders ORDER BY id";
        try (Connection connection = "postgres".equals(into) ? dw.connect()
                : DriverManager.getConnection("jdbc:duckdb:" + project.resolve(".tributary/warehouse.duckdb"));
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
