package io.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spec.WarehouseSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run records the process that owns it (pid and start time). A run left {@code running} counts as
 * abandoned once that process is gone, or its pid belongs to a process started at another time; a run
 * of a live process is never marked, whoever reads or writes the history.
 */
class RunOwnerTest {
    @TempDir
    Path dir;

    private WarehouseSpec spec;

    @BeforeEach
    void aWarehouse() {
        spec = new WarehouseSpec(dir.resolve("warehouse.duckdb"), null, null);
        Warehouse.open(spec).close();
    }

    private static final ProcessHandle SELF = ProcessHandle.current();
    private static final Instant SELF_STARTED = SELF.info().startInstant().orElseThrow();

    /** A process that existed, and is gone now: its pid and start time. */
    private static RunOwner aDeadProcess() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        RunOwner owner = new RunOwner(process.pid(), process.toHandle().info().startInstant().orElse(null));
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return owner;
    }

    private void running(Connection db, long runId, Long pid, Instant started) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO _tributary.runs (run_id, pipeline, started_at, status, "
                + "rows_read, rows_loaded, rows_rejected, bytes_read, owner_pid, owner_started_at) VALUES (?, 'p', ?, 'running', 0, 0, 0, 0, ?, ?)")) {
            insert.setLong(1, runId);
            insert.setObject(2, LocalDateTime.now(ZoneOffset.UTC));
            insert.setObject(3, pid);
            insert.setObject(4, started == null ? null : LocalDateTime.ofInstant(started, ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    /** Runs 1..4: of this live process, of a process that reused this pid, of a dead process, of a version that kept no owner. */
    private void fourRunningRuns() throws Exception {
        RunOwner dead = aDeadProcess();
        try (Warehouse warehouse = Warehouse.open(spec)) {
            Connection db = warehouse.connection();
            running(db, 1, SELF.pid(), SELF_STARTED);
            running(db, 2, SELF.pid(), SELF_STARTED.minus(1, ChronoUnit.HOURS));
            running(db, 3, dead.pid(), dead.started());
            running(db, 4, null, null);
        }
    }

    private Map<Long, String> statuses(List<Metadata.RunRecord> runs) {
        return runs.stream().collect(Collectors.toMap(Metadata.RunRecord::runId, Metadata.RunRecord::status));
    }

    private Map<Long, String> storedStatuses() throws SQLException {
        try (Warehouse warehouse = Warehouse.open(spec, true)) {
            return stored(warehouse.connection());
        }
    }

    private static Map<Long, String> stored(Connection db) throws SQLException {
        Map<Long, String> statuses = new java.util.HashMap<>();
        try (Statement statement = db.createStatement(); var rs = statement.executeQuery("SELECT run_id, status FROM _tributary.runs")) {
            while (rs.next()) {
                statuses.put(rs.getLong(1), rs.getString(2));
            }
        }
        return statuses;
    }

    @Test
    void aReaderShowsARunWhoseProcessIsGoneAsAbandonedAndWritesNothing() throws Exception {
        fourRunningRuns();

        List<Metadata.RunRecord> runs;
        try (Warehouse warehouse = Warehouse.open(spec, true)) {
            runs = new Metadata(warehouse.connection()).runs(null, 10);
        }

        assertThat(statuses(runs)).containsExactlyInAnyOrderEntriesOf(Map.of(1L, "running", 2L, "abandoned", 3L, "abandoned", 4L, "abandoned"));
        assertThat(runs).filteredOn(r -> r.status().equals("abandoned"))
                .allSatisfy(r -> assertThat(r.error()).contains("killed or crashed", "nothing of it was published"));
        assertThat(storedStatuses()).as("the history as stored: a reader writes nothing")
                .containsExactlyInAnyOrderEntriesOf(Map.of(1L, "running", 2L, "running", 3L, "running", 4L, "running"));
    }

    @Test
    void theNextWriterMarksOnlyRunsWhoseProcessIsGone() throws Exception {
        fourRunningRuns();

        try (Warehouse warehouse = Warehouse.open(spec)) {
            assertThat(new Metadata(warehouse.connection()).markAbandonedRuns()).isEqualTo(3);
        }

        assertThat(storedStatuses()).containsExactlyInAnyOrderEntriesOf(Map.of(1L, "running", 2L, "abandoned", 3L, "abandoned", 4L, "abandoned"));
    }

    @Test
    void aRunRecordsTheProcessThatOwnsIt() throws Exception {
        long runId;
        try (Warehouse warehouse = Warehouse.open(spec)) {
            runId = new Metadata(warehouse.connection()).startRun("p", "main.p", "append", false);
        }
        try (Warehouse warehouse = Warehouse.open(spec, true);
             Statement statement = warehouse.connection().createStatement();
             var rs = statement.executeQuery("SELECT owner_pid, owner_started_at FROM _tributary.runs WHERE run_id = " + runId)) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(SELF.pid());
            assertThat(rs.getObject(2, LocalDateTime.class).toInstant(ZoneOffset.UTC)).isEqualTo(SELF_STARTED.truncatedTo(ChronoUnit.MICROS));
        }
    }

    @Test
    void aWarehouseFromBeforeOwnersWereRecordedKeepsItsHistoryForReadersAndWriters() throws Exception {
        Path old = dir.resolve("old.duckdb");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:" + old); Statement statement = db.createStatement()) {
            statement.execute("CREATE SCHEMA _tributary");
            statement.execute("CREATE TABLE _tributary.runs (run_id BIGINT, pipeline VARCHAR, started_at TIMESTAMP, ended_at TIMESTAMP, "
                    + "status VARCHAR, rows_read BIGINT, rows_loaded BIGINT, rows_rejected BIGINT, bytes_read BIGINT, units_loaded BIGINT, "
                    + "target VARCHAR, mode VARCHAR, full_refresh BOOLEAN, error VARCHAR)");
            statement.execute("INSERT INTO _tributary.runs VALUES (1, 'p', TIMESTAMP '2026-01-01 10:00:00', TIMESTAMP '2026-01-01 10:00:05', "
                    + "'success', 4, 4, 0, 100, 1, 'main.p', 'append', false, NULL), "
                    + "(2, 'p', TIMESTAMP '2026-01-02 10:00:00', NULL, 'running', 0, 0, 0, 0, 0, 'main.p', 'append', false, NULL)");
        }
        WarehouseSpec oldSpec = new WarehouseSpec(old, null, null);

        try (Warehouse reader = Warehouse.open(oldSpec, true)) {
            assertThat(statuses(new Metadata(reader.connection()).runs(null, 10))).containsExactlyInAnyOrderEntriesOf(Map.of(1L, "success", 2L, "abandoned"));
        }
        try (Warehouse writer = Warehouse.open(oldSpec)) {
            Metadata metadata = new Metadata(writer.connection());
            assertThat(metadata.markAbandonedRuns()).isEqualTo(1);
            metadata.startRun("p", "main.p", "append", false);
            assertThat(stored(writer.connection())).containsExactlyInAnyOrderEntriesOf(Map.of(1L, "success", 2L, "abandoned", 3L, "running"));
        }
    }
}
