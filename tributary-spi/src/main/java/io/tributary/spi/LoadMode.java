package io.tributary.spi;

import java.util.List;
import java.util.Locale;

/** How a run's rows reach the destination table. */
public enum LoadMode {
    /** Add the run's rows to the table. */
    APPEND,
    /** The run's rows become the whole table, swapped in atomically. */
    REPLACE,
    /** Insert new keys and update existing ones (upsert on {@code key}); the last record of a key wins. */
    MERGE;

    public static final List<String> NAMES = List.of("append", "replace", "merge");

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
