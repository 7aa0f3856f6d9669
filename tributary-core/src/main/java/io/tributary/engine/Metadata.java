package io.tributary.engine;

import io.tributary.config.Secrets;
import io.tributary.spi.SourceState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes Tributary's own tables in the {@code _tributary} schema of the warehouse. */
public final class Metadata {
    private static final String M = Warehouse.META;
    private static final String ABANDONED = "the process stopped during the run (killed or crashed); nothing of it was published";
    private final Connection connection;

    public Metadata(Connection connection) {
        this.connection = connection;
    }

    /** A row of the run history. */
    public record RunRecord(long runId, String pipeline, LocalDateTime startedAt, LocalDateTime endedAt, String status,
                            long rowsRead, long rowsLoaded, long rowsRejected, long bytesRead, String target, String error) {}

    long startRun(String pipeline, String target, String mode, boolean fullRefresh) throws SQLException {
        long runId;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT coalesce(max(run_id), 0) + 1 FROM " + M + ".runs")) {
            rs.next();
            runId = rs.getLong(1);
        }
        RunOwner owner = RunOwner.current();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + M + ".runs (run_id, pipeline, started_at, status, "
                + "target, mode, full_refresh, rows_read, rows_loaded, rows_rejected, bytes_read, units_loaded, owner_pid, owner_started_at) "
                + "VALUES (?, ?, " + Clock.sqlNow() + ", 'running', ?, ?, ?, 0, 0, 0, 0, 0, ?, ?)")) {
            insert.setLong(1, runId);
            insert.setString(2, pipeline);
            insert.setString(3, target);
            insert.setString(4, mode);
            insert.setBoolean(5, fullRefresh);
            insert.setLong(6, owner.pid());
            insert.setObject(7, owner.started() == null ? null : LocalDateTime.ofInstant(owner.started(), ZoneOffset.UTC));
            insert.executeUpdate();
        }
        return runId;
    }

    /**
     * Marks as abandoned the runs left 'running' by a process that is gone (killed, crashed); a run whose
     * owner still lives is left alone, whichever process asks.
     */
    int markAbandonedRuns() throws SQLException {
        List<Long> abandoned = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT run_id, owner_pid, owner_started_at FROM " + M + ".runs WHERE status = 'running'")) {
            while (rs.next()) {
                if (isGone(rs.getObject(2, Long.class), rs.getObject(3, LocalDateTime.class))) {
                    abandoned.add(rs.getLong(1));
                }
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + M + ".runs SET status = 'abandoned', ended_at = coalesce(ended_at, "
                + Clock.sqlNow() + "), error = " + Sql.literal(ABANDONED) + " WHERE run_id = ? AND status = 'running'")) {
            for (long runId : abandoned) {
                update.setLong(1, runId);
                update.executeUpdate();
            }
        }
        return abandoned.size();
    }

    /**
     * A run without an owner was recorded by a version that kept none, and ran only while holding the
     * warehouse's write lock; it cannot be running now that this history can be read.
     */
    private static boolean isGone(Long pid, LocalDateTime started) {
        return pid == null || new RunOwner(pid, started == null ? null : started.toInstant(ZoneOffset.UTC)).isGone();
    }

    /** Drops staging tables left behind by a killed run. */
    void dropLeftoverStaging() throws SQLException {
        List<String> leftovers = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT schema_name, table_name FROM duckdb_tables() WHERE table_name LIKE '"
                     + Warehouse.STAGE_PREFIX + "%'")) {
            while (rs.next()) {
                leftovers.add(Sql.ident(rs.getString(1)) + "." + Sql.ident(rs.getString(2)));
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String table : leftovers) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }

    void finishRun(long runId, RunStatus status, long read, long loaded, long rejected, long bytes, int units, String error)
            throws SQLException {
        finishRun(runId, status, read, loaded, rejected, bytes, units, error, 0);
    }

    void finishRun(long runId, RunStatus status, long read, long loaded, long rejected, long bytes, int units, String error,
                   long skippedBlank) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + M + ".runs SET ended_at = " + Clock.sqlNow()
                + ", status = ?, rows_read = ?, rows_loaded = ?, rows_rejected = ?, bytes_read = ?, units_loaded = ?, error = ?, "
                + "skipped_blank = " + skippedBlank + " WHERE run_id = ?")) {
            update.setString(1, status.word());
            update.setLong(2, read);
            update.setLong(3, loaded);
            update.setLong(4, rejected);
            update.setLong(5, bytes);
            update.setInt(6, units);
            update.setString(7, Secrets.redact(error));
            update.setLong(8, runId);
            update.executeUpdate();
        }
    }

    SourceState state(String pipeline) throws SQLException {
        Map<String, String> values = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT unit, value FROM " + M + ".state WHERE pipeline = ?")) {
            query.setString(1, pipeline);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return new SourceState(values);
    }

    /** Within the publish transaction: replaces the state entries of the units just loaded. */
    void saveState(String pipeline, long runId, Map<String, String> entries, boolean resetAll) throws SQLException {
        if (resetAll) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + M + ".state WHERE pipeline = ?")) {
                delete.setString(1, pipeline);
                delete.executeUpdate();
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + M + ".state WHERE pipeline = ? AND unit = ?");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + M + ".state VALUES (?, ?, ?, ?, " + Clock.sqlNow() + ")")) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                if (!resetAll) {
                    delete.setString(1, pipeline);
                    delete.setString(2, entry.getKey());
                    delete.executeUpdate();
                }
                insert.setString(1, pipeline);
                insert.setString(2, entry.getKey());
                insert.setString(3, entry.getValue());
                insert.setLong(4, runId);
                insert.executeUpdate();
            }
        }
    }

    void recordLoad(long runId, String pipeline, String target, String mode, int units, long rows) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + M + ".loads VALUES (?, ?, ?, ?, ?, ?, " + Clock.sqlNow() + ")")) {
            insert.setLong(1, runId);
            insert.setString(2, pipeline);
            insert.setString(3, target);
            insert.setString(4, mode);
            insert.setInt(5, units);
            insert.setLong(6, rows);
            insert.executeUpdate();
        }
    }

    /**
     * The newest runs first, optionally of one pipeline. A 'running' run whose process is gone is
     * returned as abandoned, as the next run will record it; nothing is written, so a read-only
     * warehouse serves too, also one written before runs recorded their owner.
     */
    public List<RunRecord> runs(String pipeline, int limit) throws SQLException {
        String where = pipeline == null ? "" : " WHERE pipeline = ?";
        String owner = hasOwnerColumns() ? "owner_pid, owner_started_at" : "NULL, NULL";
        try (PreparedStatement query = connection.prepareStatement("SELECT run_id, pipeline, started_at, ended_at, status, rows_read, "
                + "rows_loaded, rows_rejected, bytes_read, target, error, " + owner + " FROM " + M + ".runs" + where
                + " ORDER BY run_id DESC LIMIT " + limit)) {
            if (pipeline != null) {
                query.setString(1, pipeline);
            }
            List<RunRecord> out = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    boolean abandoned = RunStatus.RUNNING.word().equals(rs.getString(5))
                            && isGone(rs.getObject(12, Long.class), rs.getObject(13, LocalDateTime.class));
                    out.add(new RunRecord(rs.getLong(1), rs.getString(2), rs.getObject(3, LocalDateTime.class),
                            rs.getObject(4, LocalDateTime.class), abandoned ? RunStatus.ABANDONED.word() : rs.getString(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getString(10), abandoned ? ABANDONED : rs.getString(11)));
                }
            }
            return out;
        }
    }

    /** The owner columns are added when a warehouse is opened for writing ({@link Warehouse}); an older one read-only has none. */
    private boolean hasOwnerColumns() throws SQLException {
        return Sql.queryLong(connection, "SELECT count(*) FROM duckdb_columns() WHERE schema_name = " + Sql.literal(M)
                + " AND table_name = 'runs' AND column_name = 'owner_pid'") > 0;
    }
}
