package io.tributary.sql;

/**
 * What a run may do to the destination table's columns: add new columns, widen types safely, and
 * only when asked turn a column into text when its values stop fitting ({@code widenToVarchar}), or
 * an exact number column (integer, DECIMAL) into DOUBLE, which rounds past 15 significant digits
 * ({@code widenToDouble}).
 */
public record SchemaPolicy(boolean evolve, boolean widenToVarchar, boolean widenToDouble) {
    public static final SchemaPolicy DEFAULT = new SchemaPolicy(true, false, false);
}
