package io.tributary.engine;

import io.tributary.sql.Sql;

import io.tributary.project.TransformStep;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles a pipeline's declarative transform steps into one SQL query over the staged rows. Each
 * step wraps the previous query, so steps see the columns the step before them produced, and the
 * ordering columns of {@link StagedData} pass through untouched.
 *
 * <p>A {@code cast} uses {@code TRY_CAST} and records the first value of a row that does not
 * convert in the column {@link #REJECT} (a struct of column, value and type), so the engine can
 * reject that row with a reason instead of failing the whole run on one bad value.
 */
final class Transforms {
    /** Set on rows that a cast step rejects; NULL on good rows. Present only when {@link Compiled#rejects()}. */
    static final String REJECT = "__tributary_reject";

    private Transforms() {}

    /** The compiled query, and whether it carries the {@link #REJECT} column. */
    record Compiled(String relation, boolean rejects) {}

    /**
     * @param relation the staged query, parenthesised
     * @param columns  its current column names, to decide between adding and replacing a derived column
     */
    static Compiled apply(String relation, List<TransformStep> steps, Set<String> columns) {
        String current = relation;
        boolean rejects = false;
        for (TransformStep step : steps) {
            if (step instanceof TransformStep.Cast cast) {
                current = "(" + cast(cast, current, rejects) + ")";
                rejects = true;
            } else {
                current = "(" + select(step, current, columns) + ")";
            }
        }
        return new Compiled(current, rejects);
    }

    private static String cast(TransformStep.Cast cast, String input, boolean rejectColumnExists) {
        StringBuilder failure = new StringBuilder("CASE");
        for (Map.Entry<String, String> column : cast.columns().entrySet()) {
            String name = Sql.ident(column.getKey());
            failure.append(" WHEN ").append(name).append(" IS NOT NULL AND TRY_CAST(").append(name).append(" AS ")
                    .append(column.getValue()).append(") IS NULL THEN {'column': ").append(Sql.literal(column.getKey()))
                    .append(", 'value': CAST(").append(name).append(" AS VARCHAR), 'type': ").append(Sql.literal(column.getValue())).append("}");
        }
        failure.append(" END");
        String casts = pairs(cast.columns(), (column, type) -> "TRY_CAST(" + Sql.ident(column) + " AS " + type + ") AS " + Sql.ident(column));
        if (rejectColumnExists) {
            // an earlier cast's reason wins: it is the first thing wrong with the row
            return "SELECT * REPLACE (" + casts + ", coalesce(" + REJECT + ", " + failure + ") AS " + REJECT + ") FROM " + input;
        }
        return "SELECT * REPLACE (" + casts + "), " + failure + " AS " + REJECT + " FROM " + input;
    }

    private static String select(TransformStep step, String input, Set<String> columns) {
        if (step instanceof TransformStep.Rename rename) {
            columns.removeAll(rename.columns().keySet());
            columns.addAll(rename.columns().values());
            return "SELECT * RENAME (" + pairs(rename.columns(), (from, to) -> Sql.ident(from) + " AS " + Sql.ident(to)) + ") FROM " + input;
        }
        if (step instanceof TransformStep.Drop drop) {
            columns.removeAll(drop.columns());
            return "SELECT * EXCLUDE (" + Sql.idents(drop.columns()) + ") FROM " + input;
        }
        TransformStep.Derive derive = (TransformStep.Derive) step;
        StringBuilder replace = new StringBuilder();
        StringBuilder add = new StringBuilder();
        for (Map.Entry<String, String> column : derive.columns().entrySet()) {
            StringBuilder into = columns.contains(column.getKey()) ? replace : add;
            if (into.length() > 0) {
                into.append(", ");
            }
            into.append("(").append(column.getValue()).append(") AS ").append(Sql.ident(column.getKey()));
        }
        columns.addAll(derive.columns().keySet());
        return "SELECT *" + (replace.length() > 0 ? " REPLACE (" + replace + ")" : "") + (add.length() > 0 ? ", " + add : "") + " FROM " + input;
    }

    private static String pairs(Map<String, String> map, java.util.function.BiFunction<String, String, String> format) {
        return map.entrySet().stream().map(e -> format.apply(e.getKey(), e.getValue())).collect(Collectors.joining(", "));
    }
}
