package io.tributary.spi;

import java.util.List;

/**
 * A destination table that a source fills besides (or instead of) the pipeline's main table. It lands
 * in the same schema as {@code load.table}, and follows the pipeline's {@code load.mode}:
 * <ul>
 *   <li>{@code append} and {@code replace} as for the main table;</li>
 *   <li>{@code merge} on {@code key}: when {@code replacesGroups} is false, one row per key and the
 *       last staged row wins (a table's primary key); when true, the staged rows of a key value replace
 *       all the table's rows with that value (child rows of an updated parent: an order's line items
 *       are replaced as a whole, so a removed line item disappears).</li>
 * </ul>
 *
 * @param table          the destination table's name (unqualified), e.g. {@code orders__line_items}
 * @param key            the merge key, or the parent key when {@code replacesGroups}; may be empty
 *                       for append/replace
 * @param replacesGroups see above
 * @param parentColumns  for a child table ({@code replacesGroups}): the columns of the main table's
 *                       staged rows that {@code key} refers to ({@code id} for {@code order_id}), so
 *                       that a parent staged with no children at all (its array became empty) also
 *                       loses its old children; empty when the stream has no parent
 */
public record StreamTarget(String table, List<String> key, boolean replacesGroups, List<String> parentColumns) {

    public StreamTarget(String table, List<String> key, boolean replacesGroups) {
        this(table, key, replacesGroups, List.of());
    }
}
