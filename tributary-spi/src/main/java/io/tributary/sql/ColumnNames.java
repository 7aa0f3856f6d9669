package io.tributary.sql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Column names made unique the way DuckDB compares them: without regard to case. */
public final class ColumnNames {
    private ColumnNames() {}

    /**
     * {@code name}, or {@code name_2}, {@code name_3}... when taken already ({@code Id} and {@code id}
     * collide in DuckDB). Adds the result to {@code taken}, which holds lower-cased names.
     */
    public static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; !taken.add(candidate.toLowerCase(Locale.ROOT)); n++) {
            candidate = name + "_" + n;
        }
        return candidate;
    }

    /**
     * A whole header's names made unique: the first of each name keeps it, a repeat gets
     * {@code name_2}, {@code name_3}... skipping every name the header itself holds, so that
     * {@code c,c,c_2} becomes {@code c, c_3, c_2} and {@code c_2} stays the column the file calls so.
     */
    public static List<String> uniqueHeader(List<String> header) {
        Set<String> inHeader = new HashSet<>();
        header.forEach(name -> inHeader.add(lower(name)));
        Set<String> taken = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (String name : header) {
            String candidate = name;
            for (int n = 2; taken.contains(lower(candidate)) || !candidate.equals(name) && inHeader.contains(lower(candidate)); n++) {
                candidate = name + "_" + n;
            }
            taken.add(lower(candidate));
            names.add(candidate);
        }
        return names;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
