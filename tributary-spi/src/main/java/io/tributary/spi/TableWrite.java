package io.tributary.spi;

import io.tributary.sql.SchemaPolicy;
import java.util.List;
import java.util.Map;

/**
 * One destination table of a {@link PublishRequest}: where the rows go, how they are applied, and the
 * DuckDB queries that yield them.
 *
 * @param target         the destination table
 * @param mode           the pipeline's load mode
 * @param key            merge key (or parent key when {@code replacesGroups}), empty otherwise
 * @param replacesGroups in merge mode: delete the table's rows whose key is among the staged rows,
 *                       then insert all staged rows (child tables), instead of one row per key
 * @param schema         what the run may change in the table's columns
 * @param rows           a DuckDB query (parenthesised, usable after FROM) yielding exactly the rows
 *                       to write (in no particular order: a database table keeps none), already
 *                       reduced to one row per key for a plain merge
 * @param orderedRows    the same rows in the order they were staged (file order, "last record wins"
 *                       order), for a destination that keeps an insertion order: the DuckDB warehouse
 * @param parts          the same rows split into disjoint parts, for loading them over several
 *                       connections at once; null when they cannot be split
 * @param columns        its columns and their DuckDB types, in order
 * @param groups         with {@code replacesGroups}: a DuckDB query yielding the key values (columns
 *                       named as {@code key}) whose rows this run replaces — those of the staged rows
 *                       and those of staged parents that now have no child at all; null otherwise
 * @param wholeStage     a staging table in the destination's own DuckDB database that holds exactly
 *                       {@code orderedRows} (one unit, no transform), so a new or rebuilt table can be
 *                       that table renamed; null otherwise. Only the warehouse uses it.
 */
public record TableWrite(TableName target, LoadMode mode, List<String> key, boolean replacesGroups, SchemaPolicy schema,
                         String rows, String orderedRows, RowParts parts, Map<String, String> columns, String groups,
                         TableRef wholeStage) {

    /** True when rows are matched by key: a plain merge (one row per key) or a group replacement. */
    public boolean keyed() {
        return mode == LoadMode.MERGE;
    }
}
