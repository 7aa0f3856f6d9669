package io.tributary.sql;

import java.sql.SQLException;
import java.util.regex.Pattern;

/** Turns DuckDB's error messages into text for users: first line only, no error class, no absolute paths. */
public final class EngineMessages {
    private static final Pattern ERROR_CLASS = Pattern.compile("^[A-Z][A-Za-z ]* Error: ");
    private static final Pattern QUOTED_FILE = Pattern.compile(" in file \"[^\"]*\",?");

    private EngineMessages() {}

    /**
     * DuckDB's reason, e.g. {@code Malformed JSON at byte 9 in record/value 3: unexpected character}.
     * {@code in file "/abs/path"} is dropped since the caller names the file as the user wrote it.
     */
    public static String reason(SQLException e) {
        String message = e.getMessage() == null ? "unknown error" : e.getMessage().strip();
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        first = ERROR_CLASS.matcher(first).replaceFirst("");
        first = QUOTED_FILE.matcher(first).replaceAll("");
        first = first.strip();
        return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }
}
