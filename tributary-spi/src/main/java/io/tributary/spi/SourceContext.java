package io.tributary.spi;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a source may know about the project it belongs to.
 *
 * @param projectDir   the project folder (relative paths resolve against it; {@code drivers/} lives in it)
 * @param pipelineName the pipeline's name
 * @param connections  the project's named connections, for sources that read a database
 * @param load         the pipeline's load block (its table names the main stream; child streams of a
 *                     source land beside it), or null when the load block itself is invalid
 */
public record SourceContext(Path projectDir, String pipelineName, Map<String, ConnectionSpec> connections, LoadSpec load) {

    public SourceContext(Path projectDir, String pipelineName) {
        this(projectDir, pipelineName, Map.of(), null);
    }
}
