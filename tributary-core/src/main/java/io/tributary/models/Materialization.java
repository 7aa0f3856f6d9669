package io.tributary.models;

import java.util.List;
import java.util.Locale;

/** What a model becomes in the database: {@code materialized:} in its config, {@code table} by default. */
public enum Materialization {
    /** Rebuilt in full each time, beside the old one, and swapped in. */
    TABLE,
    /** A view: nothing stored, read through at query time; still audited before it replaces the old one. */
    VIEW,
    /** A table the query's rows are merged into by {@code unique_key}: rows it no longer yields are kept. */
    INCREMENTAL;

    public static final List<String> NAMES = List.of("table", "view", "incremental");

    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
