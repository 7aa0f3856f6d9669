package io.tributary.engine;

import io.tributary.error.TributaryException;
import io.tributary.project.PipelineSpec;
import io.tributary.project.TransformStep;
import io.tributary.spi.TableRef;
import io.tributary.sql.Columns;
import io.tributary.sql.EngineMessages;
import io.tributary.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
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

    /**
     * The main table's rows, after the pipeline's transforms. Each step is bound on its own (DESCRIBE),
     * so a mistake names its step. Rows a cast could not convert are rejected before the next step
     * that changes the number of rows, which then sees only good rows; such a step's rows are
     * counted before and after it (filtered, or added by explode).
     */
    static StagedData main(Connection connection, List<TableRef> tables, List<String> labels, PipelineSpec pipeline, RunStaging staging,
                           Tally tally) throws SQLException {
        String relation = union(tables);
        String file = pipeline.file().getFileName().toString();
        Map<String, String> columns = Columns.of(connection, userColumns(relation));
        boolean rejecting = false;
        Long rows = null; // the rows of relation, when counted
        List<TransformStep> steps = pipeline.transform();
        for (int i = 0; i < steps.size(); i++) {
            TransformStep step = steps.get(i);
            String label = Transforms.label(i, step, file);
            boolean counted = Transforms.changesRows(step);
            if (counted && rejecting) {
                relation = rejectFailedCasts(relation, labels, staging, tally);
                rejecting = false;
                rows = null;
            }
            if (counted && rows == null) {
                rows = Sql.count(connection, relation);
            }
            if (step instanceof TransformStep.Filter filter) {
                requireCondition(connection, relation, filter.condition(), label, columns);
            }
            relation = "(" + Transforms.sql(step, relation, columns, rejecting, label) + ")";
            rejecting |= step instanceof TransformStep.Cast;
            columns = describe(connection, relation, label, columns);
            if (counted) {
                long after = Sql.count(connection, relation);
                tally.stepRan(new StepRows(label, Transforms.kind(step), rows, after));
                rows = after;
            }
        }
        if (rejecting) {
            relation = rejectFailedCasts(relation, labels, staging, tally);
        }
        boolean renameable = tables.size() == 1 && steps.isEmpty();
        return new StagedData(tables, relation, Columns.of(connection, userColumns(relation)), renameable);
    }

    /** The user columns after a step; an error binding it (a column or function its SQL names is not there) names the step. */
    private static Map<String, String> describe(Connection connection, String relation, String label, Map<String, String> before)
            throws SQLException {
        try {
            Map<String, String> columns = Columns.of(connection, userColumns(relation));
            columns.remove(Transforms.REJECT);
            return columns;
        } catch (SQLException e) {
            throw TributaryException.invalid(label + ": " + EngineMessages.reason(e) + ". The columns here are "
                    + String.join(", ", before.keySet()));
        }
    }

    /** A filter's condition must be true or false (NULL drops the row too), not a number or a text. */
    private static void requireCondition(Connection connection, String relation, String condition, String label, Map<String, String> columns)
            throws SQLException {
        Map<String, String> type = describe(connection, "(SELECT (" + condition + ") AS condition, " + StagedData.UNIT + ", " + StagedData.ROW
                + " FROM " + relation + ")", label, columns);
        String found = type.get("condition");
        if (!"BOOLEAN".equals(found)) {
            throw TributaryException.invalid(label + ": the condition " + condition + " is " + found + ", not true or false; write a comparison, "
                    + "e.g. filter: \"status <> 'test'\"");
        }
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
