package io.tributary.engine;

import io.tributary.sql.Sql;

import io.tributary.spi.LoadMode;
import io.tributary.spi.LoadSpec;
import io.tributary.sql.SchemaPolicy;
import io.tributary.spi.TableName;
import io.tributary.spi.StreamTarget;
import java.util.List;

/**
 * One table a run publishes into: the pipeline's main table ({@code load.table}) or a table a source
 * adds beside it (a child table of an API, one of several database tables).
 *
 * @param replacesGroups in merge mode, the staged rows of a key value replace all the table's rows
 *                       with that value, instead of one row per key (see {@link StreamTarget})
 */
record TableTarget(TableName table, LoadMode mode, List<String> key, boolean replacesGroups, SchemaPolicy schema,
                   String parents) {

    static TableTarget main(LoadSpec load) {
        return new TableTarget(load.table(), load.mode(), load.key(), false, load.schema(), null);
    }

    /**
     * @param mainRows the main table's staged rows before transforms (null when there are none); a
     *                 child table's groups include the parents found there
     */
    static TableTarget stream(LoadSpec load, StreamTarget stream, String mainRows) {
        String parents = null;
        if (stream.replacesGroups() && mainRows != null && !stream.parentColumns().isEmpty()) {
            parents = "(SELECT DISTINCT " + java.util.stream.IntStream.range(0, stream.key().size())
                    .mapToObj(i -> Sql.ident(stream.parentColumns().get(i)) + " AS " + Sql.ident(stream.key().get(i)))
                    .collect(java.util.stream.Collectors.joining(", ")) + " FROM " + mainRows + ")";
        }
        return new TableTarget(new TableName(load.table().schema(), stream.table()), load.mode(), stream.key(),
                stream.replacesGroups(), load.schema(), parents);
    }

    /**
     * With {@code replacesGroups} in merge mode: the key values whose rows the run replaces, those of
     * the staged rows and of the staged parents (a parent whose array became empty has no staged
     * child, yet its old children must go). Null when rows are not replaced by group.
     */
    String groups(StagedData staged) {
        if (!keyed() || !replacesGroups) {
            return null;
        }
        String own = "(SELECT DISTINCT " + Sql.idents(key) + " FROM " + staged.relation() + ")";
        return parents == null ? own : "(SELECT * FROM " + own + " UNION SELECT * FROM " + parents + ")";
    }

    /** True when rows are matched by key: a plain merge (one row per key) or a group replacement. */
    boolean keyed() {
        return mode == LoadMode.MERGE;
    }
}
