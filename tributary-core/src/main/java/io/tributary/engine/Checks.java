package io.tributary.engine;

import io.tributary.spec.CheckSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import io.tributary.error.TributaryException;
import java.util.stream.Collectors;

/** Runs a pipeline's data-quality checks on the rows about to be published, all in SQL. */
final class Checks {

    /** One check's outcome; {@code failing} rows out of {@code rows}, with a few example values. */
    record Outcome(CheckSpec check, String name, long failing, long rows, boolean passed, List<String> examples) {
        String describe() {
            String text = name + ": " + failing + " of " + rows + " rows fail";
            return examples.isEmpty() ? text : text + " (e.g. " + String.join(", ", examples) + ")";
        }
    }

    private final Connection connection;

    Checks(Connection connection) {
        this.connection = connection;
    }

    List<Outcome> run(List<CheckSpec> checks, String relation, Map<String, String> columns) throws SQLException {
        long rows = Sql.queryLong(connection, "SELECT count(*) FROM " + relation);
        List<Outcome> outcomes = new ArrayList<>();
        for (CheckSpec check : checks) {
            requireColumns(check, columns);
            if (check.kind() == CheckSpec.Kind.NOT_NULL) {
                for (String column : check.columns()) {
                    outcomes.add(measure(check, "not_null(" + column + ")", relation, rows, Sql.ident(column) + " IS NULL", null));
                }
            } else {
                outcomes.add(runOne(check, relation, rows));
            }
        }
        return outcomes;
    }

    /** A check on a missing column, or a range on text, is a pipeline mistake: say so plainly instead of a SQL error. */
    private static void requireColumns(CheckSpec check, Map<String, String> columns) {
        String name = check.kind().name().toLowerCase(Locale.ROOT);
        for (String column : check.columns()) {
            String type = columns.get(column);
            if (type == null) {
                throw TributaryException.invalid("check " + name + ": there is no column " + column + " in the data; its columns are "
                        + String.join(", ", columns.keySet()));
            }
            if (check.kind() == CheckSpec.Kind.RANGE && !isNumericOrTemporal(type)) {
                throw TributaryException.invalid("check range: column " + column + " is " + type + ", not a number, so a range cannot apply. "
                        + "Declare its type (csv: {columns: {" + column + ": DOUBLE}}) or cast it in transform (- cast: {" + column + ": DOUBLE}).");
            }
        }
    }

    private static boolean isNumericOrTemporal(String type) {
        String t = type.toUpperCase(Locale.ROOT);
        return t.matches("(U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|DECIMAL.*|DATE|TIMESTAMP.*|TIME.*)");
    }

    private Outcome runOne(CheckSpec check, String relation, long rows) throws SQLException {
        String columns = Sql.idents(check.columns());
        switch (check.kind()) {
            case UNIQUE -> {
                long duplicates = Sql.queryLong(connection, "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM " + relation
                        + " GROUP BY " + columns + " HAVING count(*) > 1)");
                String example = check.columns().size() == 1 ? columns : "row(" + columns + ")";
                List<String> examples = strings("SELECT CAST(" + example + " AS VARCHAR) FROM " + relation
                        + " GROUP BY " + columns + " HAVING count(*) > 1 LIMIT 3");
                return outcome(check, "unique(" + String.join(", ", check.columns()) + ")", duplicates, rows, examples);
            }
            case ACCEPTED_VALUES -> {
                String column = Sql.ident(check.columns().get(0));
                return measure(check, "accepted_values(" + check.columns().get(0) + ")", relation, rows,
                        column + " IS NOT NULL AND CAST(" + column + " AS VARCHAR) NOT IN (" + Sql.literals(check.values()) + ")", column);
            }
            case RANGE -> {
                String column = Sql.ident(check.columns().get(0));
                List<String> bounds = new ArrayList<>();
                if (check.min() != null) {
                    bounds.add(column + " < " + check.min());
                }
                if (check.max() != null) {
                    bounds.add(column + " > " + check.max());
                }
                return measure(check, "range(" + check.columns().get(0) + ")", relation, rows, String.join(" OR ", bounds), column);
            }
            case ROW_COUNT -> {
                boolean ok = (check.min() == null || rows >= check.min()) && (check.max() == null || rows <= check.max());
                return new Outcome(check, "row_count", ok ? 0 : rows, rows, ok,
                        ok ? List.of() : List.of(rows + " rows, expected " + range(check)));
            }
            case EXPRESSION -> {
                return measure(check, "expression(" + check.expression() + ")", relation, rows, "(" + check.expression() + ") IS NOT TRUE", null);
            }
            default -> throw new IllegalStateException("not_null is measured per column");
        }
    }

    private Outcome measure(CheckSpec check, String name, String relation, long rows, String failingCondition, String exampleColumn)
            throws SQLException {
        long failing = Sql.queryLong(connection, "SELECT count(*) FROM " + relation + " WHERE " + failingCondition);
        List<String> examples = failing == 0 || exampleColumn == null ? List.of()
                : strings("SELECT DISTINCT CAST(" + exampleColumn + " AS VARCHAR) FROM " + relation + " WHERE " + failingCondition + " LIMIT 3");
        return outcome(check, name, failing, rows, examples);
    }

    private static Outcome outcome(CheckSpec check, String name, long failing, long rows, List<String> examples) {
        boolean passed = !check.maxFailing().exceededBy(failing, rows);
        return new Outcome(check, name, failing, rows, passed, examples);
    }

    private static String range(CheckSpec check) {
        return (check.min() == null ? "" : "at least " + check.min().longValue())
                + (check.min() != null && check.max() != null ? " and " : "")
                + (check.max() == null ? "" : "at most " + check.max().longValue());
    }


    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out.stream().map(v -> v == null ? "NULL" : "'" + v + "'").collect(Collectors.toList());
    }

    static String severityWord(CheckSpec check) {
        return check.severity().name().toLowerCase(Locale.ROOT);
    }
}
