package io.tributary.quality.checks;

import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigReader;
import io.tributary.spi.Check;
import io.tributary.spi.CheckType;
import io.tributary.spi.RowCondition;
import io.tributary.sql.Sql;
import java.util.List;
import java.util.Map;

/**
 * {@code range: {column, min, max}}: a value is below {@code min} or above {@code max}. Whether a bound
 * suits the column's type is only known once the data's columns are (at run time, {@link RangeBounds});
 * its shape is checked when the project is loaded.
 */
public final class RangeCheck implements CheckType {

    public record Rule(String column, Bound min, Bound max) implements Check {
        @Override
        public List<String> columns() {
            return List.of(column);
        }

        @Override
        public List<RowCondition> rowConditions(Map<String, String> columnTypes) {
            return List.of(new RowCondition("range(" + column + ")", RangeBounds.failing(column, columnTypes.get(column), min, max),
                    Sql.ident(column)));
        }
    }

    @Override
    public boolean quarantinable() {
        return true;
    }

    @Override
    public String name() {
        return "range";
    }

    @Override
    public Check read(ConfigReader item) {
        ConfigReader options = item.map(name());
        if (options == null) {
            return null;
        }
        String column = CheckOptions.column(options);
        Bound min = bound(options, "min");
        Bound max = bound(options, "max");
        if (!options.has("min") && !options.has("max")) {
            options.problem("min", "range needs min, max or both", "e.g. range: {column: total_price, min: 0}");
        }
        options.finish();
        return column == null || min == null && max == null ? null : new Rule(column, min, max);
    }

    /** A number, or a date or timestamp for a date column; anything else is reported where it is written. */
    private static Bound bound(ConfigReader options, String key) {
        ConfigNode node = options.node(key);
        if (node == null) {
            return null;
        }
        Bound bound = Bound.of(node);
        if (bound == null) {
            String found = node instanceof ConfigNode.ScalarNode scalar && scalar.text() != null ? "'" + scalar.text() + "'" : node.kindName();
            options.problem(key, "range " + key + " must be a number, a date, a timestamp or a time of day, but is " + found,
                    "e.g. " + key + ": 0 for a number column, " + key + ": 2020-01-01 or " + key + ": 2020-01-01 08:00:00 for a date or timestamp column");
        }
        return bound;
    }
}
