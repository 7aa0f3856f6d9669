package io.tributary.warehouse;


import io.tributary.sql.Sql;

import io.tributary.config.Secrets;
import io.tributary.spi.RejectSink;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Writes rejected rows to {@code _tributary.rejected_rows} through DuckDB's Appender on a separate
 * connection, so rejects are committed as they come and survive a failed run.
 */
public final class WarehouseRejects implements RejectSink, AutoCloseable {
    private final Connection connection;
    /** Where the run's staged rows are: a warehouse session, or a run's private engine. */
    private final Connection staging;
    private final boolean stagingInWarehouse;
    private final long runId;
    private final String pipeline;
    private DuckDBConnection appenderConnection;
    private DuckDBAppender appender;
    private long written;

    /**
     * @param warehouse          a connection to the warehouse
     * @param staging            the connection the run stages on (queries of {@link #rejectFromQuery} run there)
     * @param stagingInWarehouse whether {@code staging} is a connection to the warehouse itself
     */
    public WarehouseRejects(Connection warehouse, Connection staging, boolean stagingInWarehouse, long runId, String pipeline) {
        this.connection = warehouse;
        this.staging = staging;
        this.stagingInWarehouse = stagingInWarehouse;
        this.runId = runId;
        this.pipeline = pipeline;
    }

    @Override
    public void reject(String unit, long line, String column, String raw, String reason) throws SQLException {
        if (appender == null) {
            appenderConnection = ((DuckDBConnection) connection.unwrap(DuckDBConnection.class)).duplicate();
            appender = appenderConnection.createAppender(Warehouse.META, "rejected_rows");
        }
        appender.beginRow();
        appender.append(runId);
        appender.append(pipeline);
        text(unit);
        appender.append(line);
        text(column);
        text(Secrets.redact(raw));
        text(Secrets.redact(reason));
        appender.append(Clock.utcNow());
        appender.endRow();
        written++;
    }

    private void text(String value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else {
            appender.append(value);
        }
    }

    @Override
    public long rejectFromQuery(String selectSql) throws SQLException {
        if (!stagingInWarehouse) {
            // another database: the rows come over one by one (a run's rejects, not its data)
            long rows = 0;
            try (Statement statement = staging.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT unit, line, column_name, raw, reason FROM (" + selectSql + ")")) {
                while (rs.next()) {
                    reject(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5));
                    rows++;
                }
            }
            flush();
            return rows;
        }
        try (Statement statement = staging.createStatement()) {
            long rows = statement.executeLargeUpdate("INSERT INTO " + Warehouse.META + ".rejected_rows SELECT "
                    + runId + ", " + Sql.literal(pipeline) + ", unit, line, column_name, raw, reason, "
                    + Clock.sqlNow() + " FROM (" + selectSql + ")");
            written += rows;
            return rows;
        }
    }

    @Override
    public void flush() throws SQLException {
        if (appender != null) {
            appender.flush();
        }
    }

    /** Rejects recorded so far. */
    public long written() {
        return written;
    }

    /** Flushes and closes; a failed flush is thrown, never swallowed, since it would lose rejects. */
    @Override
    public void close() throws SQLException {
        if (appender != null) {
            DuckDBAppender closing = appender;
            appender = null;
            try {
                closing.close();
            } finally {
                appenderConnection.close();
            }
        }
    }
}
