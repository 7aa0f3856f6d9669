package io.tributary.quality.checks;

import io.tributary.config.ConfigReader;
import io.tributary.spi.Check;
import io.tributary.spi.CheckType;
import io.tributary.spi.RowCondition;
import io.tributary.sql.Sql;
import java.util.List;
import java.util.Map;

/** {@code not_null: [columns]}: a listed column is NULL in more rows than {@code max_missing} allows. */
public final class NotNullCheck implements CheckType {

    public record Rule(List<String> columns) implements Check {
        @Override
        public List<RowCondition> rowConditions(Map<String, String> columnTypes) {
            return columns.stream().map(c -> new RowCondition("not_null(" + c + ")", Sql.ident(c) + " IS NULL", null)).toList();
        }
    }

    @Override
    public boolean quarantinable() {
        return true;
    }

    @Override
    public String name() {
        return "not_null";
    }

    /** {@code max_missing} says it in this check's words; it wins over {@code max_failing}. */
    @Override
    public List<String> toleranceKeys() {
        return List.of("max_failing", "max_missing");
    }

    @Override
    public Check read(ConfigReader item) {
        return new Rule(CheckOptions.columns(item, name()));
    }
}
