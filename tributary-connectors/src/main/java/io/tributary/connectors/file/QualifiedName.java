package io.tributary.connectors.file;

import java.util.ArrayList;
import java.util.List;

/**
 * A table name as the engine hands it out, quoted and qualified ({@code "main"."_tributary_stage_3_0"}),
 * split back into its parts for APIs that take them apart (DuckDB's Appender). Quotes inside a part
 * are doubled, and a part may contain dots.
 */
public record QualifiedName(String schema, String table) {

    public static QualifiedName parse(String quoted) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < quoted.length()) {
            if (quoted.charAt(i) != '"') {
                throw new IllegalArgumentException("expected a quoted name at " + i + " in " + quoted);
            }
            StringBuilder part = new StringBuilder();
            i++;
            while (true) {
                if (i >= quoted.length()) {
                    throw new IllegalArgumentException("unterminated quoted name in " + quoted);
                }
                char c = quoted.charAt(i++);
                if (c == '"') {
                    if (i < quoted.length() && quoted.charAt(i) == '"') {
                        part.append('"');
                        i++;
                        continue;
                    }
                    break;
                }
                part.append(c);
            }
            parts.add(part.toString());
            if (i < quoted.length() && quoted.charAt(i++) != '.') {
                throw new IllegalArgumentException("expected '.' at " + (i - 1) + " in " + quoted);
            }
        }
        if (parts.size() != 2) {
            throw new IllegalArgumentException("expected \"schema\".\"table\" but got " + quoted);
        }
        return new QualifiedName(parts.get(0), parts.get(1));
    }
}
