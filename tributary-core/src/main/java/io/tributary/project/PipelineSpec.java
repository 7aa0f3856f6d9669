package io.tributary.project;

import io.tributary.quality.CheckSpec;
import io.tributary.quality.Tolerance;
import io.tributary.spi.LoadSpec;

import io.tributary.config.Location;
import io.tributary.spi.Source;
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
        Location location) {}
