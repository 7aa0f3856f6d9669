package io.tributary.engine;

import io.tributary.project.PipelineSpec;
import io.tributary.spi.TableRef;
import io.tributary.sql.Columns;
import io.tributary.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The staging tables of one destination table, across the run's units, as one relation to check
 * and publish: the union of the tables with each row's unit position and row number ("last record
 * wins"), through the pipeline's transforms for the main table.
 */
final class StagedTables {
    private StagedTables() {}

    /** The main table's rows, after the pipeline's transforms; rows a cast could not convert are rejected. */
    static StagedData main(Connection connection, List<TableRef> tables, List<String> labels, PipelineSpec pipeline, RunStaging staging,
                           Tally tally) throws SQLException {
        String relation = union(tables);
        Map<String, String> staged = Columns.of(connection, userColumns(relation));
        Transforms.Compiled compiled = Transforms.apply(relation, pipeline.transform(), new HashSet<>(staged.keySet()));
        relation = compiled.relation();
        if (compiled.rejects()) {
            relation = rejectFailedCasts(relation, labels, staging, tally);
        }
        boolean renameable = tables.size() == 1 && pipeline.transform().isEmpty();
        return new StagedData(tables, relation, Columns.of(connection, userColumns(relation)), renameable);
    }

    /** A stream's staged rows as they are: streams take no transforms. */
    static StagedData stream(Connection connection, List<TableRef> tables) throws SQLException {
        String relation = union(tables);
        return new StagedData(tables, relation, Columns.of(connection, userColumns(relation)), tables.size() == 1);
    }

    /** The staging tables as one relation, with each row's unit position and row number for "last record wins". */
    static String union(List<TableRef> tables) {
        return "(" + IntStream.range(0, tables.size())
                .mapToObj(i -> "SELECT *, " + i + " AS " + StagedData.UNIT + ", rowid AS " + StagedData.ROW + " FROM " + tables.get(i).quoted())
                .collect(Collectors.joining(" UNION ALL BY NAME ")) + ")";
    }

    private static String userColumns(String relation) {
        return "SELECT * EXCLUDE (" + StagedData.UNIT + ", " + StagedData.ROW + ") FROM " + relation;
    }

    /**
     * Moves the rows a cast step could not convert to the rejected rows and returns the relation
     * without them. The staged rows no longer know their line in the file, so the reason names the
     * unit's record number instead (line 0 means unknown).
     */
    private static String rejectFailedCasts(String relation, List<String> labels, RunStaging staging, Tally tally) throws SQLException {
        String unit = "CASE " + StagedData.UNIT + IntStream.range(0, labels.size())
                .mapToObj(i -> " WHEN " + i + " THEN " + Sql.literal(labels.get(i))).collect(Collectors.joining()) + " END";
        String r = Transforms.REJECT;
        long failed = staging.rejects().rejectFromQuery("SELECT " + unit + " AS unit, CAST(0 AS BIGINT) AS line, "
                + r + ".column AS column_name, " + r + ".value AS raw, 'cast: cannot convert ''' || " + r + ".value || ''' in column '"
                + " || " + r + ".column || ' to ' || " + r + ".type || ' (data record ' || (" + StagedData.ROW + " + 1) || ')' AS reason "
                + "FROM " + relation + " WHERE " + r + " IS NOT NULL ORDER BY " + StagedData.UNIT + ", " + StagedData.ROW);
        tally.rejectedAfterStaging(failed);
        return "(SELECT * EXCLUDE (" + r + ") FROM " + relation + " WHERE " + r + " IS NULL)";
    }
}
