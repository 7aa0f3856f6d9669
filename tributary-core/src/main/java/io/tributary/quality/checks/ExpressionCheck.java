package io.tributary.quality.checks;

import io.tributary.config.ConfigReader;
import io.tributary.spi.Check;
import io.tributary.spi.CheckType;
import io.tributary.spi.RowCondition;
import java.util.List;
import java.util.Map;

/** {@code expression: SQL}: a row does not satisfy the condition (NULL counts as not satisfied). */
public final class ExpressionCheck implements CheckType {

    public record Rule(String expression) implements Check {
        @Override
        public List<String> columns() {
            return List.of();
        }

        @Override
        public List<RowCondition> rowConditions(Map<String, String> columnTypes) {
            return List.of(new RowCondition("expression(" + expression + ")", "(" + expression + ") IS NOT TRUE", null));
        }
    }

    @Override
    public boolean quarantinable() {
        return true;
    }

    @Override
    public String name() {
        return "expression";
    }

    @Override
    public Check read(ConfigReader item) {
        String expression = item.requiredString(name(), "a SQL condition every row meets, e.g. expression: \"total >= 0\"");
        return expression == null ? null : new Rule(expression);
    }
}
