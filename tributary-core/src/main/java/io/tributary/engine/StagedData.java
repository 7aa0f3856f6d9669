package io.tributary.engine;

import io.tributary.spi.TableRef;
import java.util.List;
import java.util.Map;

/**
 * A run's staged rows, ready to check and publish.
 *
 * @param tables     the staging tables, in unit order
 * @param relation   a parenthesised query over them (after transforms) that also carries the
 *                   ordering columns {@link #UNIT} and {@link #ROW}, so "last record wins" is well defined
 * @param columns    the user-visible columns of {@code relation} and their types
 * @param renameable true when the single staging table already is the final data, so publishing
 *                   into a new or replaced table is a rename instead of a copy
 */
public record StagedData(List<TableRef> tables, String relation, Map<String, String> columns, boolean renameable) {
    public static final String UNIT = "__tributary_unit";
    public static final String ROW = "__tributary_row";

    /** The relation without the ordering columns. */
    public String userRelation() {
        return withoutOrdering(relation);
    }

    /** {@code rows} (a relation holding the ordering columns) without them. */
    public static String withoutOrdering(String rows) {
        return "(SELECT * EXCLUDE (" + UNIT + ", " + ROW + ") FROM " + rows + ")";
    }
}
