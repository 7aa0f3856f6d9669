package io.tributary.spec;

/**
 * What a run may do to the destination table's columns: add new columns, widen types safely, and
 * (only when asked) turn a column into text when its values stop fitting.
 */
public record SchemaPolicy(boolean evolve, boolean widenToVarchar) {
    public static final SchemaPolicy DEFAULT = new SchemaPolicy(true, false);
}
