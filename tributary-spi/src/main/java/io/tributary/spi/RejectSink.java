package io.tributary.spi;

import java.sql.SQLException;

/**
 * The run's rejected-rows table ({@code _tributary.rejected_rows}): each row that could not be
 * loaded, with the unit, line, column, raw text and a reason a person can act on. Rejects are
 * committed as they are written, so they remain visible even when the run fails.
 */
public interface RejectSink {

    /** Records one rejected row. {@code line} is 1-based (the line or sheet row in the source), or 0 when unknown. */
    void reject(String unit, long line, String column, String raw, String reason) throws SQLException;

    /**
     * Records rejected rows in bulk from a query in the engine that yields exactly the columns
     * {@code (unit VARCHAR, line BIGINT, column_name VARCHAR, raw VARCHAR, reason VARCHAR)}.
     * Returns how many rows it recorded.
     */
    long rejectFromQuery(String selectSql) throws SQLException;

    /** Makes buffered rejects durable; the engine calls it after each unit. */
    void flush() throws SQLException;
}
