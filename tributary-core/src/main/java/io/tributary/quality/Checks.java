package io.tributary.quality;

import io.tributary.error.TributaryException;
import io.tributary.metadata.CheckResult;
import io.tributary.spi.CheckFinding;
import io.tributary.spi.CheckTable;
import io.tributary.spi.RowCondition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a pipeline's data-quality checks on the rows about to be published, all in SQL. Every check
 * type says what it measures ({@link io.tributary.spi.Check}); this is where they are counted,
 * whatever their type.
 */
public final class Checks {

    /**
     * One check's outcome; {@code failing} rows out of {@code rows}, with a few example values.
     *
     * @param samples   up to {@link CheckResult#MAX_SAMPLES} failing rows (whole rows for a row-level check), to keep
     * @param condition the row condition measured, for a row-level check (quarantine sets its rows aside); null otherwise
     * @param note      a line for the user even when it passed, or null
     */
    public record Outcome(CheckSpec check, String name, long failing, long rows, boolean passed, List<String> examples,
                          List<String> samples, RowCondition condition, String note) {
        public String describe() {
            String text = name + ": " + failing + " of " + rows + " rows fail";
            return examples.isEmpty() ? text : text + " (e.g. " + String.join(", ", examples) + ")";
        }
    }

    private final Connection connection;
    private final CheckContext context;

    public Checks(Connection connection, CheckContext context) {
        this.connection = connection;
        this.context = context;
    }

    /**
     * The row conditions of every check are all counted in one pass over the data, with the row
     * count; a check that looks at the table as a whole (unique, row_count) measures it after. Examples
     * are fetched only for conditions that found failing rows.
     */
    public List<Outcome> run(List<CheckSpec> checks, String relation, Map<String, String> columns) throws SQLException {
        Table table = new Table(relation, columns);
        List<List<RowCondition>> conditions = new ArrayList<>();
        List<RowCondition> all = new ArrayList<>();
        for (CheckSpec check : checks) {
            requireColumns(check, columns);
            List<RowCondition> own = check.check().rowConditions(table);
            conditions.add(own);
            all.addAll(own);
        }
        long[] counts = countAll(relation, all);
        long rows = counts[0];
        table.rows = rows;
        List<Outcome> outcomes = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < checks.size(); i++) {
            CheckSpec check = checks.get(i);
            for (RowCondition condition : conditions.get(i)) {
                long failing = counts[++next];
                List<String> examples = failing == 0 || condition.example() == null ? List.of()
                        : table.examples("SELECT DISTINCT CAST(" + condition.example() + " AS VARCHAR) FROM " + relation
                                + " WHERE " + condition.failing() + " LIMIT 3");
                List<String> samples = failing == 0 ? List.of() : table.rowsAsText("SELECT CAST(sample AS VARCHAR) FROM " + relation
                        + " AS sample WHERE " + condition.failing() + " LIMIT " + CheckResult.MAX_SAMPLES);
                outcomes.add(outcome(check, CheckFinding.counted(condition.name(), failing, examples), rows, samples, condition));
            }
            for (CheckFinding finding : check.check().measure(table)) {
                outcomes.add(outcome(check, finding, rows, finding.examples(), null));
            }
        }
        return outcomes;
    }

    /** The row count, then each condition's failing count, from one query. */
    private long[] countAll(String relation, List<RowCondition> conditions) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*)");
        for (RowCondition condition : conditions) {
            sql.append(", count(*) FILTER (WHERE ").append(condition.failing()).append(")");
        }
        sql.append(" FROM ").append(relation);
        long[] counts = new long[conditions.size() + 1];
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql.toString())) {
            rs.next();
            for (int i = 0; i < counts.length; i++) {
                counts[i] = rs.getLong(i + 1);
            }
        }
        return counts;
    }

    /** A check on a missing column is a pipeline mistake: say so plainly instead of a SQL error. */
    private static void requireColumns(CheckSpec check, Map<String, String> columns) {
        for (String column : check.check().columns()) {
            if (!columns.containsKey(column)) {
                throw TributaryException.invalid("check " + check.type() + ": there is no column " + column + " in the data; its columns are "
                        + String.join(", ", columns.keySet()));
            }
        }
    }

    private static Outcome outcome(CheckSpec check, CheckFinding finding, long rows, List<String> samples, RowCondition condition) {
        boolean passed = finding.passed() != null ? finding.passed() : !check.maxFailing().exceededBy(finding.failing(), rows);
        return new Outcome(check, finding.name(), finding.failing(), rows, passed, finding.examples(), samples, condition, finding.note());
    }

    /** The rows a check type's own measurement sees. */
    private final class Table implements CheckTable {
        private final String relation;
        private final Map<String, String> columns;
        /** Known once the row conditions are counted, before any check measures the table. */
        private long rows = -1;

        Table(String relation, Map<String, String> columns) {
            this.relation = relation;
            this.columns = columns;
        }

        @Override
        public Connection connection() {
            return connection;
        }

        @Override
        public String relation() {
            return relation;
        }

        @Override
        public Map<String, String> columns() {
            return columns;
        }

        @Override
        public long rows() {
            return rows;
        }

        @Override
        public java.time.Instant now() {
            return context.now();
        }

        @Override
        public String relationOf(String table) throws SQLException {
            return context.tables().relationOf(table);
        }

        @Override
        public List<Long> previousRowCounts(String check, int limit) {
            return context.history().rowCounts(check, limit);
        }

        /** The first column of a query's rows, as they are. */
        List<String> rowsAsText(String sql) throws SQLException {
            List<String> out = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }

        @Override
        public List<String> examples(String sql) throws SQLException {
            List<String> out = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                while (rs.next()) {
                    String value = rs.getString(1);
                    out.add(value == null ? "NULL" : "'" + value + "'");
                }
            }
            return out;
        }
    }
}
