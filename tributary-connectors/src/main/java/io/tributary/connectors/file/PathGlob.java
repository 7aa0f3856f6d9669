package io.tributary.connectors.file;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * A glob over paths relative to a folder, read as bash's globstar and DuckDB's own glob read it:
 * {@code **}{@code /} matches zero or more folders, so {@code **}{@code /*.csv} matches
 * {@code a.csv} as well as {@code 2025/12/a.csv}.
 *
 * <p>Java's glob syntax ({@code *}, {@code ?}, {@code [a-z]}, {@code {a,b}}) does everything else,
 * but its {@code **}{@code /} needs at least one folder. Each {@code **}{@code /} is therefore
 * either kept or left out, and a path matches when any of those variants matches (two patterns
 * for the usual single {@code **}). Rewriting it into a group such as {@code {**}{@code /,}} would
 * break inside a user's own {@code {...}} group, which Java's globs cannot nest.
 */
final class PathGlob {
    private static final String ANY_FOLDERS = "**/";

    private final List<PathMatcher> variants;

    private PathGlob(List<PathMatcher> variants) {
        this.variants = variants;
    }

    /** {@code glob} relative to the folder it is matched in; throws IllegalArgumentException when it is not a valid glob. */
    static PathGlob of(String glob) {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String variant : variants(glob, 0)) {
            matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
        }
        return new PathGlob(matchers);
    }

    boolean matches(Path relative) {
        for (PathMatcher matcher : variants) {
            if (matcher.matches(relative)) {
                return true;
            }
        }
        return false;
    }

    /** The glob with each {@code **}{@code /} from {@code from} on kept or dropped, every combination. */
    private static List<String> variants(String glob, int from) {
        int at = glob.indexOf(ANY_FOLDERS, from);
        while (at > 0 && glob.charAt(at - 1) != '/') {
            // only a whole path component is "any folders": x**/ is an ordinary (Java) **
            at = glob.indexOf(ANY_FOLDERS, at + 1);
        }
        if (at < 0) {
            return List.of(glob);
        }
        List<String> out = new ArrayList<>(variants(glob, at + ANY_FOLDERS.length()));
        for (String kept : List.copyOf(out)) {
            out.add(kept.substring(0, at) + kept.substring(at + ANY_FOLDERS.length()));
        }
        return out;
    }
}
