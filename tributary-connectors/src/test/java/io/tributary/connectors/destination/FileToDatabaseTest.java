package io.tributary.connectors.destination;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.connectors.destination.mysql.MysqlDestinationTest;
import io.tributary.connectors.destination.postgres.PostgresDestination;
import io.tributary.connectors.destination.postgres.PostgresDestinationTest;
import io.tributary.engine.RunResult;
import io.tributary.testkit.LogCapture;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs: CSV files → {@code load.destination} PostgreSQL or MariaDB, through the engine. */
class FileToDatabaseTest {
    @TempDir
    Path dir;
    private final String database = "tributary_e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private final List<Runnable> cleanup = new ArrayList<>();

    @AfterEach
    void dropDatabases() {
        cleanup.forEach(Runnable::run);
    }

    private TestProject project(String kind) throws SQLException {
        TestProject project = TestProject.in(dir);
        if (kind.equals("postgres")) {
            PostgresDestinationTest.admin("CREATE DATABASE " + database);
            cleanup.add(() -> quietly(() -> PostgresDestinationTest.admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)")));
            project.file("tributary.yml", "name: test\nconnections:\n  dw:\n    kind: postgres\n    database: " + database
                    + "\n    user: postgres\n");
        } else {
            MysqlDestinationTest.admin("CREATE DATABASE " + database);
            cleanup.add(() -> quietly(() -> MysqlDestinationTest.admin("DROP DATABASE IF EXISTS " + database)));
            project.file("tributary.yml", "name: test\nconnections:\n  dw:\n    kind: mariadb\n    database: " + database
                    + "\n    user: root\n");
        }
        return project;
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static void quietly(SqlAction action) {
        try {
            action.run();
        } catch (SQLException ignored) {
            // best effort
        }
    }

    private List<String> query(String kind, String sql) throws SQLException {
        String url = kind.equals("postgres") ? PostgresDestinationTest.SERVER + database : MysqlDestinationTest.SERVER + database;
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, kind.equals("postgres") ? "postgres" : "root", "");
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.add(rs.getString(i));
                }
                rows.add(String.join("|", row));
            }
        }
        return rows;
    }

    private void loadsIncrementallyAndMerges(String kind, String table) throws Exception {
        TestProject project = project(kind);
        String pipeline = "orders_" + database;
        project.file("data/a.csv", "id,customer,amount\n1,ann,10.50\n2,bob,3.25\n");
        project.pipeline(pipeline, "source: {type: file, path: 'data/*.csv'}\n"
                + "transform:\n  - rename: {customer: \"Customer Name\"}\n"
                + "load: {table: order, mode: merge, key: [id], destination: dw}");
        RunResult first = project.run(pipeline);
        assertThat(first.error()).isNull();
        assertThat(first.rowsLoaded()).isEqualTo(2);
        // amounts like 10.50 load as an exact DECIMAL(18,2), so they come back as written

        project.file("data/b.csv", "id,customer,amount\n2,bobby,4.75\n3,cy,1.00\n2,bob again,5.00\n");
        RunResult second = project.run(pipeline);
        RunResult third = project.run(pipeline);

        assertThat(second.error()).isNull();
        assertThat(second.unitsLoaded()).isEqualTo(1);
        assertThat(third.rowsRead()).isZero();
        String quoted = kind.equals("postgres") ? "\"order\"" : "`order`";
        String column = kind.equals("postgres") ? "\"Customer Name\"" : "`Customer Name`";
        assertThat(query(kind, "SELECT id, " + column + ", amount FROM " + table + quoted + " ORDER BY id"))
                .containsExactly("1|ann|10.50", "2|bob again|5.00", "3|cy|1.00");
        assertThat(project.value("SELECT count(*) FROM _tributary.state WHERE pipeline = '" + pipeline + "'")).isEqualTo(0L);
    }

    @Test
    void csvFilesLoadIncrementallyIntoPostgres() throws Exception {
        loadsIncrementallyAndMerges("postgres", "public.");
        assertThat(query("postgres", "SELECT count(*) FROM _tributary.state")).containsExactly("2");
    }

    @Test
    void csvFilesLoadIncrementallyIntoMariaDb() throws Exception {
        loadsIncrementallyAndMerges("mariadb", "");
        assertThat(query("mariadb", "SELECT count(*) FROM _tributary_state WHERE pipeline = 'orders_" + database + "'")).containsExactly("2");
    }

    /** The day/month order decided in one run is kept with the state, which lives in the destination, for the next run. */
    @Test
    void theDateOrderOfAColumnIsKeptInTheDestinationsStateForLaterRuns() throws Exception {
        TestProject project = project("postgres");
        project.file("data/2024-01.csv", "id,order_date,amount\n1,1/13/2024,19.99\n");
        project.pipeline("orders", "source: {type: file, path: 'data/*.csv'}\nload: {table: orders, mode: append, destination: dw}");
        assertThat(project.run("orders").error()).isNull();

        project.file("data/2024-02.csv", "id,order_date,amount\n2,2/3/2024,-4.05\n");
        RunResult second = project.run("orders");

        assertThat(second.error()).isNull();
        assertThat(query("postgres", "SELECT id, order_date, amount FROM orders ORDER BY id"))
                .containsExactly("1|2024-01-13|19.99", "2|2024-02-03|-4.05");
    }

    /**
     * Rows bound for a destination database only pass through DuckDB, so they are staged in memory:
     * writing them into the warehouse file would cost the compression of every block (and leave the
     * file grown by the data's size, since DuckDB keeps freed blocks).
     */
    @Test
    void rowsBoundForADestinationAreStagedInMemoryNotInTheWarehouseFile() throws Exception {
        TestProject project = project("postgres");
        StringBuilder csv = new StringBuilder("id,token\n");
        for (int i = 0; i < 200_000; i++) {
            csv.append(i).append(',').append(UUID.nameUUIDFromBytes(Integer.toString(i).getBytes())).append('\n');
        }
        project.file("data/tokens.csv", csv.toString());
        project.pipeline("tokens", "source: {type: file, path: data/tokens.csv}\nload: {table: tokens, mode: replace, destination: dw}");

        RunResult run = project.run("tokens");

        assertThat(run.error()).isNull();
        assertThat(query("postgres", "SELECT count(DISTINCT token) FROM tokens")).containsExactly("200000");
        long warehouseBytes = java.nio.file.Files.size(project.path(".tributary/warehouse.duckdb"));
        assertThat(warehouseBytes).as("warehouse file size; the 200,000 staged rows take about 5 MB").isLessThan(2L << 20);
        assertThat(project.value("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '_tributary_stage_%'")).isEqualTo(0L);
    }

    /** A run killed between PostgreSQL's commit and dropping its staging table, then a run with nothing new to load. */
    @Test
    void aRunWithNothingNewToLoadStillRemovesAKilledRunsStagingTable() throws Exception {
        TestProject project = project("postgres");
        project.file("data/a.csv", "id,amount\n1,10\n");
        project.pipeline("orders", "source: {type: file, path: 'data/*.csv'}\nload: {table: orders, mode: append, destination: dw}");
        assertThat(project.run("orders").error()).isNull();
        String leftover = StagingTables.stageName("orders", 1, 0);
        try (Connection connection = DriverManager.getConnection(PostgresDestinationTest.SERVER + database, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE public." + leftover + " (id bigint, amount bigint)");
        }

        RunResult nothingNew = project.run("orders");

        assertThat(nothingNew.error()).isNull();
        assertThat(nothingNew.rowsRead()).isZero();
        assertThat(query("postgres", "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '\\_tributary\\_stage\\_%'"))
                .containsExactly("0");
    }

    /**
     * Through the engine, a merge big enough for two PostgreSQL sessions: the runner's parts (split by
     * key hash) keep exactly the last staged row of every key, across files and within one, after a
     * transform renamed a column.
     */
    @Test
    void aMergeLoadedOverTwoSessionsKeepsTheLastStagedRowOfEachKey() throws Exception {
        TestProject project = project("postgres");
        StringBuilder a = new StringBuilder("id,version\n");
        for (int i = 0; i < 3000; i++) {
            a.append(i).append(",a\n");
        }
        // the repeated ids sit at row numbers of the other parity in both files, so a split by row number would part them
        StringBuilder b = new StringBuilder("id,version\n");
        for (int i = 1501; i < 4500; i++) {
            b.append(i).append(i >= 4000 && i < 4100 ? ",b1\n" : ",b\n");
        }
        for (int i = 4001; i <= 4100; i++) {
            b.append(i).append(",b2\n");
        }
        project.file("data/a.csv", a.toString());
        project.file("data/b.csv", b.toString());
        project.pipeline("versions", "source: {type: file, path: 'data/*.csv'}\ntransform:\n  - rename: {version: Version}\n"
                + "load: {table: versions, mode: merge, key: [id], destination: dw}");
        System.setProperty(PostgresDestination.PARALLEL_PROPERTY, "1000");
        RunResult run;
        List<String> logged;
        try (LogCapture log = LogCapture.of(PostgresDestination.class)) {
            run = project.run("versions");
            logged = log.messages();
        } finally {
            System.clearProperty(PostgresDestination.PARALLEL_PROPERTY);
        }

        assertThat(run.error()).isNull();
        assertThat(logged).anyMatch(message -> message.contains("loading over 2 sessions at once"));
        assertThat(query("postgres", "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM versions")).containsExactly("4500|4500|0|4499");
        assertThat(query("postgres", "SELECT \"Version\", min(id), max(id), count(*) FROM versions GROUP BY 1 ORDER BY 1"))
                .containsExactly("a|0|1500|1501", "b|1501|4499|2898", "b1|4000|4000|1", "b2|4001|4100|100");
    }
}
