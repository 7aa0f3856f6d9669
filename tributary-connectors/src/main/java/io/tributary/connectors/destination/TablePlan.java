package io.tributary.connectors.destination;

import io.tributary.spi.LoadMode;
import io.tributary.sql.SchemaPlanner;
import io.tributary.spi.TableName;
import io.tributary.spi.TableWrite;
import io.tributary.spi.RowParts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What publishing one table takes, decided before anything in the destination changes: the table as
 * the destination names it, whether it is rebuilt from the staging table (first load, replace,
 * full refresh) or changed in place (append, merge), and the column changes schema evolution needs.
 */
public final class TablePlan {
    /**
     * A DuckDB relation loaded into a staging table of the destination.
     *
     * @param parts     the relation split into disjoint parts (null: it cannot be split)
     * @param duckTypes its columns' DuckDB types; {@code canonical} the same as this destination stores them
     */
    public record Load(TableName stage, String relation, RowParts parts, Map<String, String> duckTypes, Map<String, String> canonical) {
        public List<String> columns() {
            return new ArrayList<>(canonical.keySet());
        }

        /** Part {@code index} of {@code count} of these rows, loaded into the same staging table. */
        Load part(int index, int count) {
            return new Load(stage, parts.part(index, count), null, duckTypes, canonical);
        }
    }

    final TableWrite table;
    final TableName target;
    final boolean rebuild;
    /** The run's columns as canonical DuckDB types, in order. */
    final Map<String, String> incoming;
    /** The columns to add and to widen ({@link SchemaPlanner}), as canonical DuckDB types. */
    final List<SchemaPlanner.Change> changes = new ArrayList<>();
    final TableName stage;
    /** The run's rows, into {@code stage}. */
    Load rows;
    /** For a child table's merge: the key values whose rows this run replaces, in their own staging table; else null. */
    Load groups;
    /** Rows loaded into the staging table. */
    long staged;
    /** True once the staging table exists (so it is dropped after the publish). */
    boolean stageCreated;
    /** True once a committed journal entry owns the staging table (MySQL swaps): it must not be dropped. */
    boolean stageHandedOver;

    TablePlan(TableWrite table, TableName target, boolean rebuild, Map<String, String> incoming, TableName stage) {
        this.table = table;
        this.target = target;
        this.rebuild = rebuild;
        this.incoming = incoming;
        this.stage = stage;
        this.rows = new Load(stage, table.rows(), table.parts(), table.columns(), incoming);
    }

    /**
     * Stages {@code column} as {@code canonical} rather than as its DuckDB type: DOUBLE values widening
     * a column to DECIMAL are exported as their shortest decimal text, which the database parses exactly.
     */
    void stageAs(String column, String canonical) {
        incoming.put(column, canonical);
        rows = new Load(stage, table.rows(), table.parts(), table.columns(), incoming);
    }

    /** The table as its destination names it. */
    public TableName target() {
        return target;
    }

    /** What the run publishes into this table. */
    public TableWrite table() {
        return table;
    }

    /** True when the table is rebuilt from the staging table (first load, replace, full refresh), false when changed in place. */
    public boolean rebuild() {
        return rebuild;
    }

    /** The staging table of the run's rows, beside the target. */
    public TableName stage() {
        return stage;
    }

    /** The run's rows, into {@link #stage()}. */
    public Load rows() {
        return rows;
    }

    /** The canonical DuckDB type the run's {@code column} is staged as (null: no such column). */
    public String incomingType(String column) {
        return incoming.get(column);
    }

    /** The columns to add and to widen, in order. */
    public List<SchemaPlanner.Change> changes() {
        return Collections.unmodifiableList(changes);
    }

    /** Rows loaded into the staging table. */
    public long staged() {
        return staged;
    }

    /** A committed journal entry now owns the staging table (MySQL swaps): the publish must not drop it. */
    public void handOverStage() {
        stageHandedOver = true;
    }

    /** The staging table holding the key values whose rows the merge deletes. */
    public TableName keysStage() {
        return groups != null ? groups.stage() : stage;
    }

    public List<String> columns() {
        return new ArrayList<>(incoming.keySet());
    }

    /** Merge and group replacement both delete the table's rows whose key is among the staged rows. */
    public boolean deletesMatchingKeys() {
        return table.mode() == LoadMode.MERGE && !table.key().isEmpty();
    }
}
