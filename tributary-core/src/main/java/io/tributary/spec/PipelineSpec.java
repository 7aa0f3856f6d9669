package io.tributary.spec;

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
