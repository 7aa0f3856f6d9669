package io.tributary.connectors.database;

import io.tributary.testkit.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.TestProject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A 2-million-row table (about 250 MB as Java objects) extracts in a JVM with a 128 MB heap: rows
 * stream with a bounded fetch size (PostgreSQL: in a transaction with setFetchSize; MariaDB: the
 * driver's streaming fetch) or through COPY, and never sit in Java memory whole.
 */
class LargeTableTest {
    private static final int ROWS = 2_000_000;

    @TempDir
    Path dir;

    /** The COPY run uses 8 MB chunks, so that many chunks are cut, loaded in turn and kept in order. */
    @ParameterizedTest(name = "{0}, COPY {1}")
    @CsvSource({"postgres, true", "postgres, false", "mariadb, false"})
    void twoMillionRowsExtractWithA128MegabyteHeap(String kind, boolean copy) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            if ("postgres".equals(kind)) {
                db.execute("CREATE TABLE big (id bigint PRIMARY KEY, at timestamptz, amount numeric(12,2), note text)",
                        "INSERT INTO big SELECT g, timestamptz '2026-01-01 00:00:00+00' + g * interval '1 millisecond', g / 100.0, "
                                + "'note number ' || g || ' with some text to make the row wider' FROM generate_series(1, " + ROWS + ") g");
            } else {
                db.execute("CREATE TABLE big (id bigint PRIMARY KEY, at datetime(6), amount decimal(12,2), note text)",
                        "INSERT INTO big SELECT seq, TIMESTAMP '2026-01-01 00:00:00' + INTERVAL seq * 1000 MICROSECOND, seq / 100.0, "
                                + "CONCAT('note number ', seq, ' with some text to make the row wider') FROM seq_1_to_" + ROWS);
            }
            TestProject project = TestProject.in(dir);
            project.file("tributary.yml", "name: test\n" + db.connectionsYaml("src") + "warehouse: {memory_limit: 512MB, threads: 2}\n");
            project.pipeline("big", "source: {type: database, connection: src, table: big, fetch_size: 10000, incremental: {cursor: id}}\n"
                    + "load: {table: big, mode: append}");

            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                    "-D" + DatabaseSource.COPY_PROPERTY + "=" + copy, "-D" + PostgresCopy.CHUNK_PROPERTY + "=" + (8 << 20), "-cp", System.getProperty("java.class.path"),
                    SmallHeapRun.class.getName(), dir.toString(), "big"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();

            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("loaded " + ROWS).contains("max heap 1");
            assertThat(project.value("SELECT sum(id) FROM big")).hasToString(String.valueOf((long) ROWS * (ROWS + 1) / 2));
            assertThat(project.value("SELECT count(*) FROM (SELECT id - row_number() OVER (ORDER BY rowid) AS gap FROM big) WHERE gap <> 0"))
                    .as("rows staged in the source's order").isEqualTo(0L);
        }
    }
}
