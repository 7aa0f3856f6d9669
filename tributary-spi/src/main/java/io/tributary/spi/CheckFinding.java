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
 * @param note     a line for the user even when it passes ({@code not enough history yet}), or null
 */
public record CheckFinding(String name, long failing, List<String> examples, Boolean passed, String note) {

    /** Failing rows, judged by the check's tolerance. */
    public static CheckFinding counted(String name, long failing, List<String> examples) {
        return new CheckFinding(name, failing, examples, null, null);
    }

    /** A verdict of the check's own, whatever its tolerance. */
    public static CheckFinding decided(String name, boolean passed, long failing, List<String> examples) {
        return new CheckFinding(name, failing, examples, passed, null);
    }

    /** A pass that could not judge yet, and says why. */
    public static CheckFinding undecided(String name, String note) {
        return new CheckFinding(name, 0, List.of(), true, note);
    }
}
