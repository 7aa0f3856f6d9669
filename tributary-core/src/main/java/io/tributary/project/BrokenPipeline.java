package io.tributary.project;

import io.tributary.config.Problem;
import java.nio.file.Path;
import java.util.List;

/**
 * A pipeline file that did not validate: it is left out of the project's runs, the others go on.
 *
 * @param file     the pipeline file
 * @param name     the name it declares, or null when that is unreadable too
 * @param problems every problem located in it
 */
public record BrokenPipeline(Path file, String name, List<Problem> problems) {

    /** Whether {@code tributary run NAME} means this file: by its declared name, else by its file name. */
    public boolean answersTo(String pipeline) {
        if (name != null) {
            return name.equals(pipeline);
        }
        String fileName = file.getFileName().toString();
        return fileName.substring(0, fileName.lastIndexOf('.')).equals(pipeline);
    }

    /** {@code pipelines/orders.yml: 2 problems, first: pipelines/orders.yml:3:5  load.mdoe  unknown key...}, for warnings. */
    public String summary(Path projectDir) {
        Path shown = file.startsWith(projectDir) ? projectDir.relativize(file) : file;
        String count = problems.size() == 1 ? "1 problem" : problems.size() + " problems";
        return shown + " is invalid and was skipped (" + count + "): " + problems.get(0)
                + (problems.size() > 1 ? "; run tributary validate to see them all" : "");
    }
}
