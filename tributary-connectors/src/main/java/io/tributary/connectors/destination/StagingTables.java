package io.tributary.connectors.destination;

import io.tributary.jdbc.Dialect;
import io.tributary.spi.TableName;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The staging tables of a destination database: how they are named, and dropping them after a
 * publish or, when a killed run left them behind, at the next run's recovery. Staging runs in
 * autocommit, so such leftovers are possible; only the pipeline's own are ever dropped.
 */
final class StagingTables {
    static final String STAGE_PREFIX = "_tributary_stage_";

    private final Connection connection;
    private final Dialect dialect;

    StagingTables(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    void dropLeftovers(String pipeline) throws SQLException {
        String prefix = STAGE_PREFIX + pipelineTag(pipeline) + "_";
        List<TableName> leftovers = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT table_schema, table_name FROM information_schema.tables "
                + "WHERE table_type = 'BASE TABLE' AND left(table_name, ?) = ?")) {
            query.setInt(1, prefix.length());
            query.setString(2, prefix);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    leftovers.add(new TableName(rs.getString(1), rs.getString(2)));
                }
            }
        }
        for (TableName leftover : leftovers) {
            drop(dialect.table(leftover));
        }
    }

    void dropQuietly(List<TablePlan> plans) {
        for (TablePlan plan : plans) {
            if (plan.stageCreated) {
                try {
                    if (plan.groups != null) {
                        drop(dialect.table(plan.groups.stage()));
                    }
                    if (!plan.stageHandedOver) {
                        drop(dialect.table(plan.stage));
                    }
                } catch (SQLException ignored) {
                    // the next publish drops it (dropLeftovers); the run's own error matters more
                }
            }
        }
    }

    /**
     * {@code _tributary_stage_<pipeline tag>_<run>_<table>}: the tag (8 hex digits of the pipeline
     * name's SHA-256) lets a publish drop its own pipeline's leftovers without touching the staging
     * tables of another pipeline publishing at the same time, and keeps names within 64 characters.
     */
    static String stageName(String pipeline, long runId, int index) {
        return STAGE_PREFIX + pipelineTag(pipeline) + "_" + runId + "_" + index;
    }

    static String pipelineTag(String pipeline) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(pipeline.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void drop(String table) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
