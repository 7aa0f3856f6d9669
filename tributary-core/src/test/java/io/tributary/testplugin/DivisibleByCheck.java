package io.tributary.testplugin;

import io.tributary.config.ConfigReader;
import io.tributary.spi.Check;
import io.tributary.spi.CheckType;
import io.tributary.spi.RowCondition;
import io.tributary.sql.Sql;
import java.util.List;
import java.util.Map;

/** TEST ONLY: {@code - divisible_by: {column: qty, by: 6}}: a value that is not a multiple of {@code by}. */
public final class DivisibleByCheck implements CheckType {

    public record Rule(String column, long by) implements Check {
        @Override
        public List<String> columns() {
            return List.of(column);
        }

        @Override
        public List<RowCondition> rowConditions(Map<String, String> columnTypes) {
            return List.of(new RowCondition("divisible_by(" + column + ", " + by + ")", Sql.ident(column) + " % " + by + " <> 0",
                    Sql.ident(column)));
        }
    }

    @Override
    public String name() {
        return "divisible_by";
    }

    @Override
    public Check read(ConfigReader item) {
        ConfigReader options = item.map(name());
        if (options == null) {
            return null;
        }
        String column = options.requiredString("column", "the column whose values are checked");
        Long by = options.integer("by", null, 1, Long.MAX_VALUE);
        if (!options.has("by")) {
            options.requiredString("by", "e.g. by: 6");
        }
        options.finish();
        return column == null || by == null ? null : new Rule(column, by);
    }
}
