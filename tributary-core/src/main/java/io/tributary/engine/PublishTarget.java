package io.tributary.engine;

import io.tributary.spec.LoadMode;
import io.tributary.spec.LoadSpec;
import io.tributary.spec.SchemaPolicy;
import io.tributary.spec.TableName;
import io.tributary.spi.StreamTarget;
import java.util.List;

/**
 * One table a run publishes into: the pipeline's main table ({@code load.table}) or a table a source
 * adds beside it (a child table of an API, one of several database tables).
 *
 * @param replacesGroups in merge mode, the staged rows of a key value replace all the table's rows
 *                       with that value, instead of one row per key (see {@link StreamTarget})
 */
record PublishTarget(TableName table, LoadMode mode, List<String> key, boolean replacesGroups, SchemaPolicy schema) {

    static PublishTarget main(LoadSpec load) {
        return new PublishTarget(load.table(), load.mode(), load.key(), false, load.schema());
    }

    static PublishTarget stream(LoadSpec load, StreamTarget stream) {
        return new PublishTarget(new TableName(load.table().schema(), stream.table()), load.mode(), stream.key(),
                stream.replacesGroups(), load.schema());
    }

    /** True when rows are matched by key: a plain merge (one row per key) or a group replacement. */
    boolean keyed() {
        return mode == LoadMode.MERGE;
    }
}
