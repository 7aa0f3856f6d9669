package io.tributary.engine;

import java.util.List;
import java.util.stream.Collectors;

/** Quoting for DuckDB SQL text. Everything from a config file or a source goes through here. */
public final class Sql {
    private Sql() {}

    /** A quoted identifier: {@code "Sales ""Total"""}. */
    public static String ident(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A string literal: {@code 'it''s'}. */
    public static String literal(String text) {
        return text == null ? "NULL" : "'" + text.replace("'", "''") + "'";
    }

    public static String idents(List<String> names) {
        return names.stream().map(Sql::ident).collect(Collectors.joining(", "));
    }

    public static String literals(List<String> values) {
        return values.stream().map(Sql::literal).collect(Collectors.joining(", "));
    }
}
