package io.tributary.spec;

import java.util.List;

/**
 * One data-quality check from a pipeline's {@code checks:} list, run on the rows about to be
 * published. A failing {@code error} check stops the run before anything is published; a failing
 * {@code warn} check is reported and the run goes on.
 */
public record CheckSpec(Kind kind, List<String> columns, List<String> values, Double min, Double max,
                        String expression, Tolerance maxFailing, Severity severity, String description) {

    public enum Kind { NOT_NULL, UNIQUE, ACCEPTED_VALUES, RANGE, ROW_COUNT, EXPRESSION }

    public enum Severity { ERROR, WARN }

    public static final List<String> KIND_NAMES = List.of("not_null", "unique", "accepted_values", "range", "row_count", "expression");
}
