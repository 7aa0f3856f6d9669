package io.tributary.connectors.destination;

import io.tributary.spi.DestinationException;
import io.tributary.spi.LoadMode;
import io.tributary.spi.PublishRequest;
import io.tributary.spi.TableName;
import io.tributary.spi.TableWrite;
import io.tributary.sql.Columns;
import io.tributary.sql.ExactDecimals;
import io.tributary.sql.SchemaPlanner;
import io.tributary.sql.SchemaPolicy;
import io.tributary.sql.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Plans every table of a publish before anything in the destination changes: where the table lands,
 * whether it is rebuilt from its staging table or changed in place, and the schema evolution it needs.
 * Evolution is {@link SchemaPlanner}'s, the warehouse's planner, on canonical DuckDB types: the same
 * changes and the same messages wherever the table lives, and every unsafe change refused here, all of
 * a table's at once.
 */
final class TablePlanner {
    /** Reads a table's columns from the destination as canonical DuckDB types, or null when it does not exist. */
    @FunctionalInterface
    interface ExistingColumns {
        Map<String, String> of(TableName table) throws SQLException;
    }

    private final DestinationTypes types;
    private final UnaryOperator<TableName> resolve;
    private final ExistingColumns existing;
    private final Function<TableName, String> display;
    private final BiConsumer<String, TableName> step;
    private final Function<String, DestinationException> refused;

    /**
     * @param resolve  where a pipeline's table lands in this database
     * @param display  how messages name a table
     * @param step     tells the destination what is being done, for its failure's message
     * @param refused  the destination's exception for an unsafe change, from the planner's problems
     */
    TablePlanner(DestinationTypes types, UnaryOperator<TableName> resolve, ExistingColumns existing, Function<TableName, String> display,
                 BiConsumer<String, TableName> step, Function<String, DestinationException> refused) {
        this.types = types;
        this.resolve = resolve;
        this.existing = existing;
        this.display = display;
        this.step = step;
        this.refused = refused;
    }

    /** One plan per table of the publish, in order. Nothing in the destination is changed. */
    List<TablePlan> plan(PublishRequest publication) throws SQLException, DestinationException {
        List<TablePlan> plans = new ArrayList<>();
        for (int i = 0; i < publication.tables().size(); i++) {
            plans.add(plan(publication, i));
        }
        return plans;
    }

    private TablePlan plan(PublishRequest publication, int index) throws SQLException, DestinationException {
        TableWrite table = publication.tables().get(index);
        TableName target = resolve.apply(table.target());
        step.accept("reading the columns", target);
        Map<String, String> existing = this.existing.of(target);
        Map<String, String> incoming = new LinkedHashMap<>();
        table.columns().forEach((name, type) -> incoming.put(name, types.canonical(type)));
        boolean rebuild = existing == null || table.mode() == LoadMode.REPLACE || publication.rebuild();
        TableName stage = new TableName(target.schema(), StagingTables.stageName(publication.pipeline(), publication.runId(), index));
        TablePlan plan = new TablePlan(table, target, rebuild, incoming, stage);
        if (!rebuild) {
            evolve(plan, existing, table.schema(), publication.engine());
            if (table.replacesGroups() && table.groups() != null) {
                Map<String, String> duckTypes = Columns.of(publication.engine(), table.groups());
                Map<String, String> canonical = new LinkedHashMap<>();
                duckTypes.forEach((name, type) -> canonical.put(name, types.canonical(type)));
                plan.groups = new TablePlan.Load(new TableName(target.schema(), stage.name() + "_g"), table.groups(), null, duckTypes, canonical);
            }
        }
        return plan;
    }

    /**
     * Schema evolution by {@link SchemaPlanner}, the warehouse's planner, on canonical DuckDB types:
     * the same changes and the same messages wherever the table lives. Every problem is reported at
     * once, before anything is touched.
     */
    private void evolve(TablePlan plan, Map<String, String> existing, SchemaPolicy policy, Connection engine)
            throws DestinationException, SQLException {
        SchemaPlanner.Plan schema = SchemaPlanner.plan(display.apply(plan.target), existing, plan.incoming, policy,
                column -> () -> ExactDecimals.ofDoubles(engine, plan.table.rows(), Sql.ident(column)).smallest(), types::canonical);
        if (schema.refused()) {
            throw refused.apply(String.join("\n", schema.problems()));
        }
        for (SchemaPlanner.Change change : schema.changes()) {
            if (change.decimalForm()) {
                // DOUBLE values loaded as their shortest decimal text into a DECIMAL staging column:
                // the database parses that text exactly, where its own double-to-numeric cast rounds
                plan.stageAs(change.column(), change.to());
            }
        }
        plan.changes.addAll(schema.alterations());
    }

    /** The warnings of the planned column changes, for the run to show. */
    void warn(List<TablePlan> plans, List<String> warnings) {
        for (TablePlan plan : plans) {
            for (SchemaPlanner.Change change : plan.changes) {
                warnings.add(change.warning(display.apply(plan.target)));
            }
        }
    }
}
