package io.tributary.quality;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What checks see beyond the rows they judge: the run's time ({@code freshness}), the other tables
 * ({@code relationships}) and the row counts of earlier runs ({@code volume}).
 */
public record CheckContext(Instant now, Tables tables, History history) {

    /** Resolves a table name, as a user wrote it, to a relation to write after FROM, or null. */
    @FunctionalInterface
    public interface Tables {
        String relationOf(String table) throws SQLException;
    }

    /** The row counts of a check's earlier results on one table, newest first. */
    @FunctionalInterface
    public interface History {
        List<Long> rowCounts(String check, int limit);
    }

    /** No other tables, no history: for checks run on their own (tests, a model's audit). */
    public static CheckContext standalone() {
        return new CheckContext(Instant.now(), table -> null, (check, limit) -> List.of());
    }
}
