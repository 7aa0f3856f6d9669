package io.tributary.connectors.api;

import io.tributary.sql.Columns;
import io.tributary.sql.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The columns of one staging table of an API run, made independent of which records the run happened
 * to see: declared types ({@code columns:}) applied exactly, declared columns present even when no
 * record held them, and columns that held no value at all left out (a key that was null, or an empty
 * object {@code {}}, in every record says nothing about its type; DuckDB would make it text or a
 * {@code MAP(VARCHAR, JSON)}, a column that later runs' real values no longer fit).
 */
final class StagedColumns {
    /** A value of a declared column that does not convert, in the record numbered {@code record} (from 1, over the run). */
    record Failure(long record, String column, String value, String reason) {}

    private final Connection connection;

    StagedColumns(Connection connection) {
        this.connection = connection;
    }

    /**
     * Values in {@code table} that do not convert to their declared type, in record order.
     *
     * @param record SQL giving a row's record number
     * @param prefix put before a column's name in reasons (a child table's name and a dot)
     */
    List<Failure> failures(String table, Map<String, ColumnType> declared, String record, String prefix) throws SQLException {
        Map<String, String> columns = Columns.of(connection, table);
        List<String> checks = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, ColumnType> entry : declared.entrySet()) {
            String name = find(columns, entry.getKey());
            ColumnType type = entry.getValue();
            if (name == null || type.sameAs(columns.get(name))) {
                continue;
            }
            String text = ColumnType.text(Sql.ident(name), columns.get(name));
            String converted = type.converted(text);
            checks.add("SELECT " + record + " AS record, " + names.size() + " AS declared, " + text + " AS value, (" + converted
                    + ") IS NULL AS unconvertible FROM " + table + " WHERE " + text + " IS NOT NULL AND ((" + converted + ") IS NULL OR NOT coalesce("
                    + type.exact(text, converted) + ", false))");
            types.add(type);
            names.add(name);
        }
        List<Failure> failures = new ArrayList<>();
        if (checks.isEmpty()) {
            return failures;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(String.join(" UNION ALL ", checks) + " ORDER BY record, declared")) {
            while (rs.next()) {
                int index = rs.getInt(2);
                String column = prefix + names.get(index);
                failures.add(new Failure(rs.getLong(1), column, rs.getString(3), types.get(index).reason(column, rs.getString(3), !rs.getBoolean(4))));
            }
        }
        return failures;
    }

    /**
     * Converts the declared columns (their values are known to convert), adds the declared columns no
     * record held, and drops the columns that held no value, except those in {@code keep} (the keys:
     * a missing key must fail the run's key check, not vanish).
     */
    void apply(String table, Map<String, ColumnType> declared, Set<String> keep) throws SQLException {
        Map<String, String> columns = Columns.of(connection, table);
        List<String> statements = new ArrayList<>();
        List<String> typed = new ArrayList<>();
        for (Map.Entry<String, ColumnType> entry : declared.entrySet()) {
            String name = find(columns, entry.getKey());
            ColumnType type = entry.getValue();
            if (name == null) {
                statements.add("ALTER TABLE " + table + " ADD COLUMN " + Sql.ident(entry.getKey()) + " " + type.sql());
                continue;
            }
            typed.add(name);
            if (!type.sameAs(columns.get(name))) {
                statements.add("ALTER TABLE " + table + " ALTER COLUMN " + Sql.ident(name) + " SET DATA TYPE " + type.sql() + " USING "
                        + type.converted(ColumnType.text(Sql.ident(name), columns.get(name))));
            }
        }
        List<String> valueless = valueless(table, columns, typed, keep);
        if (valueless.size() < columns.size()) {
            valueless.forEach(name -> statements.add("ALTER TABLE " + table + " DROP COLUMN " + Sql.ident(name)));
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The columns that could hold "no value" in every row: text, JSON and maps (DuckDB's types for nulls and {@code {}}), checked in one scan. */
    private List<String> valueless(String table, Map<String, String> columns, List<String> typed, Set<String> keep) throws SQLException {
        List<String> candidates = columns.entrySet().stream()
                .filter(c -> !typed.contains(c.getKey()) && !keep.contains(c.getKey()))
                .filter(c -> c.getValue().equals("VARCHAR") || c.getValue().equals("JSON") || c.getValue().startsWith("MAP("))
                .map(Map.Entry::getKey).toList();
        List<String> empty = new ArrayList<>();
        if (candidates.isEmpty()) {
            return empty;
        }
        String counts = candidates.stream()
                .map(name -> columns.get(name).startsWith("MAP(") ? "count(CASE WHEN cardinality(" + Sql.ident(name) + ") > 0 THEN 1 END)"
                        : "count(" + Sql.ident(name) + ")")
                .collect(Collectors.joining(", "));
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT " + counts + " FROM " + table)) {
            rs.next();
            for (int i = 0; i < candidates.size(); i++) {
                if (rs.getLong(i + 1) == 0) {
                    empty.add(candidates.get(i));
                }
            }
        }
        return empty;
    }

    /** The staged column a declared name means: the same name, or the same but for case (as SQL compares names). */
    private static String find(Map<String, String> columns, String declared) {
        if (columns.containsKey(declared)) {
            return declared;
        }
        return columns.keySet().stream().filter(c -> c.toLowerCase(Locale.ROOT).equals(declared.toLowerCase(Locale.ROOT))).findFirst().orElse(null);
    }
}
