package io.tributary.warehouse;

import io.tributary.spi.Destination.CommittedRun;
import io.tributary.spi.RunCounts;
import io.tributary.spi.SourceState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The warehouse's tables that commit with the data: the source state of each pipeline and the load
 * record of each published run, in the {@code _tributary} schema. Every method runs on the
 * connection it is given, so writes join the caller's publish transaction.
 */
final class WarehouseTables {
    private static final String M = Warehouse.META;

    private WarehouseTables() {}

    static SourceState state(Connection connection, String pipeline) throws SQLException {
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

    /** Replaces the state entries of the units just loaded (all of the pipeline's when {@code resetAll}). */
    static void saveState(Connection connection, String pipeline, long runId, Map<String, String> entries, boolean resetAll)
            throws SQLException {
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

    /** One load record: a table the run published, with the run's counts. */
    static void recordLoad(Connection connection, long runId, String pipeline, String target, String mode, RunCounts counts, long rows)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + M + ".loads (run_id, pipeline, target, mode, units, "
                + "rows_loaded, committed_at, rows_read, rows_rejected, bytes_read, skipped_blank, rows_filtered, rows_quarantined) "
                + "VALUES (?, ?, ?, ?, ?, ?, " + Clock.sqlNow() + ", ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, runId);
            insert.setString(2, pipeline);
            insert.setString(3, target);
            insert.setString(4, mode);
            insert.setInt(5, counts.units());
            insert.setLong(6, rows);
            insert.setLong(7, counts.read());
            insert.setLong(8, counts.rejected());
            insert.setLong(9, counts.bytes());
            insert.setLong(10, counts.skippedBlank());
            insert.setLong(11, counts.filtered());
            insert.setLong(12, counts.quarantined());
            insert.executeUpdate();
        }
    }

    /**
     * The newest committed run of the pipeline, with its counts ({@code read = loaded + rejected +
     * filtered + quarantined}); a record written before load records kept counts gives its table's rows
     * as both read and loaded.
     */
    static Optional<CommittedRun> lastCommit(Connection connection, String pipeline) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT run_id, coalesce(rows_read, rows_loaded), "
                + "coalesce(rows_read - rows_rejected - coalesce(rows_filtered, 0) - coalesce(rows_quarantined, 0), rows_loaded), "
                + "coalesce(rows_rejected, 0), coalesce(bytes_read, 0), units, coalesce(skipped_blank, 0), coalesce(rows_filtered, 0), "
                + "coalesce(rows_quarantined, 0) FROM " + M + ".loads "
                + "WHERE pipeline = ? ORDER BY run_id DESC, rows_read IS NULL LIMIT 1")) {
            query.setString(1, pipeline);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CommittedRun(rs.getLong(1), new RunCounts(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getInt(6), rs.getLong(7), rs.getLong(8), rs.getLong(9))));
            }
        }
    }
}
