package io.tributary.project;

import io.tributary.config.Problem;
import io.tributary.error.InvalidProjectException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A project as far as it loads: the pipelines that validated, and every problem of the pipeline
 * files that did not. One broken file keeps only its own pipeline from running; a broken
 * {@code tributary.yml} is no project at all (loading throws).
 *
 * @param spec   {@code tributary.yml} and the valid pipelines
 * @param broken the pipeline files that did not validate, in file-name order
 */
public record LoadedProject(ProjectSpec spec, List<BrokenPipeline> broken) {

    public List<PipelineSpec> pipelines() {
        return spec.pipelines();
    }

    /** Every problem, located, file by file. */
    public List<Problem> problems() {
        List<Problem> all = new ArrayList<>();
        broken.forEach(b -> all.addAll(b.problems()));
        return all;
    }

    public boolean isValid() {
        return broken.isEmpty();
    }

    /** The broken file a pipeline name refers to, if any. */
    public Optional<BrokenPipeline> broken(String pipeline) {
        return broken.stream().filter(b -> b.answersTo(pipeline)).findFirst();
    }

    /** The whole project, or {@link InvalidProjectException} listing every problem. */
    public ProjectSpec requireValid() {
        if (!broken.isEmpty()) {
            throw new InvalidProjectException(problems());
        }
        return spec;
    }
}
