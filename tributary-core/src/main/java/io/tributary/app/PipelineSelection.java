package io.tributary.app;

import io.tributary.config.DidYouMean;
import io.tributary.error.InvalidProjectException;
import io.tributary.error.TributaryException;
import io.tributary.project.LoadedProject;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which pipelines a caller means: names as typed (by a user on the command line, later in a request to
 * the server) or all of them. A name that matches none is an {@link io.tributary.error.ErrorKind#INVALID_INPUT}
 * error naming the project and the nearest pipeline, so a typo is fixed at once.
 */
public final class PipelineSelection {
    private PipelineSelection() {}

    /**
     * The pipelines named, in the order given, or with {@code all} every pipeline of the project, in
     * file-name order.
     *
     * @throws TributaryException (invalid input) for an unknown name, no names without {@code all}, or a project without pipelines
     */
    public static List<PipelineSpec> select(ProjectSpec project, List<String> names, boolean all) {
        if (all) {
            if (!names.isEmpty()) {
                throw TributaryException.invalid("give pipeline names or --all, not both (named: " + String.join(", ", names) + ")");
            }
            if (project.pipelines().isEmpty()) {
                throw TributaryException.invalid("the project has no pipelines: add a file to " + project.dir().resolve("pipelines"));
            }
            return project.pipelines();
        }
        if (names.isEmpty()) {
            throw TributaryException.invalid("name the pipelines to run, or use --all. Pipelines in this project: " + names(project));
        }
        List<PipelineSpec> selected = new ArrayList<>();
        for (String name : names) {
            selected.add(project.pipeline(name).orElseThrow(() -> TributaryException.invalid("no pipeline named '" + name + "' in "
                    + project.dir() + ". " + hint(name, project))));
        }
        return selected;
    }

    /**
     * As {@link #select(ProjectSpec, List, boolean)} on a project that loaded partially: a pipeline
     * named whose file is broken cannot run, and fails with that file's located problems; with
     * {@code all}, a project whose every pipeline file is broken fails with all their problems.
     *
     * @throws InvalidProjectException for a named pipeline whose file is broken, or {@code all} with no valid pipeline left
     */
    public static List<PipelineSpec> select(LoadedProject loaded, List<String> names, boolean all) {
        ProjectSpec project = loaded.spec();
        if (all && project.pipelines().isEmpty() && !loaded.isValid()) {
            throw new InvalidProjectException(loaded.problems());
        }
        for (String name : names) {
            loaded.broken(name).filter(b -> project.pipeline(name).isEmpty()).ifPresent(b -> {
                throw new InvalidProjectException(b.problems());
            });
        }
        return select(project, names, all);
    }

    /**
     * For a name that may be a typo (e.g. a history with no runs of it): a note saying the project has no
     * such pipeline, with the nearest name; empty when the project has it.
     */
    public static Optional<String> unknown(ProjectSpec project, String name) {
        // a model's builds are runs named for it
        if (project.pipeline(name).isPresent() || java.nio.file.Files.isRegularFile(project.dir().resolve("models").resolve(name + ".sql"))) {
            return Optional.empty();
        }
        String closest = DidYouMean.closest(name, pipelineNames(project));
        return Optional.of("the project has no pipeline named '" + name + "'" + (closest == null ? "" : "; did you mean '" + closest + "'?"));
    }

    /** "Did you mean 'x'?" when a pipeline's name is close, else the list of pipelines. */
    static String hint(String name, ProjectSpec project) {
        String closest = DidYouMean.closest(name, pipelineNames(project));
        return closest != null ? "Did you mean '" + closest + "'?" : "Pipelines: " + names(project);
    }

    private static List<String> pipelineNames(ProjectSpec project) {
        return project.pipelines().stream().map(PipelineSpec::name).toList();
    }

    private static String names(ProjectSpec project) {
        return project.pipelines().isEmpty() ? "(none)" : String.join(", ", pipelineNames(project));
    }
}
