package io.tributary.app;

import io.tributary.metadata.RunRecord;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.schedule.CatchUp;
import io.tributary.schedule.Cron;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the scheduler would do, before it does it: per pipeline, its next fire times, and the runs a
 * (re)start at {@code now} would create for the fire times missed since its newest run, by its
 * {@code catchup:} policy. Read-only: the history is read, never migrated or written.
 */
public final class SchedulePreview {

    /**
     * One pipeline's preview.
     *
     * @param lastRun  the start of its newest run (by any trigger), which the missed fire times are counted from; null if it never ran
     * @param missed   every fire time after {@code lastRun} up to now (at most {@link CatchUp#MAX_RUNS})
     * @param catchUp  the runs a restart now creates, by its policy
     */
    public record Pipeline(String pipeline, Cron cron, CatchUp policy, List<Instant> next, Instant lastRun, List<Instant> missed,
                           List<Instant> catchUp) {}

    private SchedulePreview() {}

    public static List<Pipeline> of(ProjectSpec project, List<PipelineSpec> pipelines, Instant now, int count) {
        return of(pipelines, now, count, pipeline -> lastRun(project, pipeline));
    }

    /** As above, each pipeline's newest run start told by {@code lastRun} (null: never ran), e.g. from a running server. */
    public static List<Pipeline> of(List<PipelineSpec> pipelines, Instant now, int count, java.util.function.Function<PipelineSpec, Instant> lastRun) {
        List<Pipeline> previews = new ArrayList<>();
        for (PipelineSpec pipeline : pipelines) {
            Cron cron = pipeline.scheduling().cron();
            if (cron == null) {
                previews.add(new Pipeline(pipeline.name(), null, pipeline.scheduling().catchUp(), List.of(), lastRun.apply(pipeline), List.of(), List.of()));
                continue;
            }
            List<Instant> next = new ArrayList<>();
            Instant at = now;
            for (int i = 0; i < count; i++) {
                Optional<Instant> fire = cron.next(at);
                if (fire.isEmpty()) {
                    break;
                }
                next.add(fire.get());
                at = fire.get();
            }
            Instant last = lastRun.apply(pipeline);
            List<Instant> missed = last == null ? List.of() : cron.between(last, now, CatchUp.MAX_RUNS);
            previews.add(new Pipeline(pipeline.name(), cron, pipeline.scheduling().catchUp(), List.copyOf(next), last, missed,
                    pipeline.scheduling().catchUp().missed(cron, last, now)));
        }
        return previews;
    }

    private static Instant lastRun(ProjectSpec project, PipelineSpec pipeline) {
        return History.runs(project.metadata(), project.warehouse(), pipeline.name(), 1).orElse(List.of()).stream()
                .map(RunRecord::startedAt).findFirst().orElse(null);
    }
}
