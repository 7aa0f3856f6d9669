package io.tributary.engine;

import io.tributary.error.TributaryException;
import io.tributary.spec.LoadMode;
import io.tributary.spec.SchemaPolicy;
import io.tributary.spec.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Applies staged rows to the destination table inside the caller's transaction: creates, appends,
 * swaps or merges, evolving the table's columns first. Never commits; the caller commits data,
 * state and load record together.
 */
final class Publisher {
    private final Connection connection;

    Publisher(Connection connection) {
        this.connection = connection;
    }

    /** Returns the number of rows written into the destination. */
    long publish(PublishTarget publish, boolean fullRefresh, StagedData staged, List<String> warnings) throws SQLException {
        TableName target = publish.table();
        LoadMode mode = publish.mode();
        Map<String, String> existing = Columns.ofTable(connection, target.schema(), target.name());
        if (existing == null || mode == LoadMode.REPLACE || fullRefresh) {
            if (existing != null) {
                execute("DROP TABLE " + target.quoted());
            }
            return create(publish, staged);
        }
        Map<String, String> converted = evolve(target, existing, staged, publish.schema(), warnings);
        String columns = Sql.idents(new ArrayList<>(staged.columns().keySet()));
        String values = staged.columns().keySet().stream().map(c -> converted.getOrDefault(c, Sql.ident(c))).collect(Collectors.joining(", "));
        if (mode == LoadMode.APPEND) {
            return update("INSERT INTO " + target.quoted() + " (" + columns + ") SELECT " + values + " FROM " + staged.relation());
        }
        String keyMatch = publish.key().stream().map(k -> "t." + Sql.ident(k) + " = s." + Sql.ident(k)).collect(Collectors.joining(" AND "));
        String groups = publish.groups(staged);
        execute("DELETE FROM " + target.quoted() + " t WHERE EXISTS (SELECT 1 FROM " + (groups != null ? groups : staged.relation())
                + " s WHERE " + keyMatch + ")");
        return update("INSERT INTO " + target.quoted() + " (" + columns + ") SELECT " + values + " FROM " + rowsToWrite(publish, staged));
    }

    private long create(PublishTarget publish, StagedData staged) throws SQLException {
        // A plain merge keeps the last row of each key; when every key is staged once, that is every
        // row in staged order, so the staged table itself can become the table (no copy, no sort).
        if (staged.renameable() && (!publish.keyed() || publish.replacesGroups()
                || keyIsUnique(connection, staged.tables().get(0), publish.key()))) {
            String stage = staged.tables().get(0);
            long rows = Sql.count(connection, stage);
            execute("ALTER TABLE " + stage + " RENAME TO " + Sql.ident(publish.table().name()));
            return rows;
        }
        execute("CREATE TABLE " + publish.table().quoted() + " AS SELECT * FROM " + rowsToWrite(publish, staged));
        return Sql.count(connection, publish.table().quoted());
    }

    /** True when no two rows of {@code table} share a value of {@code key} (its columns are NOT NULL: checked before publishing). */
    static boolean keyIsUnique(Connection connection, String table, List<String> key) throws SQLException {
        return Sql.queryLong(connection, "SELECT count(*) FROM (SELECT 1 FROM " + table + " GROUP BY " + Sql.idents(key)
                + " HAVING count(*) > 1 LIMIT 1)") == 0;
    }

    /**
     * The rows a publish writes, in order and without the ordering columns: one per key (the last
     * staged) for a plain merge, all of them otherwise.
     */
    static String rowsToWrite(PublishTarget publish, StagedData staged) {
        return rowsToWrite(publish, staged, true);
    }

    /**
     * As above; {@code inOrder} false leaves out the final sort, for a destination database, whose
     * tables have no row order to keep (sorting 5M rows costs a second and a gigabyte).
     */
    static String rowsToWrite(PublishTarget publish, StagedData staged, boolean inOrder) {
        String rows;
        if (publish.keyed() && !publish.replacesGroups()) {
            rows = latestPerKey(publish.key(), staged, inOrder);
        } else {
            rows = inOrder ? "(SELECT * FROM " + staged.relation() + " ORDER BY " + StagedData.UNIT + ", " + StagedData.ROW + ")" : staged.relation();
        }
        return StagedData.withoutOrdering(rows);
    }

    /**
     * Part {@code index} of {@code count} of {@link #rowsToWrite(PublishTarget, StagedData, boolean)}
     * (unordered), for a destination loading over several connections at once. A plain merge splits by
     * a hash of the key, so all the staged rows of one key land in one part and the part keeps the
     * last of them; everything else splits by the staged row number, which no transform changes. So
     * evaluating each part in its own query still puts every row in exactly one part.
     */
    static String rowsPart(PublishTarget publish, StagedData staged, int index, int count) {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("part " + index + " of " + count);
        }
        String splitBy = publish.keyed() && !publish.replacesGroups() ? "hash(" + Sql.idents(publish.key()) + ")" : StagedData.ROW;
        String part = "(SELECT * FROM " + staged.relation() + " WHERE " + splitBy + " % " + count + " = " + index + ")";
        return rowsToWrite(publish, new StagedData(staged.tables(), part, staged.columns(), staged.renameable()), false);
    }

    /** One row per key: the last one in unit order, then row order. */
    private static String latestPerKey(List<String> key, StagedData staged, boolean inOrder) {
        return "(SELECT * FROM " + staged.relation() + " QUALIFY row_number() OVER (PARTITION BY " + Sql.idents(key)
                + " ORDER BY " + StagedData.UNIT + " DESC, " + StagedData.ROW + " DESC) = 1"
                + (inOrder ? " ORDER BY " + StagedData.UNIT + ", " + StagedData.ROW : "") + ")";
    }

    /**
     * Adds and widens the table's columns for the staged ones, or throws before changing anything.
     * Returns, for columns whose DOUBLE values widen a column to a DECIMAL, the expression inserting
     * each value by its exact decimal form (column name → SQL).
     */
    private Map<String, String> evolve(TableName target, Map<String, String> existing, StagedData staged,
                                       SchemaPolicy policy, List<String> warnings) throws SQLException {
        List<String> statements = new ArrayList<>();
        Map<String, String> converted = new LinkedHashMap<>();
        for (Map.Entry<String, String> column : staged.columns().entrySet()) {
            String name = column.getKey();
            String type = column.getValue();
            String current = existing.get(name);
            if (current == null) {
                if (!policy.evolve()) {
                    throw TributaryException.failed("the data has a new column " + name + " " + type + " that table " + target
                            + " does not have, and load.schema.evolve is false. Add the column to the table, drop it in transform "
                            + "(drop: [" + name + "]), or set load.schema.evolve: true.");
                }
                statements.add("ALTER TABLE " + target.quoted() + " ADD COLUMN " + Sql.ident(name) + " " + type);
                warnings.add("table " + target + ": added column " + name + " " + type + " (earlier rows have NULL)");
                continue;
            }
            String widened = TypeWidening.widen(current, type, policy,
                    () -> ExactDecimals.ofDoubles(connection, staged.userRelation(), Sql.ident(name)).smallest());
            if (widened == null) {
                throw TributaryException.failed(TypeWidening.refusal(target.toString(), name, current, type));
            }
            if (TypeWidening.needsDecimalForm(type, widened)) {
                converted.put(name, ExactDecimals.fromDouble(Sql.ident(name), widened));
            }
            if (!widened.equals(current)) {
                if (!policy.evolve()) {
                    throw TributaryException.failed("column " + name + " of table " + target + " would need to change from " + current
                            + " to " + widened + ", and load.schema.evolve is false.");
                }
                statements.add("ALTER TABLE " + target.quoted() + " ALTER COLUMN " + Sql.ident(name) + " SET DATA TYPE " + widened);
                warnings.add("table " + target + ": widened column " + name + " from " + current + " to " + widened);
            }
        }
        for (String statement : statements) {
            execute(statement);
        }
        return converted;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long update(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeLargeUpdate(sql);
        }
    }
}
