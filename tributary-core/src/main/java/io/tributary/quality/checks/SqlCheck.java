package io.tributary.quality.checks;

import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigReader;
import io.tributary.spi.Check;
import io.tributary.spi.CheckFinding;
import io.tributary.spi.CheckTable;
import io.tributary.spi.CheckType;
import io.tributary.sql.Sql;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code sql: "SELECT ... FROM {table} WHERE ..."}: a query of the user's whose rows are the failing
 * ones (Soda's failed-rows check). {@code {table}} stands for the rows about to be published; other
 * tables of the warehouse can be joined by name.
 */
public final class SqlCheck implements CheckType {
    static final String TABLE = "{table}";

    public record Rule(String query) implements Check {
        @Override
        public List<String> columns() {
            return List.of();
        }

        @Override
        public List<CheckFinding> measure(CheckTable table) throws SQLException {
            String rows = "(" + query.replace(TABLE, table.relation()) + ")";
            long failing = Sql.queryLong(table.connection(), "SELECT count(*) FROM " + rows + " AS failing_rows");
            List<String> examples = failing == 0 ? List.of()
                    : table.examples("SELECT CAST(failing_rows AS VARCHAR) FROM " + rows + " AS failing_rows LIMIT 3");
            return List.of(CheckFinding.counted("sql", failing, examples));
        }
    }

    @Override
    public String name() {
        return "sql";
    }

    @Override
    public Check read(ConfigReader item) {
        String query;
        if (item.node(name()) instanceof ConfigNode.MapNode) {
            ConfigReader options = item.map(name());
            query = options.requiredString("query", "a SELECT whose rows are the failing ones, e.g. query: \"SELECT * FROM {table} WHERE total < 0\"");
            options.finish();
        } else {
            query = item.requiredString(name(), "a SELECT whose rows are the failing ones, e.g. sql: \"SELECT * FROM {table} WHERE total < 0\"");
        }
        if (query == null) {
            return null;
        }
        if (!query.contains(TABLE)) {
            item.problem(name(), "the query does not read " + TABLE + ", the rows being checked", "e.g. SELECT * FROM {table} WHERE total < 0");
            return null;
        }
        String trimmed = query.strip();
        if (trimmed.endsWith(";")) {
            query = trimmed.substring(0, trimmed.length() - 1);
        }
        return new Rule(query);
    }
}
