package io.tributary.project;

import io.tributary.quality.CheckSpec;
import io.tributary.quality.Tolerance;
import io.tributary.spi.LoadSpec;

import io.tributary.config.Location;
import io.tributary.spi.Source;
import io.tributary.schedule.Scheduling;
import java.nio.file.Path;
import java.util.List;

/** A validated pipeline file. */
public record PipelineSpec(
        Path file,
        String name,
        String description,
        String schedule,
        String sourceType,
        Source source,
        List<TransformStep> transform,
        List<CheckSpec> checks,
        LoadSpec load,
        Tolerance maxRejected,
        List<String> alerts,
        Location location,
        ModelsAfter models,
        Scheduling scheduling,
        PipelineAlerts alertRules,
        HealthThresholds health) {

    /** A pipeline judged by the default health thresholds ({@code health:} written nowhere). */
    public PipelineSpec(Path file, String name, String description, String schedule, String sourceType, Source source,
                        List<TransformStep> transform, List<CheckSpec> checks, LoadSpec load, Tolerance maxRejected,
                        List<String> alerts, Location location, ModelsAfter models, Scheduling scheduling, PipelineAlerts alertRules) {
        this(file, name, description, schedule, sourceType, source, transform, checks, load, maxRejected, alerts, location,
                models, scheduling, alertRules, null);
    }

    /** A pipeline whose {@code alerts:} is a list of channel names, each on the project's default events. */
    public PipelineSpec(Path file, String name, String description, String schedule, String sourceType, Source source,
                        List<TransformStep> transform, List<CheckSpec> checks, LoadSpec load, Tolerance maxRejected,
                        List<String> alerts, Location location, ModelsAfter models, Scheduling scheduling) {
        this(file, name, description, schedule, sourceType, source, transform, checks, load, maxRejected, alerts, location,
                models, scheduling, null);
    }

    /** A pipeline that builds the models downstream of its tables after it publishes (the default). */
    public PipelineSpec(Path file, String name, String description, String schedule, String sourceType, Source source,
                        List<TransformStep> transform, List<CheckSpec> checks, LoadSpec load, Tolerance maxRejected,
                        List<String> alerts, Location location) {
        this(file, name, description, schedule, sourceType, source, transform, checks, load, maxRejected, alerts, location,
                ModelsAfter.DOWNSTREAM, Scheduling.NONE);
    }

    public PipelineSpec {
        models = models == null ? ModelsAfter.DOWNSTREAM : models;
        scheduling = scheduling == null ? Scheduling.NONE : scheduling;
        alertRules = alertRules == null ? PipelineAlerts.of(alerts) : alertRules;
        health = health == null ? HealthThresholds.DEFAULT : health;
    }

    /**
     * Which models a run builds after it publishes ({@code models:}): those downstream of its tables, the
     * ones named (and what they need that is downstream of the run's tables), or none.
     */
    public record ModelsAfter(boolean downstream, List<String> named) {
        public static final ModelsAfter DOWNSTREAM = new ModelsAfter(true, List.of());
        public static final ModelsAfter NONE = new ModelsAfter(false, List.of());

        public boolean none() {
            return !downstream && named.isEmpty();
        }
    }
}
