package io.tributary.assess;

import java.util.Locale;

/** How the profiler groups DuckDB's types. */
final class Types {
    private Types() {}

    static boolean temporal(String type) {
        String t = type.toUpperCase(Locale.ROOT);
        return t.equals("DATE") || t.startsWith("TIMESTAMP");
    }

    static boolean zoned(String type) {
        String t = type.toUpperCase(Locale.ROOT);
        return t.equals("TIMESTAMPTZ") || t.contains("TIME ZONE");
    }

    static boolean nested(String type) {
        String t = type.toUpperCase(Locale.ROOT);
        return t.startsWith("STRUCT") || t.startsWith("MAP") || t.endsWith("[]") || t.startsWith("UNION") || t.equals("JSON")
                || t.matches(".*\\[\\d+\\]$");
    }

    static boolean numeric(String type) {
        String t = type.toUpperCase(Locale.ROOT);
        return t.matches("(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|INTEGER|DOUBLE|FLOAT|REAL|DECIMAL.*|NUMERIC.*)");
    }
}
