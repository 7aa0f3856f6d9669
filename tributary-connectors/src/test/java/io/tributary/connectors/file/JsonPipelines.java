package io.tributary.connectors.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.engine.RunResult;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;

/** The JSON tests' project: one file, and a pipeline "events" that loads it into table events. */
final class JsonPipelines {
    private JsonPipelines() {}

    /** {@code json} is the pipeline's json: block (its lines indented by four spaces), or null for none. */
    static TestProject events(Path dir, String file, String content, String json) {
        TestProject project = TestProject.in(dir);
        project.file(file, content);
        project.pipeline("events", "source:\n  type: file\n  path: " + file + "\n" + (json == null ? "" : "  json:\n" + json)
                + "load: {table: events, mode: replace}\nmax_rejected: 100\n");
        return project;
    }

    /** Runs "events", which must succeed. */
    static RunResult run(TestProject project) {
        RunResult result = project.run("events");
        assertThat(result.error()).isNull();
        return result;
    }
}
