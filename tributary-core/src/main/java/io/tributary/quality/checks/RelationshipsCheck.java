package io.tributary.quality.checks;

import io.tributary.config.ConfigReader;
import io.tributary.error.TributaryException;
import io.tributary.spi.Check;
import io.tributary.spi.CheckTable;
import io.tributary.spi.CheckType;
import io.tributary.spi.RowCondition;
import io.tributary.sql.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * {@code relationships: {column, to, field}}: a non-NULL value has no row in table {@code to} with that
 * {@code field} (dbt's relationships test: every line item's order exists). The other table is what the
 * run stages for it together with what is already published, so a line item whose order arrives in the
 * same run passes.
 */
public final class RelationshipsCheck implements CheckType {

    public record Rule(String column, String to, String field) implements Check {
        @Override
        public List<String> columns() {
            return List.of(column);
        }

        @Override
        public List<RowCondition> rowConditions(CheckTable table) throws SQLException {
            String other = table.relationOf(to);
            if (other == null) {
                throw TributaryException.invalid("check relationships(" + column + " → " + to + "." + field + "): there is no table " + to
                        + " in this run or in the warehouse. Load it first, or fix 'to'");
            }
            String otherType = typeOf(table, other);
            if (otherType == null) {
                throw TributaryException.invalid("check relationships(" + column + " → " + to + "." + field + "): table " + to
                        + " has no column " + field + ". Fix 'field'");
            }
            String value = Sql.ident(column);
            String key = Sql.ident(field);
            // values of different types are compared as text rather than failing on a cast
            boolean sameType = otherType.equalsIgnoreCase(table.columns().get(column));
            String left = sameType ? value : "CAST(" + value + " AS VARCHAR)";
            String right = sameType ? key : "CAST(" + key + " AS VARCHAR)";
            return List.of(new RowCondition(name(), value + " IS NOT NULL AND " + left + " NOT IN (SELECT " + right + " FROM " + other
                    + " WHERE " + key + " IS NOT NULL)", value));
        }

        String name() {
            return "relationships(" + column + " → " + to + "." + field + ")";
        }

        private String typeOf(CheckTable table, String relation) throws SQLException {
            try (Statement statement = table.connection().createStatement();
                 ResultSet rs = statement.executeQuery("DESCRIBE SELECT * FROM " + relation)) {
                while (rs.next()) {
                    if (rs.getString("column_name").equals(field)) {
                        return rs.getString("column_type");
                    }
                }
            }
            return null;
        }
    }

    @Override
    public boolean quarantinable() {
        return true;
    }

    @Override
    public String name() {
        return "relationships";
    }

    @Override
    public Check read(ConfigReader item) {
        ConfigReader options = item.map(name());
        if (options == null) {
            return null;
        }
        String column = CheckOptions.column(options);
        String to = options.requiredString("to", "the table whose rows the values refer to, e.g. to: orders");
        String field = options.requiredString("field", "the column of that table they match, e.g. field: id");
        options.finish();
        return column == null || to == null || field == null ? null : new Rule(column, to, field);
    }
}
