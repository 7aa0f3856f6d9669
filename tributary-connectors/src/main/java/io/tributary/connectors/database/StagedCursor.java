package io.tributary.connectors.database;

import io.tributary.sql.Sql;
import io.tributary.spi.Staging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The cursor state to save after a unit was staged, read from the staging table itself (in DuckDB),
 * and the removal of re-read rows that have not changed.
 *
 * <p>A time cursor may be {@code infinity} (PostgreSQL). Nothing is newer, so it never becomes the
 * saved cursor: that stays the newest finite value, and rows changed later (with finite values past
 * it) are still read. The rows at infinity lie past every saved cursor, so every run reads them again;
 * the state lists them (see {@link #atInfinity}) and a row listed with the same key is skipped, so
 * each is loaded once. {@code -infinity} is just the oldest value.
 */
final class StagedCursor {
    private StagedCursor() {}

    /** The cursor's value as text in the state's form (see {@link CursorState}), as a DuckDB expression. */
    private static String cursorText(SourceColumn cursor) {
        String c = Sql.ident(cursor.name());
        return switch (cursor.kind()) {
            case TIMESTAMPTZ -> "CASE WHEN isinf(" + c + ") THEN CAST(" + c + " AS VARCHAR) "
                    + "ELSE strftime(timezone('UTC', " + c + "), '%Y-%m-%d %H:%M:%S.%f') || '+00' END";
            case TIMESTAMP -> "strftime(" + c + ", '%Y-%m-%d %H:%M:%S.%f')";
            default -> "CAST(" + c + " AS VARCHAR)";
        };
    }

    /** {@code c = infinity} for a time cursor; false for a whole number, which has no infinity. */
    private static String isInfinity(SourceColumn cursor) {
        return cursor.kind().isWholeNumber() ? "false"
                : Sql.ident(cursor.name()) + " = " + CursorState.duckdbLiteral(cursor.kind(), CursorState.INFINITY);
    }

    /** A row's cursor and key as one text, the form the window is compared in. */
    private static String windowEntry(SourceColumn cursor, List<SourceColumn> key) {
        return "list_value(" + cursorText(cursor) + key.stream().map(k -> ", CAST(" + Sql.ident(k.name()) + " AS VARCHAR)")
                .collect(Collectors.joining()) + ")";
    }

    /**
     * The staged rows whose cursor is infinity, as window entries, or null when there are more than
     * {@link CursorState#MAX_WINDOW}. Taken before {@link #skipUnchanged}: every run reads all of them
     * again, so this is the complete list, and a row that left infinity leaves it.
     */
    static List<List<String>> atInfinity(Staging staging, String stage, SourceColumn cursor, List<SourceColumn> key) throws SQLException {
        if (cursor.kind().isWholeNumber()) {
            return List.of();
        }
        return entries(staging, "SELECT " + windowEntry(cursor, key) + " FROM " + stage + " WHERE " + isInfinity(cursor)
                + " ORDER BY rowid LIMIT " + (CursorState.MAX_WINDOW + 1));
    }

    /**
     * Without lookback: the cursor and key of the last row read with a finite cursor (the read was
     * ordered by them, in the source's own collation), and the rows at infinity. The saved position
     * is kept when no such row was read.
     */
    static String afterLastRow(Staging staging, String stage, SourceColumn cursor, List<SourceColumn> key, CursorState saved,
                               List<List<String>> atInfinity) throws SQLException {
        String c = Sql.ident(cursor.name());
        String keys = key.stream().map(k -> ", CAST(" + Sql.ident(k.name()) + " AS VARCHAR)").collect(Collectors.joining());
        String sql = "SELECT " + cursorText(cursor) + keys + " FROM " + stage + " WHERE " + c + " IS NOT NULL AND NOT (" + isInfinity(cursor)
                + ") ORDER BY rowid DESC LIMIT 1";
        String position = saved == null ? null : saved.cursor();
        List<String> positionKey = saved == null ? null : saved.key();
        try (Statement statement = staging.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (rs.next()) {
                position = rs.getString(1);
                positionKey = new ArrayList<>();
                for (int i = 0; i < key.size(); i++) {
                    positionKey.add(rs.getString(i + 2));
                }
            }
        }
        if (position == null && (atInfinity == null || atInfinity.isEmpty())) {
            return null;
        }
        return new CursorState(position, positionKey, atInfinity == null || atInfinity.isEmpty() ? null : atInfinity).toJson();
    }

    /**
     * Removes the re-read rows that the saved window lists with the same cursor value: they were
     * loaded before and have not changed. Returns how many were removed.
     */
    static long skipUnchanged(Staging staging, String stage, SourceColumn cursor, List<SourceColumn> key, CursorState saved)
            throws SQLException {
        if (saved == null || saved.window() == null || saved.window().isEmpty()) {
            return 0;
        }
        String seen = saved.window().stream().map(e -> "[" + e.stream().map(Sql::literal).collect(Collectors.joining(", ")) + "]")
                .collect(Collectors.joining(", "));
        try (Statement statement = staging.connection().createStatement()) {
            return statement.executeUpdate("DELETE FROM " + stage + " WHERE " + windowEntry(cursor, key) + " IN (SELECT unnest([" + seen + "]))");
        }
    }

    /**
     * With lookback: the highest finite cursor read or the saved one, whichever is later, and the
     * window: rows loaded inside the lookback behind it (the saved window's still inside, plus this
     * run's) and the rows at infinity. Null when the window would exceed {@link CursorState#MAX_WINDOW}.
     */
    static String afterLookback(Staging staging, String stage, SourceColumn cursor, List<SourceColumn> key, CursorState saved,
                                Incremental incremental, List<List<String>> atInfinity) throws SQLException {
        String c = Sql.ident(cursor.name());
        String max;
        try (Statement statement = staging.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + cursorText(cursor) + " FROM " + stage + " WHERE " + c + " IS NOT NULL AND NOT ("
                     + isInfinity(cursor) + ") ORDER BY " + c + " DESC LIMIT 1")) {
            max = CursorState.max(cursor.kind(), rs.next() ? rs.getString(1) : null, saved == null ? null : saved.cursor());
        }
        List<List<String>> window = new ArrayList<>();
        List<List<String>> recent = List.of();
        if (max != null) {
            String from = CursorState.minus(cursor.kind(), max, incremental);
            if (saved != null && saved.window() != null) {
                for (List<String> entry : saved.window()) {
                    if (!CursorState.INFINITY.equals(entry.get(0)) && compare(cursor.kind(), entry.get(0), from) >= 0) {
                        window.add(entry);
                    }
                }
            }
            recent = entries(staging, "SELECT " + windowEntry(cursor, key) + " FROM " + stage + " WHERE " + c + " >= "
                    + CursorState.duckdbLiteral(cursor.kind(), from) + " AND NOT (" + isInfinity(cursor) + ") ORDER BY rowid LIMIT "
                    + (CursorState.MAX_WINDOW + 1));
        }
        if (recent == null || atInfinity == null) {
            window = null; // too many to remember: those rows are simply merged again
        } else {
            window.addAll(recent);
            window.addAll(atInfinity);
            if (window.size() > CursorState.MAX_WINDOW) {
                window = null;
            }
        }
        if (max == null && (window == null || window.isEmpty())) {
            return null;
        }
        return new CursorState(max, null, window).toJson();
    }

    /** The window entries a query yields, or null past {@link CursorState#MAX_WINDOW}. */
    private static List<List<String>> entries(Staging staging, String sql) throws SQLException {
        List<List<String>> entries = new ArrayList<>();
        try (Statement statement = staging.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                List<String> entry = new ArrayList<>();
                for (Object value : (Object[]) rs.getArray(1).getArray()) {
                    entry.add(String.valueOf(value));
                }
                entries.add(entry);
            }
        }
        return entries.size() > CursorState.MAX_WINDOW ? null : entries;
    }

    private static int compare(ValueKind kind, String a, String b) {
        return a.equals(b) ? 0 : CursorState.max(kind, a, b).equals(a) ? 1 : -1;
    }
}
