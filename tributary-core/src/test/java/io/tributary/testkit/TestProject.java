package io.tributary.testkit;

import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.warehouse.Warehouse;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectLoader;
import io.tributary.project.ProjectSpec;
import io.tributary.app.RunRequest;
import io.tributary.app.RunService;
import io.tributary.spi.SourceRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Tributary project in a temporary folder, for tests that read as stories:
 * write files, run a pipeline, query the warehouse.
 *
 * <pre>{@code
 * TestProject project = TestProject.in(tempDir);
 * project.file("data/orders.csv", "id,total\n1,10\n");
 * project.pipeline("orders", "source: {type: file, path: data/orders.csv}\nload: {table: orders}");
 * RunResult result = project.run("orders");
 * assertThat(project.rows("SELECT * FROM orders")).hasSize(1);
 * }</pre>
 */
public final class TestProject {
    private final Path dir;
    private final Map<String, String> environment = new HashMap<>();

    private TestProject(Path dir) {
        this.dir = dir;
    }

    /** A project with a default tributary.yml (warehouse in .tributary/). */
    public static TestProject in(Path dir) {
        TestProject project = new TestProject(dir);
        project.file("tributary.yml", "name: test\n");
        return project;
    }

    public Path dir() {
        return dir;
    }

    public Path path(String relative) {
        return dir.resolve(relative);
    }

    public TestProject env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Writes a text file (UTF-8), creating folders. */
    public Path file(String relative, String content) {
        return bytes(relative, content.getBytes(StandardCharsets.UTF_8));
    }

    public Path bytes(String relative, byte[] content) {
        Path file = dir.resolve(relative);
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** Writes {@code pipelines/NAME.yml} with {@code name: NAME} followed by the given YAML. */
    public Path pipeline(String name, String yaml) {
        return file("pipelines/" + name + ".yml", "name: " + name + "\n" + yaml + (yaml.endsWith("\n") ? "" : "\n"));
    }

    public ProjectSpec load() {
        return new ProjectLoader(SourceRegistry.load(), environment).load(dir);
    }

    public RunResult run(String pipeline) {
        return run(pipeline, false);
    }

    public RunResult run(String pipeline, boolean fullRefresh) {
        ProjectSpec project = load();
        PipelineSpec spec = project.pipeline(pipeline).orElseThrow(() -> new AssertionError("no pipeline " + pipeline));
        try (RunService service = RunService.open(project)) {
            return service.run(spec, RunRequest.fullRefresh(fullRefresh), RunListener.NONE);
        }
    }

    /** Runs the named pipelines in one service, at most {@code parallel} at once; results in the order named. */
    public List<RunResult> runAll(int parallel, String... pipelines) {
        ProjectSpec project = load();
        List<PipelineSpec> specs = java.util.Arrays.stream(pipelines)
                .map(name -> project.pipeline(name).orElseThrow(() -> new AssertionError("no pipeline " + name))).toList();
        try (RunService service = RunService.open(project)) {
            return service.runAll(specs, RunRequest.NOW, parallel, p -> RunListener.NONE);
        }
    }

    /** Rows of a query on the warehouse, each a column-name → value map in column order. */
    public List<Map<String, Object>> rows(String sql) {
        try (Warehouse warehouse = Warehouse.open(load().warehouse());
             Statement statement = warehouse.connection().createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            ResultSetMetaData meta = rs.getMetaData();
            List<Map<String, Object>> rows = new ArrayList<>();
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), rs.getObject(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new AssertionError("query failed: " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs statements on the warehouse (to set up tables a test's models read). */
    public void execute(String... sql) {
        try (Warehouse warehouse = Warehouse.open(load().warehouse()); Statement statement = warehouse.connection().createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        } catch (SQLException e) {
            throw new AssertionError("statement failed: " + e.getMessage(), e);
        }
    }

    /** Builds the project's models (all, or as selected: NAME, NAME+, +NAME), as {@code tributary models} does. */
    public List<io.tributary.models.ModelResult> models(boolean fullRefresh, String... select) {
        ProjectSpec project = load();
        try (RunService service = RunService.open(project)) {
            io.tributary.app.ModelBuilds models = service.models();
            List<String> unknown = new ArrayList<>();
            List<io.tributary.models.ModelSpec> chosen = models.loaded().graph().select(List.of(select), unknown);
            if (!unknown.isEmpty()) {
                throw new AssertionError("no models " + unknown);
            }
            return models.build(chosen, fullRefresh, io.tributary.models.ModelListener.NONE);
        }
    }

    /** The single value of a one-row, one-column query. */
    public Object value(String sql) {
        List<Map<String, Object>> rows = rows(sql);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new AssertionError("expected one value from " + sql + " but got " + rows);
        }
        return rows.get(0).values().iterator().next();
    }

    public long count(String table) {
        return ((Number) value("SELECT count(*) FROM " + table)).longValue();
    }

    /** Column name → DuckDB type of a warehouse table. */
    public Map<String, String> columns(String table) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map<String, Object> row : rows("DESCRIBE " + table)) {
            out.put((String) row.get("column_name"), (String) row.get("column_type"));
        }
        return out;
    }
}
