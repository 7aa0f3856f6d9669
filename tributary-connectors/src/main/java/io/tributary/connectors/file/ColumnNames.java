package io.tributary.connectors.file;

import java.util.Locale;
import java.util.Set;

/** Column names made unique the way DuckDB compares them: without regard to case. */
final class ColumnNames {
    private ColumnNames() {}

    /**
     * {@code name}, or {@code name_2}, {@code name_3}... when taken already ({@code Id} and {@code id}
     * collide in DuckDB). Adds the result to {@code taken}, which holds lower-cased names.
     */
    static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = name + "_" + n;
        }
        return candidate;
    }
}
