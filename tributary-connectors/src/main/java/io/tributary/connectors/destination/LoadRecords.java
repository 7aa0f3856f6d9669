package io.tributary.connectors.destination;

import io.tributary.jdbc.Dialect;
import io.tributary.spi.Destination.CommittedRun;
import io.tributary.spi.PublishRequest;
import io.tributary.spi.RunCounts;
import io.tributary.spi.SourceState;
import io.tributary.spi.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Tributary's own tables in a destination database, written in the publish transaction: the
 * pipeline's source state and one load record per table (with the run's counts, from which the run
 * history is reconciled when the process stopped between this commit and the history's).
 */
final class LoadRecords {
    private final Connection connection;
    private final Dialect dialect;
    private final Function<String, TableName> metaTable;
    private final Supplier<String> now;
    private final Function<TableName, String> display;
    private final BiConsumer<String, TableName> step;

    /**
     * @param metaTable where Tributary's table of that name lives in this database
     * @param now       this database's SQL for the current time
     * @param display   how messages and load records name a table
     * @param step      tells the destination what is being done, for its failure's message
     */
    LoadRecords(Connection connection, Dialect dialect, Function<String, TableName> metaTable, Supplier<String> now,
                Function<TableName, String> display, BiConsumer<String, TableName> step) {
        this.connection = connection;
        this.dialect = dialect;
        this.metaTable = metaTable;
        this.now = now;
        this.display = display;
        this.step = step;
    }

    /** Replaces the state entries of the run's units (all of the pipeline's when {@code resetState}). */
    void writeState(PublishRequest publication) throws SQLException {
        step.accept("writing the state of pipeline " + publication.pipeline(), null);
        String table = dialect.table(metaTable.apply("state"));
        if (publication.resetState()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE pipeline = ?")) {
                delete.setString(1, publication.pipeline());
                delete.executeUpdate();
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE pipeline = ? AND unit = ?");
             PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
                     + " (pipeline, unit, value, run_id, updated_at) VALUES (?, ?, ?, ?, " + now.get() + ")")) {
            for (Map.Entry<String, String> entry : publication.state().entrySet()) {
                delete.setString(1, publication.pipeline());
                delete.setString(2, entry.getKey());
                delete.addBatch();
                insert.setString(1, publication.pipeline());
                insert.setString(2, entry.getKey());
                insert.setString(3, entry.getValue());
                insert.setLong(4, publication.runId());
                insert.addBatch();
            }
            if (!publication.state().isEmpty()) {
                delete.executeBatch();
                insert.executeBatch();
            }
        }
    }

    /**
     * One load record per table, each with the run's counts: the run history is reconciled from them
     * ({@link #lastCommit}) when the process stopped between this commit and the history's.
     */
    void writeLoads(PublishRequest publication, List<TablePlan> plans, Map<TablePlan, Long> rows) throws SQLException {
        step.accept("recording the load in " + metaTable.apply("loads"), null);
        RunCounts counts = publication.counts();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + dialect.table(metaTable.apply("loads"))
                + " (run_id, pipeline, target, mode, rows_loaded, loaded_at, rows_read, rows_rejected, bytes_read, units, skipped_blank,"
                + " rows_filtered, rows_quarantined) VALUES (?, ?, ?, ?, ?, " + now.get() + ", ?, ?, ?, ?, ?, ?, ?)")) {
            for (TablePlan plan : plans) {
                insert.setLong(1, publication.runId());
                insert.setString(2, publication.pipeline());
                insert.setString(3, display.apply(plan.target));
                insert.setString(4, plan.table.mode().yamlName());
                insert.setLong(5, rows.get(plan));
                insert.setLong(6, counts.read());
                insert.setLong(7, counts.rejected());
                insert.setLong(8, counts.bytes());
                insert.setInt(9, counts.units());
                insert.setLong(10, counts.skippedBlank());
                insert.setLong(11, counts.filtered());
                insert.setLong(12, counts.quarantined());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** Adds the count columns to a load-record table made before load records kept counts. */
    void addCountColumns(Map<String, String> existing) throws SQLException {
        for (String column : List.of("rows_read", "rows_rejected", "bytes_read", "units", "skipped_blank", "rows_filtered",
                "rows_quarantined")) {
            if (existing != null && !existing.containsKey(column)) {
                execute("ALTER TABLE " + dialect.table(metaTable.apply("loads")) + " ADD COLUMN " + column + " BIGINT");
            }
        }
    }

    /** The newest committed run of {@code pipeline} with the counts its load record keeps. */
    Optional<CommittedRun> lastCommit(String pipeline) throws SQLException {
        // A record written before load records kept counts gives its table's rows as both read and loaded.
        try (PreparedStatement query = connection.prepareStatement("SELECT run_id, coalesce(rows_read, rows_loaded), "
                + "coalesce(rows_read - rows_rejected - coalesce(rows_filtered, 0) - coalesce(rows_quarantined, 0), rows_loaded), "
                + "coalesce(rows_rejected, 0), coalesce(bytes_read, 0), coalesce(units, 0), coalesce(skipped_blank, 0), "
                + "coalesce(rows_filtered, 0), coalesce(rows_quarantined, 0) FROM " + dialect.table(metaTable.apply("loads"))
                + " WHERE pipeline = ? ORDER BY run_id DESC")) {
            query.setString(1, pipeline);
            query.setMaxRows(1);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new CommittedRun(rs.getLong(1), new RunCounts(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getInt(6), rs.getLong(7), rs.getLong(8), rs.getLong(9))));
            }
        }
    }

        SourceState readState(String pipeline) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT unit, value FROM "
                + dialect.table(metaTable.apply("state")) + " WHERE pipeline = ?")) {
            query.setString(1, pipeline);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    values.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return new SourceState(values);
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
