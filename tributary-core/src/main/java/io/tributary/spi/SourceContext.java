package io.tributary.spi;

import java.nio.file.Path;

/** What a source may know about the project it belongs to. */
public record SourceContext(Path projectDir, String pipelineName) {}
