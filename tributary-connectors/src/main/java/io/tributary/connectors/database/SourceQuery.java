package io.tributary.connectors.database;

import io.tributary.jdbc.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The SELECT sent to the source for one unit: its columns (some wrapped so their values travel
 * exactly), and for an incremental read the filter past the saved cursor and the order by cursor and
 * key. Every name is quoted with the source's {@link Dialect}; a custom query is wrapped as a derived
 * table, so the same filter applies to it.
 */
final class SourceQuery {
    private SourceQuery() {}

    /** {@code FROM ...} for a table or a custom query. */
    static String from(Dialect dialect, SourceTable table, String query) {
        return table != null ? table.quoted(dialect) : "(" + stripSemicolon(query) + ") " + dialect.ident("q");
    }

    /**
     * @param expression how to select each column ({@code array_to_json("tags")}); the result keeps the column's name
     * @param filter     the WHERE condition, or null
     * @param order      the ORDER BY columns, or empty
     */
    static String select(Dialect dialect, String from, List<SourceColumn> columns, Function<SourceColumn, String> expression,
                         String filter, List<String> order) {
        String list = columns.stream().map(c -> {
            String e = expression.apply(c);
            String ident = dialect.ident(c.name());
            return e.equals(ident) ? ident : e + " AS " + ident;
        }).collect(Collectors.joining(", "));
        return "SELECT " + list + " FROM " + from + (filter == null ? "" : " WHERE " + filter)
                + (order.isEmpty() ? "" : " ORDER BY " + order.stream().map(dialect::ident).collect(Collectors.joining(", ")));
    }

    /**
     * Rows past the saved position. Without lookback: {@code cursor > c OR (cursor = c AND key > k)},
     * so rows that share the saved cursor value but come after the saved row (by key) are read and
     * those before are not. With lookback: {@code cursor >= c - lookback}.
     */
    static String filter(Dialect dialect, SourceColumn cursor, List<SourceColumn> key, CursorState saved, Incremental incremental) {
        if (saved.cursor() == null) {
            return null; // no finite cursor read yet: everything again (the window skips what is unchanged)
        }
        String c = dialect.ident(cursor.name());
        if (incremental.hasLookback()) {
            return c + " >= " + CursorState.literal(dialect, cursor.kind(), CursorState.minus(cursor.kind(), saved.cursor(), incremental));
        }
        String value = CursorState.literal(dialect, cursor.kind(), saved.cursor());
        if (saved.key() == null || saved.key().size() != key.size() || key.isEmpty()) {
            return c + " > " + value;
        }
        return c + " > " + value + " OR (" + c + " = " + value + " AND (" + after(dialect, key, saved.key(), 0) + "))";
    }

    /** {@code k1 > v1 OR (k1 = v1 AND (k2 > v2 ...))}: row-value comparison spelled out, which every database understands. */
    private static String after(Dialect dialect, List<SourceColumn> key, List<String> values, int i) {
        String k = dialect.ident(key.get(i).name());
        String v = key.get(i).kind().isWholeNumber() ? new java.math.BigInteger(values.get(i)).toString() : dialect.literal(values.get(i));
        if (i == key.size() - 1) {
            return k + " > " + v;
        }
        return k + " > " + v + " OR (" + k + " = " + v + " AND (" + after(dialect, key, values, i + 1) + "))";
    }

    static List<String> order(SourceColumn cursor, List<SourceColumn> key) {
        List<String> order = new ArrayList<>();
        order.add(cursor.name());
        key.stream().map(SourceColumn::name).filter(n -> !n.equals(cursor.name())).forEach(order::add);
        return order;
    }

    private static String stripSemicolon(String query) {
        String q = query.strip();
        while (q.endsWith(";")) {
            q = q.substring(0, q.length() - 1).strip();
        }
        return q;
    }
}
