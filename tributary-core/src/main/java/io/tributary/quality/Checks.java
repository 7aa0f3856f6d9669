package io.tributary.quality;

import io.tributary.sql.Sql;

import io.tributary.error.TributaryException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Runs a pipeline's data-quality checks on the rows about to be published, all in SQL. */
public final class Checks {

    /** One check's outcome; {@code failing} rows out of {@code rows}, with a few example values. */
    public record Outcome(CheckSpec check, String name, long failing, long rows, boolean passed, List<String> examples) {
        public String describe() {
            String text = name + ": " + failing + " of " + rows + " rows fail";
            return examples.isEmpty() ? text : text + " (e.g. " + String.join(", ", examples) + ")";
        }
    }

    private final Connection connection;

    public Checks(Connection connection) {
        this.connection = connection;
    }

    /** A row-level check: the rows meeting {@code failing} fail it. */
    private record Measure(CheckSpec check, String name, String failing, String exampleColumn) {}

    /**
     * Row-level checks (not_null, accepted_values, range, expression) are all counted in one pass over
     * the data, with the row count; only unique needs a pass of its own. Examples are fetched only for
     * checks that found failing rows.
     */
    public List<Outcome> run(List<CheckSpec> checks, String relation, Map<String, String> columns) throws SQLException {
        List<Measure> measures = new ArrayList<>();
        for (CheckSpec check : checks) {
            requireColumns(check, columns);
            measures.addAll(measuresOf(check, columns));
        }
        long[] counts = countAll(relation, measures);
        long rows = counts[0];
        List<Outcome> outcomes = new ArrayList<>();
        int next = 0;
        for (CheckSpec check : checks) {
            List<Measure> own = measuresOf(check, columns);
            if (own.isEmpty()) {
                outcomes.add(runOne(check, relation, rows));
                continue;
            }
            for (Measure measure : own) {
                long failing = counts[++next];
                List<String> examples = failing == 0 || measure.exampleColumn() == null ? List.of()
                        : strings("SELECT DISTINCT CAST(" + measure.exampleColumn() + " AS VARCHAR) FROM " + relation
                                + " WHERE " + measure.failing() + " LIMIT 3");
                outcomes.add(outcome(check, measure.name(), failing, rows, examples));
            }
        }
        return outcomes;
    }

    private static List<Measure> measuresOf(CheckSpec check, Map<String, String> columns) {
        List<Measure> measures = new ArrayList<>();
        switch (check.kind()) {
            case NOT_NULL -> {
                for (String column : check.columns()) {
                    measures.add(new Measure(check, "not_null(" + column + ")", Sql.ident(column) + " IS NULL", null));
                }
            }
            case ACCEPTED_VALUES -> {
                String column = Sql.ident(check.columns().get(0));
                measures.add(new Measure(check, "accepted_values(" + check.columns().get(0) + ")",
                        column + " IS NOT NULL AND CAST(" + column + " AS VARCHAR) NOT IN (" + Sql.literals(check.values()) + ")", column));
            }
            case RANGE -> {
                String column = check.columns().get(0);
                measures.add(new Measure(check, "range(" + column + ")", RangeBounds.failing(check, column, columns.get(column)), Sql.ident(column)));
            }
            case EXPRESSION -> measures.add(new Measure(check, "expression(" + check.expression() + ")",
                    "(" + check.expression() + ") IS NOT TRUE", null));
            default -> { }
        }
        return measures;
    }

    /** The row count, then each measure's failing count, from one query. */
    private long[] countAll(String relation, List<Measure> measures) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        for (Measure measure : measures) {
            sql.append(", count(*) FILTER (WHERE ").append(measure.failing()).append(")");
        }
        sql.append(" FROM ").append(relation);
        long[] counts = new long[measures.size() + 1];
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql.toString())) {
            rs.next();
            for (int i = 0; i < counts.length; i++) {
                counts[i] = rs.getLong(i + 1);
            }
        }
        return counts;
    }

    /** A check on a missing column is a pipeline mistake: say so plainly instead of a SQL error (a range's bounds: {@link RangeBounds}). */
    private static void requireColumns(CheckSpec check, Map<String, String> columns) {
        String name = check.kind().name().toLowerCase(Locale.ROOT);
        for (String column : check.columns()) {
            String type = columns.get(column);
            if (type == null) {
                throw TributaryException.invalid("check " + name + ": there is no column " + column + " in the data; its columns are "
                        + String.join(", ", columns.keySet()));
            }
        }
    }

    /** The checks that are not a per-row condition: unique (a grouping) and row_count (the count itself). */
    private Outcome runOne(CheckSpec check, String relation, long rows) throws SQLException {
        if (check.kind() == CheckSpec.Kind.ROW_COUNT) {
            BigDecimal count = BigDecimal.valueOf(rows);
            boolean ok = (check.min() == null || count.compareTo(check.min().number()) >= 0)
                    && (check.max() == null || count.compareTo(check.max().number()) <= 0);
            return new Outcome(check, "row_count", ok ? 0 : rows, rows, ok, ok ? List.of() : List.of(rows + " rows, expected " + range(check)));
        }
        String columns = Sql.idents(check.columns());
        long duplicates = Sql.queryLong(connection, "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM " + relation
                + " GROUP BY " + columns + " HAVING count(*) > 1)");
        String example = check.columns().size() == 1 ? columns : "row(" + columns + ")";
        List<String> examples = duplicates == 0 ? List.of() : strings("SELECT CAST(" + example + " AS VARCHAR) FROM " + relation
                + " GROUP BY " + columns + " HAVING count(*) > 1 LIMIT 3");
        return outcome(check, "unique(" + String.join(", ", check.columns()) + ")", duplicates, rows, examples);
    }

    private static Outcome outcome(CheckSpec check, String name, long failing, long rows, List<String> examples) {
        boolean passed = !check.maxFailing().exceededBy(failing, rows);
        return new Outcome(check, name, failing, rows, passed, examples);
    }

    private static String range(CheckSpec check) {
        return (check.min() == null ? "" : "at least " + check.min().text())
                + (check.min() != null && check.max() != null ? " and " : "")
                + (check.max() == null ? "" : "at most " + check.max().text());
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
}
