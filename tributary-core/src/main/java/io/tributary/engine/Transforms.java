package io.tributary.engine;

import io.tributary.spec.TransformStep;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles a pipeline's declarative transform steps into one SQL query over the staged rows. Each
 * step wraps the previous query, so steps see the columns the step before them produced, and the
 * ordering columns of {@link StagedData} pass through untouched.
 */
final class Transforms {
    private Transforms() {}

    /**
     * @param relation the staged query, parenthesised
     * @param columns  its current column names, to decide between adding and replacing a derived column
     */
    static String apply(String relation, List<TransformStep> steps, Set<String> columns) {
        String current = relation;
        for (TransformStep step : steps) {
            current = "(" + select(step, current, columns) + ")";
        }
        return current;
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
        if (step instanceof TransformStep.Cast cast) {
            return "SELECT * REPLACE (" + pairs(cast.columns(), (column, type) -> "CAST(" + Sql.ident(column) + " AS " + type + ") AS " + Sql.ident(column)) + ") FROM " + input;
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
