package io.tributary.app;

import io.tributary.config.Location;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.project.WarehouseSpec;
import io.tributary.quality.Tolerance;
import io.tributary.spi.LoadMode;
import io.tributary.spi.LoadSpec;
import io.tributary.sql.SchemaPolicy;
import io.tributary.spi.Source;
import io.tributary.spi.SourceState;
import io.tributary.spi.SourceUnit;
import io.tributary.spi.Staging;
import io.tributary.spi.TableName;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Projects built in code for the application layer's tests: pipelines whose source has nothing new to read. */
final class Pipelines {
    private Pipelines() {}

    /** A source with nothing to read: its runs succeed at once and load nothing. */
    static final class Empty implements Source {
        @Override
        public String describe() {
            return "nothing";
        }

        @Override
        public List<SourceUnit> plan(SourceState previous) {
            return List.of();
        }

        @Override
        public SourceRead read(List<SourceUnit> units, SourceState state, Staging staging) {
            return unit -> {
                throw new AssertionError("nothing to stage");
            };
        }
    }

    static PipelineSpec pipeline(Path dir, String name) {
        Path file = dir.resolve("pipelines/" + name + ".yml");
        return new PipelineSpec(file, name, null, null, "scripted", new Empty(), List.of(), List.of(),
                new LoadSpec(new TableName("main", name), LoadMode.APPEND, List.of(), SchemaPolicy.DEFAULT), Tolerance.count(100), List.of(),
                new Location(file, 1, 1));
    }

    /** A project in {@code dir} with these pipelines (in this order) and its warehouse at {@code .tributary/warehouse.duckdb}. */
    static ProjectSpec project(Path dir, String... names) {
        return new ProjectSpec(dir, "test", warehouse(dir), Map.of(), Map.of(),
                Arrays.stream(names).map(name -> pipeline(dir, name)).toList());
    }

    static WarehouseSpec warehouse(Path dir) {
        return new WarehouseSpec(dir.resolve(".tributary/warehouse.duckdb"), null, null);
    }
}
