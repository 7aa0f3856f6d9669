package io.tributary.quality.checks;

import io.tributary.config.ConfigReader;
import io.tributary.spi.Check;
import io.tributary.spi.CheckType;
import io.tributary.spi.RowCondition;
import io.tributary.sql.Sql;
import java.util.List;
import java.util.Map;

/** {@code accepted_values: {column, values}}: a non-NULL value is not in the list (compared as text). */
public final class AcceptedValuesCheck implements CheckType {

    public record Rule(String column, List<String> values) implements Check {
        @Override
        public List<String> columns() {
            return List.of(column);
        }

        @Override
        public List<RowCondition> rowConditions(Map<String, String> columnTypes) {
            String c = Sql.ident(column);
            return List.of(new RowCondition("accepted_values(" + column + ")",
                    c + " IS NOT NULL AND CAST(" + c + " AS VARCHAR) NOT IN (" + Sql.literals(values) + ")", c));
        }
    }

    @Override
    public boolean quarantinable() {
        return true;
    }

    @Override
    public String name() {
        return "accepted_values";
    }

    @Override
    public Check read(ConfigReader item) {
        ConfigReader options = item.map(name());
        if (options == null) {
            return null;
        }
        String column = CheckOptions.column(options);
        List<String> values = options.stringOrList("values");
        if (values.isEmpty()) {
            options.problem("values", "accepted_values needs a non-empty list of values", "e.g. values: [paid, refunded]");
        }
        options.finish();
        return column == null || values.isEmpty() ? null : new Rule(column, values);
    }
}
