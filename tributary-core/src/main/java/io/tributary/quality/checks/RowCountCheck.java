package io.tributary.quality.checks;

import io.tributary.config.ConfigReader;
import io.tributary.spi.Check;
import io.tributary.spi.CheckFinding;
import io.tributary.spi.CheckTable;
import io.tributary.spi.CheckType;
import java.math.BigDecimal;
import java.util.List;

/** {@code row_count: {min, max}}: the run's row count is outside the bounds. */
public final class RowCountCheck implements CheckType {

    /** The count decides, not a tolerance: an empty run fails {@code min: 1} though no row "fails". */
    public record Rule(Bound min, Bound max) implements Check {
        @Override
        public List<String> columns() {
            return List.of();
        }

        @Override
        public List<CheckFinding> measure(CheckTable table) {
            long rows = table.rows();
            BigDecimal count = BigDecimal.valueOf(rows);
            boolean ok = (min == null || count.compareTo(min.number()) >= 0) && (max == null || count.compareTo(max.number()) <= 0);
            return List.of(CheckFinding.decided("row_count", ok, ok ? 0 : rows, ok ? List.of() : List.of(rows + " rows, expected " + expected())));
        }

        private String expected() {
            return (min == null ? "" : "at least " + min.text()) + (min != null && max != null ? " and " : "")
                    + (max == null ? "" : "at most " + max.text());
        }
    }

    @Override
    public String name() {
        return "row_count";
    }

    @Override
    public Check read(ConfigReader item) {
        ConfigReader options = item.map(name());
        if (options == null) {
            return null;
        }
        Bound min = count(options, "min");
        Bound max = count(options, "max");
        if (!options.has("min") && !options.has("max")) {
            options.problem("min", "row_count needs min, max or both", "e.g. row_count: {min: 1}");
        }
        options.finish();
        return min == null && max == null ? null : new Rule(min, max);
    }

    private static Bound count(ConfigReader options, String key) {
        Double count = options.number(key, null);
        return count == null ? null : Bound.number(BigDecimal.valueOf(count).stripTrailingZeros().toPlainString());
    }
}
