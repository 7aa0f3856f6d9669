package io.tributary.assess;

import io.tributary.spi.RejectSink;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The staging area of an assessment: tables in a scratch in-memory DuckDB that nobody else sees and
 * that disappears with it, rejects counted per unit instead of written to the warehouse. A source
 * stages into it exactly as into a run's, so its reader (and type inference) is the one assessed.
 */
final class ScratchStaging implements Staging {
    private final Connection connection;
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, Long> rejectsByUnit = new LinkedHashMap<>();
    private final List<String> rejectReasons = new ArrayList<>();
    private int tables;

    ScratchStaging(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Connection connection() {
        return connection;
    }

    @Override
    public TableRef newTable() {
        return new TableRef(null, "main", "_assess_stage_" + tables++);
    }

    @Override
    public void execute(String sql, String label) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void progress(String label, long rows) {
        // nobody watches an assessment's progress row by row
    }

    @Override
    public RejectSink rejects() {
        return new RejectSink() {
            @Override
            public void reject(String unit, long line, String column, String raw, String reason) {
                rejectsByUnit.merge(unit, 1L, Long::sum);
                if (rejectReasons.size() < 5) {
                    rejectReasons.add(unit + (line > 0 ? ":" + line : "") + ": " + reason);
                }
            }

            @Override
            public long rejectFromQuery(String selectSql) throws SQLException {
                long n = 0;
                try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(selectSql)) {
                    while (rs.next()) {
                        reject(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5));
                        n++;
                    }
                }
                return n;
            }

            @Override
            public void flush() {
            }
        };
    }

    @Override
    public void warn(String warning) {
        warnings.add(warning);
    }

    /** The instance is the assessment's alone, so a source may change its settings. */
    @Override
    public EngineLease engineToItself() {
        return () -> { };
    }

    @Override
    public long runId() {
        return 0;
    }

    @Override
    public String pipeline() {
        return "assess";
    }

    List<String> warnings() {
        return warnings;
    }

    List<String> rejectReasons() {
        return rejectReasons;
    }
}
