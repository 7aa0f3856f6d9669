package io.tributary.quality;

import io.tributary.spi.RowCondition;
import io.tributary.spi.TableName;
import io.tributary.sql.Sql;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where the failing rows of quarantining checks go: {@code <table>__quarantine} beside the table, each
 * row with the check it failed first, every reason, the run and the time, and an id to release it by
 * ({@code tributary quarantine TABLE --release ID}). The SQL here runs on the staged rows.
 */
public final class Quarantine {
    public static final String SUFFIX = "__quarantine";
    public static final String CHECK = "_tributary_check";
    public static final String REASON = "_tributary_reason";
    public static final String RUN_ID = "_tributary_run_id";
    public static final String QUARANTINED_AT = "_tributary_quarantined_at";
    public static final String ROW_ID = "_tributary_row_id";
    /** The columns a quarantine table has beyond the data's, in order. */
    public static final List<String> COLUMNS = List.of(CHECK, REASON, RUN_ID, QUARANTINED_AT, ROW_ID);

    private Quarantine() {}

    public static TableName tableOf(TableName table) {
        return new TableName(table.schema(), table.name() + SUFFIX);
    }

    /** True for a quarantine table's name. */
    public static boolean isQuarantine(String table) {
        return table.endsWith(SUFFIX);
    }

    /**
     * A SELECT of the rows of {@code relation} that fail any of {@code conditions}, with the quarantine
     * columns after the relation's own. A condition that is NULL for a row does not fail it (as the
     * checks count it).
     */
    public static String failingRows(String relation, List<CheckGate.Quarantined> conditions, long runId) {
        String firstCheck = "CASE " + conditions.stream().map(q -> "WHEN " + fails(q.condition()) + " THEN " + Sql.literal(q.condition().name()))
                .collect(Collectors.joining(" ")) + " END";
        return "SELECT *, " + firstCheck + " AS " + CHECK + ", " + reasons(conditions) + " AS " + REASON + ", CAST(" + runId + " AS BIGINT) AS " + RUN_ID
                + ", now() AS " + QUARANTINED_AT + ", CAST(uuid() AS VARCHAR) AS " + ROW_ID + " FROM " + relation
                + " WHERE " + conditions.stream().map(q -> fails(q.condition())).collect(Collectors.joining(" OR "));
    }

    /**
     * Every condition a row fails, with its value ({@code range(total): -5; pattern(email: email): b@x}), as
     * a SQL expression on the row's columns: what {@link #REASON} holds, and why a row fails now.
     */
    public static String reasons(List<CheckGate.Quarantined> conditions) {
        return "concat_ws('; ', " + conditions.stream().map(q -> "CASE WHEN " + fails(q.condition()) + " THEN " + reason(q.condition()) + " END")
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String fails(RowCondition condition) {
        return "coalesce((" + condition.failing() + "), false)";
    }

    /** {@code range(total_price): -5.00}: the check and the value that failed it. */
    private static String reason(RowCondition condition) {
        String name = Sql.literal(condition.name());
        return condition.example() == null ? name
                : name + " || ': ' || coalesce(CAST(" + condition.example() + " AS VARCHAR), 'NULL')";
    }
}
