package io.tributary.spi;

import io.tributary.spec.LoadMode;
import io.tributary.spec.SchemaPolicy;
import io.tributary.spec.TableName;
import java.util.List;
import java.util.Map;

/**
 * One destination table of a publication.
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
 * @param parts          the same rows split into disjoint parts, for loading them over several
 *                       connections at once; null when they cannot be split
 * @param columns        its columns and their DuckDB types, in order
 * @param groups         with {@code replacesGroups}: a DuckDB query yielding the key values (columns
 *                       named as {@code key}) whose rows this run replaces — those of the staged rows
 *                       and those of staged parents that now have no child at all; null otherwise
 */
public record PublishedTable(TableName target, LoadMode mode, List<String> key, boolean replacesGroups, SchemaPolicy schema,
                             String rows, RowParts parts, Map<String, String> columns, String groups) {}
