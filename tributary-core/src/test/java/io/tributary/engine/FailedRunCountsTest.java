package io.tributary.engine;

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
import io.tributary.project.WarehouseSpec;
import io.tributary.spi.Source;
import io.tributary.spi.SourceException;
import io.tributary.spi.SourceState;
import io.tributary.spi.SourceUnit;
import io.tributary.spi.StagedUnit;
import io.tributary.spi.Staging;
import io.tributary.app.RunRequest;
import io.tributary.app.RunService;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that fails still reports what it recorded: its rejected rows are counted in the run history. */
class FailedRunCountsTest {
    @TempDir
    Path dir;

    /** Rejects two rows of its unit, then gives up on it. */
    static final class RejectingThenFailingSource implements Source {
        @Override
        public String describe() {
            return "rejecting then failing";
        }

        @Override
        public List<SourceUnit> plan(SourceState previous) {
            return List.of(new SourceUnit("unit.json", "unit.json", 10, null, false));
        }

        @Override
        public SourceRead read(List<SourceUnit> units, SourceState state, Staging staging) {
            return unit -> rejectTwiceThenFail(staging);
        }

        private StagedUnit rejectTwiceThenFail(Staging staging) throws SourceException {
            try {
                staging.rejects().reject("unit.json", 2, "id", "{\"id\":", "not valid JSON");
                staging.rejects().reject("unit.json", 4, "id", "{\"id\":", "not valid JSON");
            } catch (SQLException e) {
                throw new AssertionError(e);
            }
            throw new SourceException("cannot load unit.json: it broke after two rejects");
        }
    }

    @Test
    void aRunThatFailsAfterRejectingRowsCountsThoseRejects() throws SQLException {
        PipelineSpec pipeline = new PipelineSpec(dir.resolve("pipelines/p.yml"), "p", null, null, "scripted", new RejectingThenFailingSource(),
                List.of(), List.of(), new LoadSpec(new TableName("main", "t"), LoadMode.APPEND, List.of(), SchemaPolicy.DEFAULT),
                Tolerance.count(100), List.of(), new Location(dir.resolve("pipelines/p.yml"), 1, 1));
        WarehouseSpec warehouse = new WarehouseSpec(dir.resolve("w.duckdb"), null, null);
        ProjectSpec project = new ProjectSpec(dir, "test", warehouse, Map.of(), Map.of(), List.of(pipeline));

        RunResult result;
        try (RunService service = RunService.open(project)) {
            result = service.run(pipeline, RunRequest.NOW, RunListener.NONE);
        }

        assertThat(result.succeeded()).isFalse();
        assertThat(result.rowsRejected()).isEqualTo(2);
        try (Warehouse opened = Warehouse.open(warehouse);
             Statement statement = opened.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT r.rows_rejected, r.rows_read, (SELECT count(*) FROM _tributary.rejected_rows x"
                     + " WHERE x.run_id = r.run_id) FROM _tributary.runs r WHERE r.run_id = " + result.runId())) {
            rs.next();
            assertThat(rs.getLong(1)).as("rows_rejected in the run history").isEqualTo(2);
            assertThat(rs.getLong(2)).as("rows_read: the rejected rows were read").isEqualTo(2);
            assertThat(rs.getLong(3)).as("rows in rejected_rows").isEqualTo(2);
        }
    }
}
