package io.tributary.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.Secrets;
import io.tributary.error.ErrorKind;
import io.tributary.error.TributaryException;
import io.tributary.spi.RunCounts;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metadata store over JDBC, in SQL that DuckDB and PostgreSQL both speak. It holds one connection
 * and serialises its use (each call is a few small statements); the caller decides where that
 * connection points and migrates the schema first ({@link Migrations}). Times are stored as UTC
 * timestamps without a zone, as everywhere in Tributary's tables.
 */
public final class JdbcMetadataStore implements MetadataStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ABANDONED = "the process that ran it stopped during the run (killed or crashed); nothing of it was published";

    private final String description;
    private final boolean inWarehouse;
    private final String schema;
    private final Migrations.ConnectionSource source;
    private final boolean closeConnection;
    private Connection connection;

    /**
     * @param source          opens the store's connection (again, after it broke)
     * @param closeConnection whether {@link #close()} closes it (not when it is the caller's)
     */
    public JdbcMetadataStore(String description, boolean inWarehouse, String schema, Migrations.ConnectionSource source,
                             boolean closeConnection) {
        this.description = description;
        this.inWarehouse = inWarehouse;
        this.schema = schema;
        this.source = source;
        this.closeConnection = closeConnection;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public boolean inWarehouse() {
        return inWarehouse;
    }

    // ------------------------------------------------------------------ owners

    @Override
    public synchronized void heartbeat(Owner owner) {
        Instant now = Instant.now();
        write("recording this process as a run owner", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE " + t("owners") + " SET heartbeat_at = ? WHERE owner_id = ?")) {
                update.setObject(1, utc(now));
                update.setString(2, owner.id());
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t("owners")
                    + " (owner_id, host, pid, process_started, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, owner.id());
                insert.setString(2, owner.host());
                insert.setLong(3, owner.pid());
                insert.setObject(4, owner.processStarted() == null ? null : utc(owner.processStarted()));
                insert.setObject(5, utc(now));
                insert.setObject(6, utc(now));
                insert.executeUpdate();
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ runs

    @Override
    public synchronized long startRun(NewRun run) {
        heartbeat(run.owner());
        return write("recording the start of a run of " + run.pipeline(), c -> {
            long runId;
            try (PreparedStatement next = c.prepareStatement("SELECT nextval('" + schema + ".run_ids')"); ResultSet rs = next.executeQuery()) {
                rs.next();
                runId = rs.getLong(1);
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t("runs") + " (run_id, pipeline, started_at, status, "
                    + "target, mode, full_refresh, rows_read, rows_loaded, rows_rejected, bytes_read, units_loaded, owner_id) "
                    + "VALUES (?, ?, ?, 'running', ?, ?, ?, 0, 0, 0, 0, 0, ?)")) {
                insert.setLong(1, runId);
                insert.setString(2, run.pipeline());
                insert.setObject(3, utc(Instant.now()));
                insert.setString(4, run.target());
                insert.setString(5, run.mode());
                insert.setBoolean(6, run.fullRefresh());
                insert.setString(7, run.owner().id());
                insert.executeUpdate();
            }
            return runId;
        });
    }

    @Override
    public synchronized void finishRun(FinishedRun run) {
        write("recording the end of run " + run.runId(), c -> {
            finish(c, run);
            return null;
        });
    }

    @Override
    public void finishRun(FinishedRun run, Connection warehouseTransaction) {
        if (!inWarehouse) {
            throw new IllegalStateException("the metadata store is not in the warehouse: " + description);
        }
        try {
            finish(warehouseTransaction, run);
        } catch (SQLException e) {
            throw TributaryException.failed("cannot record the end of run " + run.runId() + " in " + description + ": " + e.getMessage());
        }
    }

    private void finish(Connection c, FinishedRun run) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE " + t("runs") + " SET ended_at = ?, status = ?, rows_read = ?, "
                + "rows_loaded = ?, rows_rejected = ?, bytes_read = ?, units_loaded = ?, error_kind = ?, error = ?, warnings = ?, "
                + "phases = ?, skipped_blank = ?, rows_filtered = ?, rows_quarantined = ? WHERE run_id = ?")) {
            update.setObject(1, utc(Instant.now()));
            update.setString(2, run.status().word());
            update.setLong(3, run.counts().read());
            update.setLong(4, run.counts().loaded());
            update.setLong(5, run.counts().rejected());
            update.setLong(6, run.counts().bytes());
            update.setInt(7, run.counts().units());
            update.setString(8, run.errorKind() == null ? null : run.errorKind().word());
            update.setString(9, Secrets.redact(run.error()));
            update.setString(10, json(run.warnings().stream().map(Secrets::redact).toList()));
            update.setString(11, json(run.phases()));
            update.setLong(12, run.counts().skippedBlank());
            update.setLong(13, run.counts().filtered());
            update.setLong(14, run.counts().quarantined());
            update.setLong(15, run.runId());
            update.executeUpdate();
        }
    }

    @Override
    public synchronized boolean reconcile(long runId, RunCounts counts, String note) {
        return write("reconciling run " + runId, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE " + t("runs") + " SET status = 'success', "
                    + "ended_at = coalesce(ended_at, ?), rows_read = ?, rows_loaded = ?, rows_rejected = ?, bytes_read = ?, "
                    + "units_loaded = ?, skipped_blank = ?, rows_filtered = ?, rows_quarantined = ?, error_kind = NULL, error = NULL, "
                    + "warnings = ? WHERE run_id = ? "
                    + "AND status IN ('running', 'abandoned')")) {
                update.setObject(1, utc(Instant.now()));
                update.setLong(2, counts.read());
                update.setLong(3, counts.loaded());
                update.setLong(4, counts.rejected());
                update.setLong(5, counts.bytes());
                update.setInt(6, counts.units());
                update.setLong(7, counts.skippedBlank());
                update.setLong(8, counts.filtered());
                update.setLong(9, counts.quarantined());
                update.setString(10, json(List.of(note)));
                update.setLong(11, runId);
                return update.executeUpdate() > 0;
            }
        });
    }

    @Override
    public synchronized List<Long> abandonRunsOfGoneOwners() {
        return write("marking the runs of stopped processes as abandoned", c -> {
            List<Long> gone = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("SELECT r.run_id, " + OWNER_COLUMNS + " FROM " + t("runs") + " r LEFT JOIN "
                    + t("owners") + " o ON o.owner_id = r.owner_id WHERE r.status = 'running'");
                 ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    if (ownerGone(rs, 2)) {
                        gone.add(rs.getLong(1));
                    }
                }
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE " + t("runs") + " SET status = 'abandoned', ended_at = coalesce(ended_at, ?), "
                    + "error_kind = ?, error = ? WHERE run_id = ? AND status = 'running'");
                 PreparedStatement release = c.prepareStatement("DELETE FROM " + t("pipeline_leases") + " WHERE run_id = ?")) {
                for (long runId : gone) {
                    update.setObject(1, utc(Instant.now()));
                    update.setString(2, ErrorKind.INTERNAL.word());
                    update.setString(3, ABANDONED);
                    update.setLong(4, runId);
                    update.executeUpdate();
                    release.setLong(1, runId);
                    release.executeUpdate();
                }
            }
            return gone;
        });
    }

    // ------------------------------------------------------------------ pipeline leases

    @Override
    public synchronized boolean acquirePipeline(String pipeline, long runId, Owner owner) {
        return write("taking pipeline " + pipeline + " for run " + runId, c -> {
            Lease lease = lease(c, pipeline);
            if (lease != null && lease.live()) {
                return lease.runId() == runId;
            }
            if (lease != null) {
                // Only the stale lease seen, by its run: another process may have taken the pipeline
                // since, and deleting by pipeline alone would delete its fresh lease too.
                try (PreparedStatement stale = c.prepareStatement("DELETE FROM " + t("pipeline_leases") + " WHERE pipeline = ? AND run_id = ?")) {
                    stale.setString(1, pipeline);
                    stale.setLong(2, lease.runId());
                    stale.executeUpdate();
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t("pipeline_leases")
                    + " (pipeline, run_id, owner_id, acquired_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, pipeline);
                insert.setLong(2, runId);
                insert.setString(3, owner.id());
                insert.setObject(4, utc(Instant.now()));
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized void releasePipeline(String pipeline, long runId) {
        write("giving back pipeline " + pipeline, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + t("pipeline_leases") + " WHERE pipeline = ? AND run_id = ?")) {
                delete.setString(1, pipeline);
                delete.setLong(2, runId);
                delete.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized Optional<Long> pipelineHolder(String pipeline) {
        return read("reading which run holds pipeline " + pipeline, c -> holder(c, pipeline));
    }

    /** The live run holding the pipeline: a lease whose run still runs and whose owner is not gone. */
    private Optional<Long> holder(Connection c, String pipeline) throws SQLException {
        Lease lease = lease(c, pipeline);
        return lease != null && lease.live() ? Optional.of(lease.runId()) : Optional.empty();
    }

    /** A pipeline's lease row; live when its run still runs and its owner is not gone. */
    private record Lease(long runId, boolean live) {}

    /** The pipeline's lease, or null when it has none. */
    private Lease lease(Connection c, String pipeline) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT l.run_id, r.status, " + OWNER_COLUMNS + " FROM " + t("pipeline_leases")
                + " l LEFT JOIN " + t("runs") + " r ON r.run_id = l.run_id LEFT JOIN " + t("owners") + " o ON o.owner_id = l.owner_id "
                + "WHERE l.pipeline = ?")) {
            query.setString(1, pipeline);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return new Lease(rs.getLong(1), "running".equals(rs.getString(2)) && !ownerGone(rs, 3));
            }
        }
    }

    // ------------------------------------------------------------------ reading the history

    private static final String OWNER_COLUMNS = "o.owner_id, o.host, o.pid, o.process_started, o.heartbeat_at";
    private static final String RUN_COLUMNS = "r.run_id, r.pipeline, r.started_at, r.ended_at, r.status, r.rows_read, r.rows_loaded, "
            + "r.rows_rejected, r.bytes_read, r.units_loaded, r.target, r.mode, r.full_refresh, r.error_kind, r.error, r.warnings, r.phases, "
            + "r.skipped_blank, r.rows_filtered, r.rows_quarantined, ";

    @Override
    public synchronized List<RunRecord> runs(String pipeline, int limit) {
        return read("reading the run history", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + RUN_COLUMNS + OWNER_COLUMNS + " FROM " + t("runs") + " r LEFT JOIN "
                    + t("owners") + " o ON o.owner_id = r.owner_id" + (pipeline == null ? "" : " WHERE r.pipeline = ?")
                    + " ORDER BY r.run_id DESC LIMIT " + Math.max(0, limit))) {
                if (pipeline != null) {
                    query.setString(1, pipeline);
                }
                return runRecords(query);
            }
        });
    }

    @Override
    public synchronized Optional<RunRecord> run(long runId) {
        return read("reading run " + runId, c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + RUN_COLUMNS + OWNER_COLUMNS + " FROM " + t("runs") + " r LEFT JOIN "
                    + t("owners") + " o ON o.owner_id = r.owner_id WHERE r.run_id = ?")) {
                query.setLong(1, runId);
                return runRecords(query).stream().findFirst();
            }
        });
    }

    private List<RunRecord> runRecords(PreparedStatement query) throws SQLException {
        List<RunRecord> out = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                RunStatus status = RunStatus.parse(rs.getString(5));
                String error = rs.getString(15);
                ErrorKind kind = ErrorKind.parse(rs.getString(14));
                if (status == RunStatus.RUNNING && ownerGone(rs, 21)) {
                    status = RunStatus.ABANDONED;
                    error = ABANDONED;
                    kind = ErrorKind.INTERNAL;
                }
                out.add(new RunRecord(rs.getLong(1), rs.getString(2), instant(rs, 3), instant(rs, 4), status,
                        new RunCounts(rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getInt(10), rs.getLong(18),
                                rs.getLong(19), rs.getLong(20)),
                        rs.getString(11), rs.getString(12), rs.getBoolean(13), kind, error,
                        list(rs.getString(16)), phases(rs.getString(17)), rs.getString(21)));
            }
        }
        return out;
    }

    /**
     * Whether the owner described by the five owner columns starting at {@code column} is gone. A
     * run without an owner row was started by a version of Tributary that recorded none: it can only
     * still be running if it was started by a process that holds the warehouse now, which is this
     * one, so it is gone.
     */
    private static boolean ownerGone(ResultSet rs, int column) throws SQLException {
        String id = rs.getString(column);
        if (id == null) {
            return true;
        }
        Owner owner = new Owner(id, rs.getString(column + 1), rs.getLong(column + 2), instant(rs, column + 3));
        return owner.isGone(instant(rs, column + 4), Instant.now(), OWNER_LEASE);
    }

    // ------------------------------------------------------------------ check results

    @Override
    public synchronized void saveCheckResults(List<CheckResult> results) {
        if (results.isEmpty()) {
            return;
        }
        writeAtomically("saving check results", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t("check_results") + " (run_id, pipeline, table_name, "
                    + "check_name, check_type, severity, status, failing_rows, total_rows, threshold, samples, duration_ms, message, "
                    + "checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (CheckResult result : results) {
                    insert.setLong(1, result.runId());
                    insert.setString(2, result.pipeline());
                    insert.setString(3, result.table());
                    insert.setString(4, result.check());
                    insert.setString(5, result.type());
                    insert.setString(6, result.severity());
                    insert.setString(7, result.status().word());
                    insert.setLong(8, result.failing());
                    insert.setLong(9, result.rows());
                    insert.setString(10, result.threshold());
                    List<String> samples = result.samples().stream().limit(CheckResult.MAX_SAMPLES).map(Secrets::redact).toList();
                    insert.setString(11, json(samples));
                    insert.setLong(12, result.durationMillis());
                    insert.setString(13, Secrets.redact(result.message()));
                    insert.setObject(14, utc(Instant.now()));
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    private static final String CHECK_COLUMNS = "run_id, pipeline, table_name, check_name, check_type, severity, status, failing_rows, "
            + "total_rows, threshold, samples, duration_ms, message";

    @Override
    public synchronized List<CheckResult> checkResults(long runId) {
        return read("reading the check results of run " + runId, c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + CHECK_COLUMNS + " FROM " + t("check_results")
                    + " WHERE run_id = ? ORDER BY checked_at, check_name")) {
                query.setLong(1, runId);
                return checkResults(query);
            }
        });
    }

    @Override
    public synchronized List<CheckResult> checkHistory(String pipeline, String check, int limit) {
        return read("reading the history of check " + check, c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + CHECK_COLUMNS + " FROM " + t("check_results")
                    + " WHERE pipeline = ? AND check_name = ? ORDER BY run_id DESC LIMIT " + Math.max(0, limit))) {
                query.setString(1, pipeline);
                query.setString(2, check);
                return checkResults(query);
            }
        });
    }

    private static List<CheckResult> checkResults(PreparedStatement query) throws SQLException {
        List<CheckResult> out = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                out.add(new CheckResult(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        CheckResult.Status.valueOf(rs.getString(7).toUpperCase(java.util.Locale.ROOT)), rs.getLong(8), rs.getLong(9),
                        rs.getString(10), list(rs.getString(11)), rs.getLong(12), rs.getString(13)));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ logs

    @Override
    public synchronized void appendLogs(List<LogLine> lines) {
        if (lines.isEmpty()) {
            return;
        }
        writeAtomically("saving run logs", c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t("run_logs")
                    + " (run_id, seq, logged_at, level, message) VALUES (?, ?, ?, ?, ?)")) {
                for (LogLine line : lines) {
                    insert.setLong(1, line.runId());
                    insert.setLong(2, line.sequence());
                    insert.setObject(3, utc(line.at()));
                    insert.setString(4, line.level());
                    insert.setString(5, Secrets.redact(line.message()));
                    insert.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public synchronized List<LogLine> logs(long runId) {
        return read("reading the log of run " + runId, c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT run_id, seq, logged_at, level, message FROM " + t("run_logs")
                    + " WHERE run_id = ? ORDER BY seq")) {
                query.setLong(1, runId);
                List<LogLine> out = new ArrayList<>();
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        out.add(new LogLine(rs.getLong(1), rs.getLong(2), instant(rs, 3), rs.getString(4), rs.getString(5)));
                    }
                }
                return out;
            }
        });
    }

    // ------------------------------------------------------------------ backfills

    @Override
    public synchronized long createBackfill(String pipeline, String window, String zone, List<BackfillWindow> windows) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("a backfill has at least one window");
        }
        return write("recording a backfill of " + pipeline, c -> {
            long id;
            try (PreparedStatement next = c.prepareStatement("SELECT nextval('" + schema + ".backfill_ids')"); ResultSet rs = next.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            Instant now = Instant.now();
            // the windows first, the backfill last: a process stopped in between leaves windows nobody lists, not a backfill without some
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t("backfill_windows")
                    + " (backfill_id, seq, pipeline, window_from, window_to, status, run_id, updated_at) VALUES (?, ?, ?, ?, ?, 'pending', NULL, ?)")) {
                for (BackfillWindow w : windows) {
                    insert.setLong(1, id);
                    insert.setInt(2, w.seq());
                    insert.setString(3, pipeline);
                    insert.setObject(4, utc(w.from()));
                    insert.setObject(5, utc(w.to()));
                    insert.setObject(6, utc(now));
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t("backfills")
                    + " (backfill_id, pipeline, range_from, range_to, window_size, zone, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, id);
                insert.setString(2, pipeline);
                insert.setObject(3, utc(windows.get(0).from()));
                insert.setObject(4, utc(windows.get(windows.size() - 1).to()));
                insert.setString(5, window);
                insert.setString(6, zone);
                insert.setObject(7, utc(now));
                insert.executeUpdate();
            }
            return id;
        });
    }

    @Override
    public synchronized void startBackfillWindow(long backfillId, int seq, long runId) {
        write("recording that run " + runId + " reads window " + seq + " of backfill " + backfillId, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE " + t("backfill_windows")
                    + " SET status = 'running', run_id = ?, updated_at = ? WHERE backfill_id = ? AND seq = ?")) {
                update.setLong(1, runId);
                update.setObject(2, utc(Instant.now()));
                update.setLong(3, backfillId);
                update.setInt(4, seq);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized void endBackfillWindow(long backfillId, int seq, BackfillWindow.Status status) {
        write("recording the end of window " + seq + " of backfill " + backfillId, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE " + t("backfill_windows")
                    + " SET status = ?, updated_at = ? WHERE backfill_id = ? AND seq = ?")) {
                update.setString(1, status.yamlName());
                update.setObject(2, utc(Instant.now()));
                update.setLong(3, backfillId);
                update.setInt(4, seq);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized Optional<Backfill> backfill(long backfillId) {
        return read("reading backfill " + backfillId, c -> backfills(c, "b.backfill_id = ?", backfillId, 1).stream().findFirst());
    }

    @Override
    public synchronized List<Backfill> backfills(String pipeline, int limit) {
        return read("reading the backfills" + (pipeline == null ? "" : " of " + pipeline),
                c -> backfills(c, pipeline == null ? null : "b.pipeline = ?", pipeline, limit));
    }

    private List<Backfill> backfills(Connection c, String where, Object value, int limit) throws SQLException {
        List<Backfill> found = new ArrayList<>();
        try (PreparedStatement query = c.prepareStatement("SELECT b.backfill_id, b.pipeline, b.range_from, b.range_to, b.window_size, b.zone, "
                + "b.created_at FROM " + t("backfills") + " b" + (where == null ? "" : " WHERE " + where) + " ORDER BY b.backfill_id DESC LIMIT ?")) {
            int i = 1;
            if (where != null) {
                query.setObject(i++, value);
            }
            query.setInt(i, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.add(new Backfill(rs.getLong(1), rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getString(5), rs.getString(6),
                            instant(rs, 7), List.of()));
                }
            }
        }
        List<Backfill> out = new ArrayList<>();
        for (Backfill b : found) {
            List<BackfillWindow> windows = new ArrayList<>();
            try (PreparedStatement query = c.prepareStatement("SELECT seq, window_from, window_to, status, run_id, updated_at FROM "
                    + t("backfill_windows") + " WHERE backfill_id = ? ORDER BY seq")) {
                query.setLong(1, b.id());
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        long run = rs.getLong(5);
                        Long runId = rs.wasNull() ? null : run;
                        windows.add(new BackfillWindow(rs.getInt(1), instant(rs, 2), instant(rs, 3), BackfillWindow.Status.of(rs.getString(4)),
                                runId, instant(rs, 6)));
                    }
                }
            }
            out.add(new Backfill(b.id(), b.pipeline(), b.from(), b.to(), b.window(), b.zone(), b.createdAt(), List.copyOf(windows)));
        }
        return out;
    }

    @Override
    public synchronized boolean acquireBackfills(String pipeline, Owner owner) {
        return write("taking the backfills of " + pipeline, c -> {
            String holder = null;
            boolean gone = false;
            try (PreparedStatement query = c.prepareStatement("SELECT l.owner_id, " + OWNER_COLUMNS + " FROM " + t("backfill_leases")
                    + " l LEFT JOIN " + t("owners") + " o ON o.owner_id = l.owner_id WHERE l.pipeline = ?")) {
                query.setString(1, pipeline);
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        holder = rs.getString(1);
                        gone = ownerGone(rs, 2);
                    }
                }
            }
            if (owner.id().equals(holder)) {
                return true;
            }
            if (holder != null && !gone) {
                return false;
            }
            if (holder != null) {
                // only the gone holder's row: a process that took it over since keeps it
                try (PreparedStatement stale = c.prepareStatement("DELETE FROM " + t("backfill_leases") + " WHERE pipeline = ? AND owner_id = ?")) {
                    stale.setString(1, pipeline);
                    stale.setString(2, holder);
                    stale.executeUpdate();
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t("backfill_leases")
                    + " (pipeline, owner_id, acquired_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, pipeline);
                insert.setString(2, owner.id());
                insert.setObject(3, utc(Instant.now()));
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized void releaseBackfills(String pipeline, Owner owner) {
        write("giving back the backfills of " + pipeline, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + t("backfill_leases") + " WHERE pipeline = ? AND owner_id = ?")) {
                delete.setString(1, pipeline);
                delete.setString(2, owner.id());
                delete.executeUpdate();
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ alert incidents and channels

    private static final String INCIDENT_COLUMNS = "pipeline, kind, state, opened_at, notified_at, run_id, summary";

    @Override
    public synchronized List<AlertIncident> openIncidents() {
        return read("reading the open alert incidents", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT " + INCIDENT_COLUMNS + " FROM " + t("alert_incidents")
                    + " ORDER BY opened_at, pipeline, kind"); ResultSet rs = query.executeQuery()) {
                List<AlertIncident> out = new ArrayList<>();
                while (rs.next()) {
                    long id = rs.getLong(6);
                    Long runId = rs.wasNull() ? null : id;
                    out.add(new AlertIncident(rs.getString(1), rs.getString(2), rs.getString(3), instant(rs, 4), instant(rs, 5),
                            runId, rs.getString(7)));
                }
                return out;
            }
        });
    }

    @Override
    public synchronized boolean openIncident(AlertIncident incident) {
        return write("opening the alert incident " + incident.kind() + " of " + incident.pipeline(), c -> {
            // ON CONFLICT DO NOTHING (DuckDB and PostgreSQL): two callers cannot both open it
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t("alert_incidents") + " (" + INCIDENT_COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, incident.pipeline());
                insert.setString(2, incident.kind());
                insert.setString(3, incident.state());
                insert.setObject(4, utc(incident.openedAt()));
                insert.setObject(5, incident.notifiedAt() == null ? null : utc(incident.notifiedAt()));
                if (incident.runId() == null) {
                    insert.setNull(6, java.sql.Types.BIGINT);
                } else {
                    insert.setLong(6, incident.runId());
                }
                insert.setString(7, incident.summary() == null ? null : Secrets.redact(incident.summary()));
                return insert.executeUpdate() > 0;
            }
        });
    }

    @Override
    public synchronized void updateIncident(AlertIncident incident) {
        write("updating the alert incident " + incident.kind() + " of " + incident.pipeline(), c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE " + t("alert_incidents")
                    + " SET state = ?, notified_at = ?, summary = ? WHERE pipeline = ? AND kind = ?")) {
                update.setString(1, incident.state());
                update.setObject(2, incident.notifiedAt() == null ? null : utc(incident.notifiedAt()));
                update.setString(3, incident.summary() == null ? null : Secrets.redact(incident.summary()));
                update.setString(4, incident.pipeline());
                update.setString(5, incident.kind());
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized boolean resolveIncident(String pipeline, String kind) {
        return write("resolving the alert incident " + kind + " of " + pipeline, c -> {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + t("alert_incidents") + " WHERE pipeline = ? AND kind = ?")) {
                delete.setString(1, pipeline);
                delete.setString(2, kind);
                return delete.executeUpdate() > 0;
            }
        });
    }

    @Override
    public synchronized void recordAlertDelivery(String channel, boolean delivered, String reason, Instant at) {
        String why = reason == null ? null : Secrets.redact(reason);
        write("recording a delivery to alert channel " + channel, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE " + t("alert_channels") + " SET last_attempt_at = ?, last_delivered = ?, "
                    + (delivered ? "last_success_at = ?, delivered_total = delivered_total + 1"
                                 : "last_failure_at = ?, last_failure = ?, failed_total = failed_total + 1") + " WHERE channel = ?")) {
                int i = 1;
                update.setObject(i++, utc(at));
                update.setBoolean(i++, delivered);
                update.setObject(i++, utc(at));
                if (!delivered) {
                    update.setString(i++, why);
                }
                update.setString(i, channel);
                if (update.executeUpdate() > 0) {
                    return null;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t("alert_channels") + " (channel, last_attempt_at, "
                    + "last_delivered, last_success_at, last_failure_at, last_failure, delivered_total, failed_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, channel);
                insert.setObject(2, utc(at));
                insert.setBoolean(3, delivered);
                insert.setObject(4, delivered ? utc(at) : null);
                insert.setObject(5, delivered ? null : utc(at));
                insert.setString(6, why);
                insert.setLong(7, delivered ? 1 : 0);
                insert.setLong(8, delivered ? 0 : 1);
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public synchronized List<AlertChannelState> alertChannels() {
        return read("reading the alert channels' deliveries", c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT channel, last_attempt_at, last_delivered, last_success_at, last_failure_at, "
                    + "last_failure, delivered_total, failed_total FROM " + t("alert_channels") + " ORDER BY channel");
                 ResultSet rs = query.executeQuery()) {
                List<AlertChannelState> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new AlertChannelState(rs.getString(1), instant(rs, 2), rs.getBoolean(3), instant(rs, 4), instant(rs, 5),
                            rs.getString(6), rs.getLong(7), rs.getLong(8)));
                }
                return out;
            }
        });
    }

    // ------------------------------------------------------------------ plumbing

    // ------------------------------------------------------------------ pruning

    /** Runs removed per statement: a list of thousands of literals is slow to plan, and one transaction stays short. */
    private static final int PRUNE_BATCH = 500;

    /** Not synchronized as a whole: each batch takes the store on its own, so runs recording their starts and ends are not held up. */
    @Override
    public Pruned prune(Instant startedBefore, int keepRuns, boolean dryRun) {
        Map<String, List<Long>> prunable = prunable(startedBefore, keepRuns);
        List<Long> ids = prunable.values().stream().flatMap(List::stream).toList();
        Map<String, Long> byPipeline = new LinkedHashMap<>();
        prunable.forEach((pipeline, runs) -> byPipeline.put(pipeline, (long) runs.size()));
        long logs = 0;
        long checks = 0;
        for (int from = 0; from < ids.size(); from += PRUNE_BATCH) {
            long[] removed = pruneBatch(ids.subList(from, Math.min(ids.size(), from + PRUNE_BATCH)), dryRun);
            logs += removed[0];
            checks += removed[1];
        }
        return new Pruned(ids.size(), logs, checks, byPipeline);
    }

    private synchronized Map<String, List<Long>> prunable(Instant startedBefore, int keepRuns) {
        return read("finding the runs to prune", c -> prunable(c, startedBefore, keepRuns));
    }

    /** Removes (or, dry, counts) the runs' log lines, check results and rows: {log lines, check results}. */
    private synchronized long[] pruneBatch(List<Long> runIds, boolean dryRun) {
        String in = runIds.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ", " WHERE run_id IN (", ")"));
        if (dryRun) {
            return write("counting what pruning " + runIds.size() + " runs removes",
                    c -> new long[] {count(c, "run_logs", in), count(c, "check_results", in)});
        }
        // a run goes with its logs and check results or not at all
        return writeAtomically("pruning " + runIds.size() + " runs", c -> {
            try (java.sql.Statement delete = c.createStatement()) {
                long[] removed = {delete.executeUpdate("DELETE FROM " + t("run_logs") + in),
                        delete.executeUpdate("DELETE FROM " + t("check_results") + in)};
                delete.executeUpdate("DELETE FROM " + t("runs") + in);
                return removed;
            }
        });
    }

    /**
     * The runs to remove, oldest first, by pipeline: not the newest of its pipeline, not running, and not
     * referred to by a lease, an open incident or a backfill window whose outcome its run still tells.
     */
    private Map<String, List<Long>> prunable(Connection c, Instant startedBefore, int keepRuns) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT pipeline, run_id FROM (SELECT run_id, pipeline, status, started_at, "
                + "ROW_NUMBER() OVER (PARTITION BY pipeline ORDER BY run_id DESC) AS n FROM " + t("runs") + ") r "
                + "WHERE n > 1 AND status <> 'running' AND (n > ? OR started_at < ?) "
                + "AND NOT EXISTS (SELECT 1 FROM " + t("pipeline_leases") + " l WHERE l.run_id = r.run_id) "
                + "AND NOT EXISTS (SELECT 1 FROM " + t("alert_incidents") + " i WHERE i.run_id = r.run_id) "
                + "AND NOT EXISTS (SELECT 1 FROM " + t("backfill_windows") + " w WHERE w.run_id = r.run_id AND w.status <> '"
                + BackfillWindow.Status.DONE.yamlName() + "') ORDER BY pipeline, run_id")) {
            query.setLong(1, Math.max(1, keepRuns));
            query.setObject(2, utc(startedBefore));
            Map<String, List<Long>> out = new LinkedHashMap<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), p -> new ArrayList<>()).add(rs.getLong(2));
                }
            }
            return out;
        }
    }

    private long count(Connection c, String table, String where) throws SQLException {
        try (java.sql.Statement query = c.createStatement(); ResultSet rs = query.executeQuery("SELECT count(*) FROM " + t(table) + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null && closeConnection) {
            try {
                connection.close();
            } catch (SQLException e) {
                // read and written in autocommit: nothing is lost by a failed close
            }
        }
        connection = null;
    }

    @Override
    public synchronized boolean pause(Pause pause) {
        return write("pausing pipeline " + pause.pipeline(), c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t("pipeline_pauses")
                    + " (pipeline, paused_at, reason) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, pause.pipeline());
                insert.setObject(2, utc(pause.pausedAt()));
                insert.setString(3, pause.reason() == null ? null : io.tributary.config.Secrets.redact(pause.reason()));
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized Optional<Pause> resume(String pipeline) {
        return write("resuming pipeline " + pipeline, c -> {
            Optional<Pause> pause = pauses(c, pipeline).stream().findFirst();
            if (pause.isPresent()) {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM " + t("pipeline_pauses") + " WHERE pipeline = ?")) {
                    delete.setString(1, pipeline);
                    delete.executeUpdate();
                }
            }
            return pause;
        });
    }

    @Override
    public synchronized List<Pause> pauses() {
        return read("reading the paused pipelines", c -> pauses(c, null));
    }

    /** The pauses, of one pipeline or (null) all, by name. */
    private List<Pause> pauses(Connection c, String pipeline) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT pipeline, paused_at, reason FROM " + t("pipeline_pauses")
                + (pipeline == null ? "" : " WHERE pipeline = ?") + " ORDER BY pipeline")) {
            if (pipeline != null) {
                query.setString(1, pipeline);
            }
            List<Pause> out = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    out.add(new Pause(rs.getString(1), instant(rs, 2), rs.getString(3)));
                }
            }
            return out;
        }
    }

    @Override
    public synchronized boolean createApiToken(String name, String sha256, Instant createdAt) {
        return write("storing API token " + name, c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + t("api_tokens")
                    + " (name, sha256, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, name);
                insert.setString(2, sha256);
                insert.setObject(3, utc(createdAt));
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public synchronized List<ApiToken> apiTokens() {
        return read("reading the API tokens", c -> apiTokens(c, "ORDER BY name", null));
    }

    @Override
    public synchronized Optional<ApiToken> useApiToken(String sha256, Instant usedAt) {
        return write("checking an API token", c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE " + t("api_tokens")
                    + " SET last_used_at = ? WHERE sha256 = ? AND revoked_at IS NULL")) {
                update.setObject(1, utc(usedAt));
                update.setString(2, sha256);
                if (update.executeUpdate() == 0) {
                    return Optional.<ApiToken>empty();
                }
            }
            return apiTokens(c, "WHERE sha256 = ?", sha256).stream().findFirst();
        });
    }

    @Override
    public synchronized boolean revokeApiToken(String name, Instant revokedAt) {
        return write("revoking API token " + name, c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE " + t("api_tokens")
                    + " SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")) {
                update.setObject(1, utc(revokedAt));
                update.setString(2, name);
                return update.executeUpdate() == 1;
            }
        });
    }

    private List<ApiToken> apiTokens(Connection c, String where, String parameter) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT name, created_at, last_used_at, revoked_at FROM " + t("api_tokens") + " " + where)) {
            if (parameter != null) {
                query.setString(1, parameter);
            }
            List<ApiToken> out = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    out.add(new ApiToken(rs.getString(1), instant(rs, 2), instant(rs, 3), instant(rs, 4)));
                }
            }
            return out;
        }
    }

    private String t(String table) {
        return schema + "." + table;
    }

    @FunctionalInterface
    private interface Work<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T read(String what, Work<T> work) {
        return write(what, work);
    }

    /** Runs {@code work} on the store's connection, opening it again once when it was broken. */
    private <T> T write(String what, Work<T> work) {
        try {
            return work.apply(connection());
        } catch (SQLException first) {
            if (connection != null && isBroken(connection)) {
                connection = null;
                try {
                    return work.apply(connection());
                } catch (SQLException second) {
                    first = second;
                }
            }
            throw new TributaryException(ErrorKind.INTERNAL, what + " in " + description + " failed: " + first.getMessage(), first);
        }
    }

    /**
     * As {@link #write}, in one transaction: all of it or nothing, and one commit instead of one per
     * statement (a run's dozen log lines were a dozen commits of the warehouse file).
     */
    private <T> T writeAtomically(String what, Work<T> work) {
        return write(what, c -> {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = source.open();
        }
        return connection;
    }

    private static boolean isBroken(Connection connection) {
        try {
            return connection.isClosed() || !connection.isValid(2);
        } catch (SQLException e) {
            return true;
        }
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Object value = rs.getObject(column);
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        }
        if (value instanceof LocalDateTime local) {
            return local.toInstant(ZoneOffset.UTC);
        }
        return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            return List.of(json);
        }
    }

    private static Map<String, Long> phases(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Long>>() {});
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
