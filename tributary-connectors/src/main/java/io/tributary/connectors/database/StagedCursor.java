package io.tributary.connectors.database;

import io.tributary.engine.Sql;
import io.tributary.spi.Staging;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The cursor state to save after a unit was staged, read from the staging table itself (in DuckDB),
 * and, with a lookback, the removal of re-read rows that have not changed.
 */
final class StagedCursor {
    private StagedCursor() {}

    /** The cursor's value as text in the state's form (see {@link CursorState}), as a DuckDB expression. */
    private static String cursorText(SourceColumn cursor) {
        String c = Sql.ident(cursor.name());
        return switch (cursor.kind()) {
            case TIMESTAMPTZ -> "strftime(timezone('UTC', " + c + "), '%Y-%m-%d %H:%M:%S.%f') || '+00'";
            case TIMESTAMP -> "strftime(" + c + ", '%Y-%m-%d %H:%M:%S.%f')";
            default -> "CAST(" + c + " AS VARCHAR)";
        };
    }

    /** A row's cursor and key as one text, the form the lookback window is compared in. */
    private static String windowEntry(SourceColumn cursor, List<SourceColumn> key) {
        return "list_value(" + cursorText(cursor) + key.stream().map(k -> ", CAST(" + Sql.ident(k.name()) + " AS VARCHAR)")
                .collect(Collectors.joining()) + ")";
    }

    /**
     * Without lookback: the cursor and key of the last row read (the read was ordered by them, in
     * the source's own collation). Unchanged when nothing was read.
     */
    static String afterLastRow(Staging staging, String stage, SourceColumn cursor, List<SourceColumn> key, CursorState saved) throws SQLException {
        String c = Sql.ident(cursor.name());
        String keys = key.stream().map(k -> ", CAST(" + Sql.ident(k.name()) + " AS VARCHAR)").collect(Collectors.joining());
        String sql = "SELECT " + cursorText(cursor) + keys + " FROM " + stage + " WHERE " + c + " IS NOT NULL ORDER BY rowid DESC LIMIT 1";
        try (Statement statement = staging.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            if (!rs.next()) {
                return saved == null ? null : saved.toJson();
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < key.size(); i++) {
                values.add(rs.getString(i + 2));
            }
            return new CursorState(rs.getString(1), values).toJson();
        }
    }

    /**
     * Removes the re-read rows that the saved lookback window lists with the same cursor value: they
     * were loaded before and have not changed. Returns how many were removed.
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
     * With lookback: the highest cursor read or the saved one, whichever is later, and the window of
     * rows loaded inside the lookback behind it (the saved window's still inside, plus this run's).
     */
    static String afterLookback(Staging staging, String stage, SourceColumn cursor, List<SourceColumn> key, CursorState saved,
                                Incremental incremental) throws SQLException {
        String c = Sql.ident(cursor.name());
        String max;
        try (Statement statement = staging.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + cursorText(cursor) + " FROM " + stage + " WHERE " + c + " IS NOT NULL ORDER BY " + c + " DESC LIMIT 1")) {
            max = CursorState.max(cursor.kind(), rs.next() ? rs.getString(1) : null, saved == null ? null : saved.cursor());
        }
        if (max == null) {
            return null;
        }
        String from = CursorState.minus(cursor.kind(), max, incremental);
        List<List<String>> window = new ArrayList<>();
        if (saved != null && saved.window() != null) {
            for (List<String> entry : saved.window()) {
                if (compare(cursor.kind(), entry.get(0), from) >= 0) {
                    window.add(entry);
                }
            }
        }
        try (Statement statement = staging.connection().createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + windowEntry(cursor, key) + " FROM " + stage + " WHERE " + c + " >= "
                     + CursorState.duckdbLiteral(cursor.kind(), from) + " ORDER BY rowid LIMIT " + (CursorState.MAX_WINDOW + 1))) {
            while (rs.next()) {
                List<String> entry = new ArrayList<>();
                for (Object value : (Object[]) rs.getArray(1).getArray()) {
                    entry.add(String.valueOf(value));
                }
                window.add(entry);
            }
        }
        return new CursorState(max, null, window.size() > CursorState.MAX_WINDOW ? null : window).toJson();
    }

    private static int compare(ValueKind kind, String a, String b) {
        return a.equals(b) ? 0 : CursorState.max(kind, a, b).equals(a) ? 1 : -1;
    }
}
