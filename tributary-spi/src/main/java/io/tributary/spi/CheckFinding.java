package io.tributary.spi;

import java.util.List;

/**
 * What {@link Check#measure} found.
 *
 * @param name     how results name it, e.g. {@code unique(id)}
 * @param failing  the failing rows
 * @param examples a few failing values, as shown to users
 * @param passed   the verdict, when the check decides it itself (a row count outside its bounds);
 *                 null to let the check's tolerance decide from {@code failing}
 */
public record CheckFinding(String name, long failing, List<String> examples, Boolean passed) {

    /** Failing rows, judged by the check's tolerance. */
    public static CheckFinding counted(String name, long failing, List<String> examples) {
        return new CheckFinding(name, failing, examples, null);
    }

    /** A verdict of the check's own, whatever its tolerance. */
    public static CheckFinding decided(String name, boolean passed, long failing, List<String> examples) {
        return new CheckFinding(name, failing, examples, passed);
    }
}
