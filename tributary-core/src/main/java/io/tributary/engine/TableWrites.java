package io.tributary.engine;

import io.tributary.spi.TableRef;
import io.tributary.spi.TableWrite;
import io.tributary.sql.Sql;
import java.util.List;

/**
 * Turns a table's staged rows and where they go into the {@link TableWrite} a destination applies:
 * the rows to write (one per key, the last staged, for a plain merge), in staged order or in none,
 * split into parts for a destination that loads over several connections, and the groups a child
 * table's merge replaces.
 */
final class TableWrites {
    private TableWrites() {}

    /**
     * @param inWarehouse the rows were staged in the destination's own database, so a single staging
     *                    table that is already the final data may become the table by a rename
     */
    static TableWrite of(TableTarget target, StagedData data, boolean inWarehouse) {
        TableRef wholeStage = inWarehouse && data.renameable() ? data.tables().get(0) : null;
        return new TableWrite(target.table(), target.mode(), target.key(), target.replacesGroups(), target.schema(),
                rows(target, data, false), rows(target, data, true), (index, count) -> part(target, data, index, count),
                data.columns(), target.groups(data), wholeStage);
    }

    /**
     * The rows a publish writes, without the ordering columns: one per key (the last staged) for a
     * plain merge, all of them otherwise. {@code inOrder} false leaves out the final sort, for a
     * destination database, whose tables have no row order to keep (sorting 5M rows costs a second
     * and a gigabyte).
     */
    static String rows(TableTarget target, StagedData staged, boolean inOrder) {
        String rows;
        if (target.keyed() && !target.replacesGroups()) {
            rows = latestPerKey(target.key(), staged, inOrder);
        } else {
            rows = inOrder ? "(SELECT * FROM " + staged.relation() + " ORDER BY " + StagedData.UNIT + ", " + StagedData.ROW + ")" : staged.relation();
        }
        return StagedData.withoutOrdering(rows);
    }

    /**
     * Part {@code index} of {@code count} of the unordered rows, for a destination loading over
     * several connections at once. A plain merge splits by a hash of the key, so all the staged rows
     * of one key land in one part and the part keeps the last of them; everything else splits by the
     * staged row number, which only {@code explode} changes, numbering its rows anew in a fixed order.
     * So evaluating each part in its own query still puts every row in exactly one part.
     */
    static String part(TableTarget target, StagedData staged, int index, int count) {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("part " + index + " of " + count);
        }
        String splitBy = target.keyed() && !target.replacesGroups() ? "hash(" + Sql.idents(target.key()) + ")" : StagedData.ROW;
        String part = "(SELECT * FROM " + staged.relation() + " WHERE " + splitBy + " % " + count + " = " + index + ")";
        return rows(target, new StagedData(staged.tables(), part, staged.columns(), staged.renameable()), false);
    }

    /** One row per key: the last one in unit order, then row order. */
    private static String latestPerKey(List<String> key, StagedData staged, boolean inOrder) {
        return "(SELECT * FROM " + staged.relation() + " QUALIFY row_number() OVER (PARTITION BY " + Sql.idents(key)
                + " ORDER BY " + StagedData.UNIT + " DESC, " + StagedData.ROW + " DESC) = 1"
                + (inOrder ? " ORDER BY " + StagedData.UNIT + ", " + StagedData.ROW : "") + ")";
    }
}
