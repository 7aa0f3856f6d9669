package io.tributary.server;

import io.tributary.app.PipelineHealth;
import io.tributary.config.Problem;
import io.tributary.error.TributaryException;
import io.tributary.project.BrokenPipeline;
import io.tributary.project.LoadedProject;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectLoader;
import io.tributary.project.ProjectSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project a running server works on, and the problems of its last load. A reload reads the
 * project folder again ({@link ProjectLoader#loadPartially}) and takes what validates: a pipeline whose
 * file is broken keeps its last good definition (it goes on running) and is reported invalid; a
 * removed file's pipeline is dropped (its history stays). Of {@code tributary.yml}, what a running
 * server can take is taken (connections, alert channels and rules, pipelines' defaults); the warehouse,
 * {@code metadata:} and {@code server:} are opened once at the start, so a change to them is logged as
 * needing a restart and the old values are kept. A broken {@code tributary.yml} keeps the whole
 * previous project.
 */
public final class ProjectReloads {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectReloads.class);

    /**
     * A pipeline file that does not validate now.
     *
     * @param pipeline       the pipeline it declares (else its file name); null for {@code tributary.yml}
     * @param lastGoodRuns   whether the pipeline goes on running on its last good definition
     */
    public record Invalid(String pipeline, String file, List<String> problems, boolean lastGoodRuns) {
        /** The reason its health gives. */
        public String reason() {
            String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
            return file + " is invalid (" + count + "): " + problems.get(0)
                    + (lastGoodRuns ? "; it runs on its last good definition until the file is fixed" : "; it does not run until the file is fixed");
        }
    }

    /** What a reload did: the pipelines added, changed and removed, what is invalid now, and what waits for a restart. */
    public record Outcome(boolean reloaded, List<String> added, List<String> changed, List<String> removed, List<Invalid> invalid,
                          List<String> restartNeeded) {
        Map<String, Object> json() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("reloaded", reloaded);
            out.put("added", added);
            out.put("changed", changed);
            out.put("removed", removed);
            List<Map<String, Object>> problems = new ArrayList<>();
            for (Invalid invalid : invalid) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("pipeline", invalid.pipeline());
                row.put("file", invalid.file());
                row.put("problems", invalid.problems());
                row.put("runs_last_good", invalid.lastGoodRuns());
                problems.add(row);
            }
            out.put("invalid", problems);
            out.put("restart_needed", restartNeeded);
            return out;
        }
    }

    private final Path dir;
    private final ProjectLoader loader;
    private final List<BiConsumer<ProjectSpec, ProjectSpec>> listeners = new ArrayList<>();
    private volatile ProjectSpec current;
    private volatile List<Invalid> invalid;
    /** Each pipeline's file as it was when its current definition was read: an unchanged file is an unchanged pipeline. */
    private Map<String, byte[]> contents = new HashMap<>();

    /** @param initial the project as the server started on it (its broken files have no last good definition) */
    public ProjectReloads(LoadedProject initial, ProjectLoader loader) {
        this.dir = initial.spec().dir().toAbsolutePath().normalize();
        this.loader = loader;
        this.current = initial.spec();
        this.invalid = initial.broken().stream().map(b -> invalid(b, null)).toList();
        initial.pipelines().forEach(p -> contents.put(p.name(), read(p.file())));
    }

    /** The project as it is now. */
    public ProjectSpec current() {
        return current;
    }

    /** The pipeline files that do not validate now. */
    public List<Invalid> invalid() {
        return invalid;
    }

    /** {@code listener(before, after)} after each reload that took a new project, on the reloading thread. */
    public synchronized void onChange(BiConsumer<ProjectSpec, ProjectSpec> listener) {
        listeners.add(listener);
    }

    /** The health of each pipeline with those whose file is broken said {@code invalid}, and the broken files no pipeline answers to. */
    public List<PipelineHealth> judged(List<PipelineHealth> health) {
        List<Invalid> now = invalid;
        List<PipelineHealth> out = new ArrayList<>();
        for (PipelineHealth h : health) {
            out.add(now.stream().filter(i -> h.pipeline().equals(i.pipeline())).findFirst().map(i -> h.invalid(i.reason())).orElse(h));
        }
        for (Invalid i : now) {
            if (i.pipeline() != null && out.stream().noneMatch(h -> h.pipeline().equals(i.pipeline()))) {
                out.add(PipelineHealth.invalidOnly(i.pipeline(), i.reason()));
            }
        }
        return out;
    }

    /** Reads the project folder again and takes what validates (see the class comment). Never throws: a broken project is reported. */
    public synchronized Outcome reload() {
        ProjectSpec before = current;
        Map<Path, byte[]> files = new HashMap<>();
        try {
            // read before loading: an edit in between shows as a change at the next reload, never as none
            for (Path file : pipelineFiles()) {
                files.put(file.toAbsolutePath().normalize(), read(file));
            }
        } catch (RuntimeException e) {
            LOG.warn("reload: cannot list {}: {}", dir.resolve(ProjectLoader.PIPELINES_DIR), e.getMessage());
        }
        LoadedProject loaded;
        try {
            loaded = loader.loadPartially(dir);
        } catch (TributaryException e) {
            List<String> problems = e instanceof io.tributary.error.InvalidProjectException invalidProject
                    ? invalidProject.problems().stream().map(Problem::toString).toList() : List.of(e.getMessage());
            problems.forEach(p -> LOG.warn("reload: the project does not load ({} is invalid); the server keeps it as it was: {}",
                    ProjectLoader.PROJECT_FILE, p));
            List<Invalid> all = new ArrayList<>(invalid);
            all.add(0, new Invalid(null, ProjectLoader.PROJECT_FILE, problems, true));
            return new Outcome(false, List.of(), List.of(), List.of(), all, List.of());
        }
        ProjectSpec fresh = loaded.spec();
        List<String> restart = new ArrayList<>();
        var warehouse = kept("warehouse:", before.warehouse(), fresh.warehouse(), restart);
        var metadata = kept("metadata:", before.metadata(), fresh.metadata(), restart);
        var server = kept("server:", before.server(), fresh.server(), restart);

        List<PipelineSpec> pipelines = new ArrayList<>(fresh.pipelines());
        List<Invalid> nowInvalid = new ArrayList<>();
        for (BrokenPipeline broken : loaded.broken()) {
            PipelineSpec lastGood = before.pipelines().stream()
                    .filter(p -> p.file().equals(broken.file()) || broken.answersTo(p.name()))
                    .filter(p -> fresh.pipeline(p.name()).isEmpty())
                    .findFirst().orElse(null);
            if (lastGood != null) {
                pipelines.add(lastGood);
            }
            Invalid problem = invalid(broken, lastGood);
            nowInvalid.add(problem);
            problem.problems().forEach(p -> LOG.warn("reload: {} is invalid{}: {}", problem.file(),
                    problem.lastGoodRuns() ? "; " + problem.pipeline() + " runs on its last good definition" : "", p));
        }
        pipelines.sort(Comparator.comparing(p -> p.file().toString()));

        Map<String, byte[]> newContents = new HashMap<>();
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (PipelineSpec pipeline : pipelines) {
            PipelineSpec old = before.pipeline(pipeline.name()).orElse(null);
            boolean fromFile = fresh.pipeline(pipeline.name()).isPresent();
            byte[] content = fromFile ? files.getOrDefault(pipeline.file().toAbsolutePath().normalize(), new byte[0]) : contents.get(pipeline.name());
            newContents.put(pipeline.name(), content);
            if (old == null) {
                added.add(pipeline.name());
                LOG.info("reload: pipeline {} added from {}", pipeline.name(), shown(pipeline.file()));
            } else if (fromFile && (!old.file().equals(pipeline.file()) || !Arrays.equals(contents.get(old.name()), content)
                    || !old.scheduling().equals(pipeline.scheduling()))) {
                changed.add(pipeline.name());
                LOG.info("reload: pipeline {} changed ({})", pipeline.name(), shown(pipeline.file()));
            }
        }
        List<String> removed = new ArrayList<>();
        for (PipelineSpec old : before.pipelines()) {
            if (pipelines.stream().noneMatch(p -> p.name().equals(old.name()))) {
                removed.add(old.name());
                LOG.info("reload: pipeline {} removed ({} is gone); its history stays", old.name(), shown(old.file()));
            }
        }
        ProjectSpec after = new ProjectSpec(before.dir(), fresh.name(), warehouse, fresh.connections(), fresh.alerts(), List.copyOf(pipelines),
                metadata, server, fresh.alerting());
        current = after;
        invalid = List.copyOf(nowInvalid);
        contents = newContents;
        for (BiConsumer<ProjectSpec, ProjectSpec> listener : listeners) {
            listener.accept(before, after);
        }
        LOG.info("reload: {} added, {} changed, {} removed, {} invalid", added.size(), changed.size(), removed.size(), nowInvalid.size());
        return new Outcome(true, added, changed, removed, invalid, restart);
    }

    /** The running value of a key the server opened at its start; a change to it is logged, to take effect at the next start. */
    private <T> T kept(String key, T running, T reloaded, List<String> restart) {
        if (!running.equals(reloaded)) {
            String text = ProjectLoader.PROJECT_FILE + " " + key + " changed; a running server keeps the value it started with: "
                    + "restart tributary server to use the new one";
            LOG.warn("reload: {}", text);
            restart.add(text);
        }
        return running;
    }

    private Invalid invalid(BrokenPipeline broken, PipelineSpec lastGood) {
        String fileName = broken.file().getFileName().toString();
        // the running pipeline's name when there is one: its health is the one that turns invalid
        String name = lastGood != null ? lastGood.name()
                : broken.name() != null ? broken.name() : fileName.substring(0, fileName.lastIndexOf('.'));
        return new Invalid(name, shown(broken.file()), broken.problems().stream().map(Problem::toString).toList(), lastGood != null);
    }

    private String shown(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(dir) ? dir.relativize(absolute).toString() : file.toString();
    }

    private List<Path> pipelineFiles() {
        Path pipelines = dir.resolve(ProjectLoader.PIPELINES_DIR);
        if (!Files.isDirectory(pipelines)) {
            return List.of();
        }
        try (var files = Files.list(pipelines)) {
            return files.filter(ProjectWatch::isPipelineFile).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return new byte[0]; // gone or unreadable: the loader says so as a problem of its own
        }
    }
}
