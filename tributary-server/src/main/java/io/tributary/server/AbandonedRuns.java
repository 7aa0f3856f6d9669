package io.tributary.server;

import io.tributary.app.RunService;
import io.tributary.engine.RunResult;
import io.tributary.error.ErrorKind;
import io.tributary.metadata.RunRecord;
import io.tributary.metadata.RunStatus;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.schedule.Scheduler;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs a killed process left (found abandoned when the server opened the warehouse): each is a
 * failed attempt. A pipeline whose {@code retries:} allow another attempt runs again at once (unless a
 * catch-up run of it already starts); one without retries, or a paused one, is told to the alerts as the
 * failure it is. Exactly-once makes the new run load what the killed one would have.
 */
final class AbandonedRuns {
    private static final Logger LOG = LoggerFactory.getLogger(AbandonedRuns.class);

    private AbandonedRuns() {}

    /**
     * @param catchingUp the pipelines a catch-up run already starts for
     * @param launch     starts a run of a pipeline (with its retries) for a fire time
     * @param failed     the alerts, told of an abandoned run that is not tried again
     */
    static void recover(RunService service, ProjectSpec project, Set<String> catchingUp, Set<String> paused, Consumer<Scheduler.Due> launch,
                        Consumer<RunResult> failed) {
        for (long runId : service.abandonedAtOpen()) {
            RunRecord run = service.store().run(runId).orElse(null);
            PipelineSpec pipeline = run == null ? null : project.pipeline(run.pipeline()).orElse(null);
            if (pipeline == null) {
                continue;
            }
            int attempts = pipeline.scheduling().retries().attempts();
            if (attempts > 1 && !paused.contains(pipeline.name()) && !catchingUp.contains(pipeline.name())) {
                LOG.info("{}: run {} was cut off when its process was killed (abandoned); retries: allows {} attempts, so it runs again now",
                        pipeline.name(), runId, attempts);
                launch.accept(new Scheduler.Due(pipeline.name(), run.startedAt(), true));
            } else if (!catchingUp.contains(pipeline.name())) {
                LOG.info("{}: run {} was cut off when its process was killed (abandoned); it runs again at its next fire time", pipeline.name(), runId);
                failed.accept(asResult(run));
            }
        }
    }

    private static RunResult asResult(RunRecord run) {
        String error = run.error() == null ? "the run was cut off: its process was killed" : run.error();
        return new RunResult(run.runId(), run.pipeline(), RunStatus.ABANDONED, run.counts().read(), 0, run.counts().rejected(), run.counts().bytes(),
                0, 0, run.target(), 0, List.of(), error, 0, ErrorKind.INTERNAL, Map.of(), List.of(), 0, 0, List.of(), List.of());
    }
}
