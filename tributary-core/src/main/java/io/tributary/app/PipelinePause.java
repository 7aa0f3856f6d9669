package io.tributary.app;

import io.tributary.error.TributaryException;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.MetadataStores;
import io.tributary.metadata.Pause;
import io.tributary.metadata.RunRecord;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.schedule.Scheduling;
import io.tributary.warehouse.Warehouse;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pausing and resuming a pipeline ({@code tributary pause}/{@code resume}, {@code POST
 * /api/pipelines/NAME/pause}/{@code resume}), kept in the run history so it outlives restarts. A paused
 * pipeline is not scheduled: its fire times pass without a run and are recorded nowhere (and a
 * pipeline {@code after:} it does not run either); asked for by name ({@code tributary run}) it still
 * runs. A resume applies the pipeline's {@code catchup:} policy to the fire times missed since it was
 * paused (or since its newest run, if later): {@link #catchUp}.
 */
public final class PipelinePause {
    /** What a pause did: {@code paused} false when the pipeline was paused already ({@code pause} is then that pause). */
    public record Paused(Pause pause, boolean paused) {}

    /** What a resume did: the pause it ended (null: was not paused) and the catch-up fire times to run now. */
    public record Resumed(Pause pause, List<Instant> catchUp) {
        public boolean resumed() {
            return pause != null;
        }
    }

    private final ProjectSpec project;
    private final MetadataStore store;

    public PipelinePause(ProjectSpec project, MetadataStore store) {
        this.project = project;
        this.store = store;
    }

    /** Pauses {@code name} as of {@code now}; the reason may be null. */
    public Paused pause(String name, String reason, Instant now) {
        PipelineSpec pipeline = pipeline(name);
        Pause pause = new Pause(pipeline.name(), now, reason == null || reason.isBlank() ? null : reason.strip());
        if (store.pause(pause)) {
            return new Paused(pause, true);
        }
        return new Paused(paused(name).orElse(pause), false);
    }

    /** Resumes {@code name} at {@code now}, returning the catch-up runs its policy wants (the caller runs them). */
    public Resumed resume(String name, Instant now) {
        PipelineSpec pipeline = pipeline(name);
        Optional<Pause> ended = store.resume(pipeline.name());
        if (ended.isEmpty()) {
            return new Resumed(null, List.of());
        }
        return new Resumed(ended.get(), catchUp(pipeline.scheduling(), ended.get(), lastRun(pipeline.name()), now));
    }

    public Optional<Pause> paused(String name) {
        return store.pauses().stream().filter(p -> p.pipeline().equals(name)).findFirst();
    }

    /**
     * The runs a resume at {@code now} creates: the fire times since the pause (or the newest run,
     * if later) that the pipeline's {@code catchup:} keeps. None for a pipeline without a schedule or
     * one that runs {@code after:} others (it follows their next runs).
     */
    public static List<Instant> catchUp(Scheduling scheduling, Pause pause, Instant lastRun, Instant now) {
        if (!scheduling.scheduled()) {
            return List.of();
        }
        Instant from = lastRun != null && lastRun.isAfter(pause.pausedAt()) ? lastRun : pause.pausedAt();
        return scheduling.catchUp().missed(scheduling.cron(), from, now);
    }

    private Instant lastRun(String pipeline) {
        return store.runs(pipeline, 1).stream().map(RunRecord::startedAt).findFirst().orElse(null);
    }

    private PipelineSpec pipeline(String name) {
        return project.pipeline(name).orElseThrow(() -> TributaryException.invalid("no pipeline named '" + name + "' in "
                + project.dir() + ". " + PipelineSelection.hint(name, project)));
    }

    /**
     * Work on the project's history opened for writing, from the command line: in the warehouse (which
     * this process then holds; busy while a server has it) or in PostgreSQL.
     */
    public static <T> T withStore(ProjectSpec project, Function<PipelinePause, T> work) {
        if (!project.metadata().inWarehouse()) {
            try (MetadataStore store = MetadataStores.postgres(project.metadata().connection())) {
                return work.apply(new PipelinePause(project, store));
            }
        }
        try (Warehouse warehouse = Warehouse.open(project.warehouse(), false, true);
             MetadataStore store = MetadataStores.inWarehouse(warehouse.connection(), "the warehouse " + warehouse.path())) {
            return work.apply(new PipelinePause(project, store));
        }
    }
}
