package io.tributary.connectors.database;

import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.project.ProjectLoader;
import io.tributary.project.ProjectSpec;
import io.tributary.app.RunRequest;
import io.tributary.app.RunService;
import io.tributary.spi.SourceRegistry;
import java.nio.file.Path;
import java.util.Map;

/** Runs one pipeline in its own JVM (started by {@link LargeTableTest} with a small heap); prints the rows loaded or the error. */
public final class SmallHeapRun {
    private SmallHeapRun() {}

    public static void main(String[] args) {
        ProjectSpec project = new ProjectLoader(SourceRegistry.load(), Map.of()).load(Path.of(args[0]));
        RunResult result;
        try (RunService service = RunService.open(project)) {
            result = service.run(project.pipeline(args[1]).orElseThrow(), RunRequest.NOW, RunListener.NONE);
        }
        System.out.println(result.error() == null ? "loaded " + result.rowsLoaded() : "failed: " + result.error());
        System.out.println("max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        System.exit(result.error() == null ? 0 : 1);
    }
}
