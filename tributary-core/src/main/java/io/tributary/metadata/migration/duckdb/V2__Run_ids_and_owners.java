package io.tributary.metadata.migration.duckdb;

import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Run ids from a sequence instead of {@code max(run_id) + 1} (two runs starting at once got the same
 * id), continuing after the highest id of the existing history; and the columns a run's owner,
 * error kind, warnings, phase timings and skipped blank lines are kept in. Java, because the sequence's start depends on
 * the history it finds.
 */
public class V2__Run_ids_and_owners extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            long next;
            try (ResultSet rs = statement.executeQuery("SELECT coalesce(max(run_id), 0) + 1 FROM runs")) {
                rs.next();
                next = rs.getLong(1);
            }
            statement.execute("CREATE SEQUENCE run_ids START WITH " + next);
            statement.execute("ALTER TABLE runs ADD COLUMN owner_id VARCHAR");
            statement.execute("ALTER TABLE runs ADD COLUMN error_kind VARCHAR");
            statement.execute("ALTER TABLE runs ADD COLUMN warnings VARCHAR");
            statement.execute("ALTER TABLE runs ADD COLUMN phases VARCHAR");
            statement.execute("ALTER TABLE runs ADD COLUMN IF NOT EXISTS skipped_blank BIGINT DEFAULT 0");
        }
    }
}
