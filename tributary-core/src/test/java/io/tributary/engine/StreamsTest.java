package io.tributary.engine;

import io.tributary.sql.Sql;
import io.tributary.warehouse.Warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.config.Location;
import io.tributary.spi.LoadMode;
import io.tributary.spi.LoadSpec;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.sql.SchemaPolicy;
import io.tributary.spi.TableName;
import io.tributary.quality.Tolerance;
import io.tributary.project.TransformStep;
import io.tributary.spi.Source;
import io.tributary.spi.SourceState;
import io.tributary.spi.SourceUnit;
import io.tributary.spi.StagedStream;
import io.tributary.spi.StagedUnit;
import io.tributary.spi.Staging;
import io.tributary.spi.StreamTarget;
import io.tributary.spi.TableRef;
import io.tributary.app.RunRequest;
import io.tributary.app.RunService;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources that fill several tables in one run (an API's child tables, several database tables):
 * each table is published with the pipeline's mode in the same transaction as the main table and
 * the state.
 */
class StreamsTest {
    @TempDir
    Path dir;

    /** A source whose next run stages the given SQL VALUES lists: one for the main table, one per stream. */
    static final class ScriptedSource implements Source {
        String main;
        final Map<StreamTarget, String> streams = new LinkedHashMap<>();
        String state = "1";

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public List<SourceUnit> plan(SourceState previous) {
            return List.of(new SourceUnit("unit", "unit", 0, null, false));
        }

        @Override
        public SourceRead read(List<SourceUnit> units, SourceState state, Staging staging) {
            return unit -> stage(staging);
        }

        private StagedUnit stage(Staging staging) {
            try (Statement statement = staging.connection().createStatement()) {
                TableRef mainTable = null;
                long rows = 0;
                if (main != null) {
                    mainTable = staging.newTable();
                    statement.execute("CREATE TABLE " + mainTable + " AS " + main);
                    rows += Sql.count(staging.connection(), mainTable.quoted());
                }
                List<StagedStream> staged = new ArrayList<>();
                for (Map.Entry<StreamTarget, String> stream : streams.entrySet()) {
                    TableRef table = staging.newTable();
                    statement.execute("CREATE TABLE " + table + " AS " + stream.getValue());
                    long n = Sql.count(staging.connection(), table.quoted());
                    rows += n;
                    staged.add(new StagedStream(table, stream.getKey(), n));
                }
                return new StagedUnit(mainTable, rows, 0, 0, state, staged);
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
        }
    }

    private final ScriptedSource source = new ScriptedSource();

    private RunResult run(LoadMode mode, List<String> key, List<TransformStep> transform) {
        LoadSpec load = new LoadSpec(new TableName("shop", "orders"), mode, key, SchemaPolicy.DEFAULT);
        PipelineSpec pipeline = new PipelineSpec(dir.resolve("pipelines/orders.yml"), "orders", null, null, "scripted", source,
                transform, List.of(), load, Tolerance.count(0), List.of(), new Location(dir.resolve("pipelines/orders.yml"), 1, 1));
        ProjectSpec project = new ProjectSpec(dir, "test", new io.tributary.project.WarehouseSpec(dir.resolve("w.duckdb"), null, null),
                Map.of(), Map.of(), List.of(pipeline));
        try (RunService service = RunService.open(project)) {
            return service.run(pipeline, RunRequest.NOW, RunListener.NONE);
        }
    }

    private List<String> rows(String sql) {
        try (Warehouse warehouse = Warehouse.open(new io.tributary.project.WarehouseSpec(dir.resolve("w.duckdb"), null, null));
             Statement statement = warehouse.connection().createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
                rows.add(String.join("|", values));
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    private static final StreamTarget LINE_ITEMS = new StreamTarget("orders__line_items", List.of("order_id"), true);

    @Test
    void mergeReplacesTheChildRowsOfAnUpdatedParentAsAWhole() {
        source.main = "SELECT * FROM (VALUES (1, 'open'), (2, 'open')) t(id, status)";
        source.streams.put(LINE_ITEMS, "SELECT * FROM (VALUES (1, 11, 'pen'), (1, 12, 'ink'), (2, 21, 'cup')) t(order_id, id, sku)");
        assertThat(run(LoadMode.MERGE, List.of("id"), List.of()).succeeded()).isTrue();

        source.main = "SELECT * FROM (VALUES (1, 'paid')) t(id, status)";
        source.streams.put(LINE_ITEMS, "SELECT * FROM (VALUES (1, 11, 'pen')) t(order_id, id, sku)");
        source.state = "2";
        RunResult second = run(LoadMode.MERGE, List.of("id"), List.of());

        assertThat(second.succeeded()).as(second.error()).isTrue();
        assertThat(rows("SELECT id, status FROM shop.orders ORDER BY id")).containsExactly("1|paid", "2|open");
        assertThat(rows("SELECT order_id, id, sku FROM shop.orders__line_items ORDER BY id"))
                .as("order 1's removed line item 12 is gone; order 2's items are untouched")
                .containsExactly("1|11|pen", "2|21|cup");
        assertThat(rows("SELECT value FROM _tributary.state WHERE pipeline = 'orders'")).containsExactly("2");
        assertThat(rows("SELECT target, rows_loaded FROM _tributary.loads WHERE run_id = " + second.runId() + " ORDER BY target"))
                .containsExactly("shop.orders|1", "shop.orders__line_items|1");
    }

    @Test
    void aParentStagedWithNoChildrenLosesItsOldChildren() {
        StreamTarget lineItems = new StreamTarget("orders__line_items", List.of("order_id"), true, List.of("id"));
        source.main = "SELECT * FROM (VALUES (1, 'open'), (2, 'open')) t(id, status)";
        source.streams.put(lineItems, "SELECT * FROM (VALUES (1, 11, 'pen'), (2, 21, 'cup')) t(order_id, id, sku)");
        run(LoadMode.MERGE, List.of("id"), List.of());

        source.main = "SELECT * FROM (VALUES (1, 'cancelled')) t(id, status)";
        source.streams.put(lineItems, "SELECT * FROM (VALUES (NULL::INTEGER, NULL::INTEGER, NULL::VARCHAR)) t(order_id, id, sku) WHERE false");
        RunResult second = run(LoadMode.MERGE, List.of("id"), List.of());

        assertThat(second.succeeded()).as(second.error()).isTrue();
        assertThat(rows("SELECT order_id, id, sku FROM shop.orders__line_items ORDER BY id"))
                .as("order 1's items are gone although no item of it was staged; order 2's stay").containsExactly("2|21|cup");
    }

    @Test
    void appendAddsTheRowsOfEveryTable() {
        source.main = "SELECT * FROM (VALUES (1, 'open')) t(id, status)";
        source.streams.put(LINE_ITEMS, "SELECT * FROM (VALUES (1, 11, 'pen')) t(order_id, id, sku)");
        run(LoadMode.APPEND, List.of(), List.of());
        RunResult second = run(LoadMode.APPEND, List.of(), List.of());

        assertThat(second.succeeded()).isTrue();
        assertThat(rows("SELECT count(*) FROM shop.orders")).containsExactly("2");
        assertThat(rows("SELECT count(*) FROM shop.orders__line_items")).containsExactly("2");
    }

    @Test
    void severalTablesWithoutAMainTableMergeEachOnItsOwnKey() {
        source.main = null;
        StreamTarget customers = new StreamTarget("customers", List.of("id"), false);
        StreamTarget products = new StreamTarget("products", List.of("sku"), false);
        source.streams.put(customers, "SELECT * FROM (VALUES (1, 'Ann'), (2, 'Bo')) t(id, name)");
        source.streams.put(products, "SELECT * FROM (VALUES ('p1', 3.5)) t(sku, price)");
        run(LoadMode.MERGE, List.of(), List.of());
        source.streams.put(customers, "SELECT * FROM (VALUES (2, 'Bob'), (2, 'Bobby')) t(id, name)");
        source.streams.put(products, "SELECT * FROM (VALUES ('p2', 1.0)) t(sku, price)");
        RunResult second = run(LoadMode.MERGE, List.of(), List.of());

        assertThat(second.succeeded()).as(second.error()).isTrue();
        assertThat(rows("SELECT * FROM shop.customers ORDER BY id")).containsExactly("1|Ann", "2|Bobby");
        assertThat(rows("SELECT * FROM shop.products ORDER BY sku")).containsExactly("p1|3.5", "p2|1.0");
        assertThat(rows("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'orders'"))
                .as("no main table is created when the source fills only other tables").containsExactly("0");
    }

    @Test
    void aTableThatCannotBePublishedLeavesEveryTableAndTheStateAsTheyWere() {
        source.main = "SELECT * FROM (VALUES (1, 'open')) t(id, status)";
        source.streams.put(LINE_ITEMS, "SELECT * FROM (VALUES (1, 11, 'pen')) t(order_id, id, sku)");
        run(LoadMode.MERGE, List.of("id"), List.of());

        source.main = "SELECT * FROM (VALUES (1, 'paid')) t(id, status)";
        source.streams.put(LINE_ITEMS, "SELECT * FROM (VALUES (1, DATE '2026-01-01', 'pen')) t(order_id, id, sku)");
        source.state = "2";
        RunResult failed = run(LoadMode.MERGE, List.of("id"), List.of());

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.error()).contains("orders__line_items").contains("column id");
        assertThat(rows("SELECT id, status FROM shop.orders")).containsExactly("1|open");
        assertThat(rows("SELECT order_id, id, sku FROM shop.orders__line_items")).containsExactly("1|11|pen");
        assertThat(rows("SELECT value FROM _tributary.state WHERE pipeline = 'orders'")).containsExactly("1");
    }

    @Test
    void aChildRowWithoutItsParentKeyFailsTheMerge() {
        source.main = "SELECT * FROM (VALUES (1, 'open')) t(id, status)";
        source.streams.put(LINE_ITEMS, "SELECT * FROM (VALUES (NULL::INTEGER, 11, 'pen')) t(order_id, id, sku)");
        RunResult failed = run(LoadMode.MERGE, List.of("id"), List.of());

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.error()).contains("order_id");
        assertThat(rows("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'orders'")).containsExactly("0");
    }

    @Test
    void transformsNeedAMainTable() {
        source.main = null;
        source.streams.put(new StreamTarget("customers", List.of("id"), false), "SELECT 1 AS id");
        RunResult failed = run(LoadMode.MERGE, List.of(), List.of(new TransformStep.Drop(List.of("id"))));

        assertThat(failed.succeeded()).isFalse();
        assertThat(failed.error()).contains("one pipeline per table");
    }
}
