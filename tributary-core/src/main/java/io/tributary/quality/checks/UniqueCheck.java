package io.tributary.quality.checks;

import io.tributary.config.ConfigReader;
import io.tributary.spi.Check;
import io.tributary.spi.CheckFinding;
import io.tributary.spi.CheckTable;
import io.tributary.spi.CheckType;
import io.tributary.sql.Sql;
import java.sql.SQLException;
import java.util.List;

/** {@code unique: column} or {@code [columns]}: a value (or combination) appears more than once. */
public final class UniqueCheck implements CheckType {

    /** A grouping, not a condition on one row: a pass of its own. */
    public record Rule(List<String> columns) implements Check {
        @Override
        public List<CheckFinding> measure(CheckTable table) throws SQLException {
            String columns = Sql.idents(this.columns);
            long duplicates = Sql.queryLong(table.connection(), "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM "
                    + table.relation() + " GROUP BY " + columns + " HAVING count(*) > 1)");
            String example = this.columns.size() == 1 ? columns : "row(" + columns + ")";
            List<String> examples = duplicates == 0 ? List.of() : table.examples("SELECT CAST(" + example + " AS VARCHAR) FROM "
                    + table.relation() + " GROUP BY " + columns + " HAVING count(*) > 1 LIMIT 3");
            return List.of(CheckFinding.counted("unique(" + String.join(", ", this.columns) + ")", duplicates, examples));
        }
    }

    @Override
    public String name() {
        return "unique";
    }

    @Override
    public Check read(ConfigReader item) {
        return new Rule(CheckOptions.columns(item, name()));
    }
}
