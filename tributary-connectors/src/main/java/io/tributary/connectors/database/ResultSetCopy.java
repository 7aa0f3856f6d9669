package io.tributary.connectors.database;

import io.tributary.jdbc.Dialect;
import io.tributary.sql.Sql;
import io.tributary.spi.SourceUnit;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;

/**
 * The result-set path (MySQL/MariaDB, other JDBC databases, and PostgreSQL without COPY): a
 * forward-only result set with a bounded fetch size, streamed row by row into DuckDB's Appender. A
 * row holding a value that cannot be carried exactly ({@link RowAppender.Unfit}) is rejected with its
 * key, its column and the reason.
 */
final class ResultSetCopy {
    private static final int PROGRESS_EVERY = 50_000;

    /** What one read staged; {@code bytes} is what the server says it sent for it, or 0 when it cannot say. */
    record Copied(long loaded, long rejected, long bytes) {}

    private ResultSetCopy() {}

    /** @param key the columns that identify a row in a reject's reason (may be empty) */
    static Copied copy(Connection source, Dialect dialect, String select, List<SourceColumn> columns, List<SourceColumn> key, int fetchSize,
                       Staging staging, TableRef stage, SourceUnit unit) throws SQLException {
        try (Statement statement = staging.connection().createStatement()) {
            statement.execute("CREATE TABLE " + stage + " (" + columns.stream().map(c -> Sql.ident(c.name()) + " " + c.duckdb())
                    .collect(Collectors.joining(", ")) + ")");
        }
        RowAppender rows = new RowAppender(dialect, columns);
        long loaded = 0;
        long rejected = 0;
        long sentBefore = bytesSent(source, dialect);
        try (PreparedStatement statement = source.prepareStatement(select, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(fetchSize);
            try (ResultSet rs = statement.executeQuery();
                 DuckDBAppender appender = stage.appender(staging.connection())) {
                long row = 0;
                while (rs.next()) {
                    row++;
                    try {
                        rows.append(appender, rows.read(rs));
                        loaded++;
                    } catch (RowAppender.Unfit e) {
                        staging.rejects().reject(unit.key(), row, e.column(), null,
                                "row " + row + " of " + unit.label() + keyOf(rs, columns, key) + ": " + e.getMessage());
                        rejected++;
                    }
                    if (row % PROGRESS_EVERY == 0) {
                        staging.progress(unit.label(), row);
                    }
                }
                staging.progress(unit.label(), row);
            }
        }
        long bytes = sentBefore < 0 ? 0 : Math.max(0, bytesSent(source, dialect) - sentBefore);
        return new Copied(loaded, rejected, bytes);
    }

    /** {@code " (id 42)"}: the row's key as the source has it, so the row can be found there. */
    private static String keyOf(ResultSet rs, List<SourceColumn> columns, List<SourceColumn> key) throws SQLException {
        if (key.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" (");
        for (SourceColumn column : key) {
            text.append(text.length() > 2 ? ", " : "").append(column.name()).append(' ').append(rs.getString(columns.indexOf(column) + 1));
        }
        return text.append(')').toString();
    }

    /**
     * MySQL/MariaDB count the bytes they send on a session ({@code Bytes_sent}, the rows with the
     * protocol's framing): read before and after the rows, the difference is what this read received.
     * Other drivers give no such count: -1.
     */
    private static long bytesSent(Connection source, Dialect dialect) throws SQLException {
        if (dialect != Dialect.MYSQL) {
            return -1;
        }
        try (Statement statement = source.createStatement(); ResultSet rs = statement.executeQuery("SHOW SESSION STATUS LIKE 'Bytes_sent'")) {
            return rs.next() ? rs.getLong(2) : -1;
        }
    }
}
