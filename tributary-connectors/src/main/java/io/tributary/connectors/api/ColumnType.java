package io.tributary.connectors.api;

import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigNode.MapNode;
import io.tributary.config.ConfigNode.ScalarNode;
import io.tributary.config.ConfigReader;
import io.tributary.config.DidYouMean;
import io.tributary.sql.Sql;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A type declared for a column of an API table ({@code columns: {total_price: "DECIMAL(18,2)"}}), and
 * how a value's text becomes it: exactly, or not at all. DuckDB's casts round ({@code '5.5'} becomes the
 * INTEGER 6, {@code '1.235'} the DECIMAL(18,2) 1.24) and read a time without an offset in the session's
 * time zone; here a number that does not fit without rounding does not convert, and a time without an
 * offset is UTC. A value that does not convert rejects its record.
 *
 * @param type   the DuckDB type, normalised ({@code DECIMAL(18,2)}, {@code TIMESTAMP WITH TIME ZONE})
 * @param format how a number is read as a time: {@code unix} (seconds since 1970) or {@code unix_ms}; null for a value's text as it is
 */
record ColumnType(String type, String format) {
    static final List<String> TYPES = List.of("VARCHAR", "BOOLEAN", "SMALLINT", "INTEGER", "BIGINT", "DOUBLE", "FLOAT",
            "DECIMAL(p,s)", "DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ", "JSON", "UUID");
    static final List<String> FORMATS = List.of("unix", "unix_ms");
    private static final Map<String, String> ALIASES = Map.ofEntries(Map.entry("TEXT", "VARCHAR"), Map.entry("STRING", "VARCHAR"),
            Map.entry("BOOL", "BOOLEAN"), Map.entry("INT", "INTEGER"), Map.entry("INT4", "INTEGER"), Map.entry("INT8", "BIGINT"),
            Map.entry("FLOAT8", "DOUBLE"), Map.entry("REAL", "FLOAT"), Map.entry("FLOAT4", "FLOAT"),
            Map.entry("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"), Map.entry("DECIMAL", "DECIMAL(18,3)"), Map.entry("NUMERIC", "DECIMAL(18,3)"));
    private static final Pattern NORMAL_DECIMAL = Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)");
    private static final Pattern DECIMAL = Pattern.compile("(?:DECIMAL|NUMERIC)\\s*\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");
    /** A time of day followed by an offset: {@code 10:00:00Z}, {@code 10:00:00.5+02:00}, {@code 10:00-0500}. */
    private static final String OFFSET = "'\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?\\s*([zZ]|[+-]\\d\\d(:?\\d\\d)?)$'";
    private static final String TIMESTAMPTZ = "TIMESTAMP WITH TIME ZONE";

    /**
     * Reads {@code key} (a mapping of column names to a type, or to {@code {type, format}}) of {@code config};
     * every problem is reported where it stands.
     */
    static Map<String, ColumnType> readAll(ConfigReader config, String key) {
        Map<String, ColumnType> columns = new LinkedHashMap<>();
        ConfigReader block = config.map(key);
        if (block == null) {
            return columns;
        }
        for (String column : block.keys()) {
            ColumnType type = block.node(column) instanceof MapNode ? readMap(block.map(column)) : readText(block, column);
            if (type != null) {
                columns.put(column, type);
            }
        }
        return columns;
    }

    private static ColumnType readMap(ConfigReader declaration) {
        ColumnType type = readText(declaration, "type");
        if (!declaration.has("type")) {
            declaration.problem("type", "the key 'type' is required", "e.g. {type: TIMESTAMPTZ, format: unix}");
        }
        String format = declaration.oneOf("format", null, FORMATS);
        declaration.finish();
        if (type == null) {
            return null;
        }
        if (format != null && !type.isTime()) {
            declaration.problem("format", "format: " + format + " reads a number as a time, but the type is " + type.type(),
                    "use type: TIMESTAMPTZ (or TIMESTAMP), or leave out format");
            return null;
        }
        return new ColumnType(type.type(), format);
    }

    private static ColumnType readText(ConfigReader config, String key) {
        ConfigNode node = config.node(key);
        if (node == null) {
            return null;
        }
        String text = node instanceof ScalarNode scalar ? scalar.text() : null;
        if (text == null) {
            config.problem(key, "expected a type such as VARCHAR or \"DECIMAL(18,2)\" but found " + node.kindName(), "one of " + String.join(", ", TYPES));
            return null;
        }
        String upper = text.strip().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        Matcher decimal = DECIMAL.matcher(upper);
        if (decimal.matches()) {
            int precision = Integer.parseInt(decimal.group(1));
            int scale = decimal.group(2) == null ? 0 : Integer.parseInt(decimal.group(2));
            if (precision < 1 || precision > 38 || scale > precision) {
                config.problem(key, "'" + text + "' is not a DECIMAL DuckDB can hold: 1 to 38 digits, of which at most all after the point",
                        "e.g. \"DECIMAL(18,2)\"");
                return null;
            }
            return new ColumnType("DECIMAL(" + precision + "," + scale + ")", null);
        }
        String type = ALIASES.getOrDefault(upper, upper);
        if (!TYPES.contains(type) && !type.equals(TIMESTAMPTZ) && !type.startsWith("DECIMAL(")) {
            String closest = DidYouMean.closest(upper, TYPES.stream().map(t -> t.replace("(p,s)", "")).toList());
            config.problem(key, "'" + text + "' is not a type this source converts values to",
                    (closest != null ? "did you mean '" + closest + "'? " : "") + "one of " + String.join(", ", TYPES));
            return null;
        }
        return new ColumnType(type, null);
    }

    boolean isTime() {
        return type.equals("TIMESTAMP") || type.equals(TIMESTAMPTZ);
    }

    /** True when a column that DuckDB typed {@code inferred} already holds this type's values as they should be. */
    boolean sameAs(String inferred) {
        return format == null && inferred.equalsIgnoreCase(type);
    }

    /**
     * The text of a value of a staged column ({@code column}, DuckDB type {@code inferred}) as the API
     * sent it: a JSON value's string content or literal, a nested value as JSON.
     */
    static String text(String column, String inferred) {
        String upper = inferred.toUpperCase(Locale.ROOT);
        if (upper.equals("VARCHAR")) {
            return column;
        }
        if (upper.equals("JSON")) {
            return "json_extract_string(" + column + ", '$')";
        }
        if (upper.startsWith("STRUCT") || upper.startsWith("MAP") || upper.endsWith("]")) {
            return "CAST(to_json(" + column + ") AS VARCHAR)";
        }
        return "CAST(" + column + " AS VARCHAR)";
    }

    /** The value of {@code text} in this type, or NULL when it does not convert (rounded values are checked by {@link #exact}). */
    String converted(String text) {
        if (format != null) {
            String micros = "CAST(TRY_CAST(" + text + " AS DECIMAL(38," + timeScale() + ")) * " + (format.equals("unix") ? "1000000" : "1000")
                    + " AS BIGINT)";
            String utc = "make_timestamp(" + micros + ")";
            return type.equals(TIMESTAMPTZ) ? "timezone('UTC', " + utc + ")" : utc;
        }
        return switch (type) {
            case TIMESTAMPTZ -> "CASE WHEN regexp_matches(" + text + ", " + OFFSET + ") THEN TRY_CAST(" + text + " AS TIMESTAMPTZ)"
                    + " ELSE timezone('UTC', TRY_CAST(" + text + " AS TIMESTAMP)) END";
            case "TIMESTAMP" -> "CASE WHEN regexp_matches(" + text + ", " + OFFSET + ") THEN timezone('UTC', TRY_CAST(" + text + " AS TIMESTAMPTZ))"
                    + " ELSE TRY_CAST(" + text + " AS TIMESTAMP) END";
            case "JSON" -> "TRY_CAST(" + text + " AS JSON)";
            default -> "TRY_CAST(" + text + " AS " + type + ")";
        };
    }

    /**
     * True when {@code converted} holds {@code text}'s value without rounding: a number compared with
     * the same text read with every digit the type's integer part leaves (a DECIMAL(18,2) with 22 after the point).
     */
    String exact(String text, String converted) {
        int integerDigits = switch (type) {
            case "SMALLINT" -> 5;
            case "INTEGER" -> 10;
            case "BIGINT" -> 19;
            default -> -1;
        };
        Matcher decimal = NORMAL_DECIMAL.matcher(type);
        if (decimal.matches()) {
            integerDigits = Integer.parseInt(decimal.group(1)) - Integer.parseInt(decimal.group(2));
        }
        if (format != null) {
            return "TRY_CAST(" + text + " AS DECIMAL(38," + timeScale() + ")) = TRY_CAST(" + text + " AS DECIMAL(38,12))";
        }
        if (integerDigits < 0) {
            return "true";
        }
        return converted + " = TRY_CAST(" + text + " AS DECIMAL(38," + (38 - Math.max(integerDigits, 1)) + "))";
    }

    /** Decimals a unix time may have: a time holds microseconds, so 6 for seconds and 3 for milliseconds. */
    private int timeScale() {
        return format.equals("unix") ? 6 : 3;
    }

    /** The problem with a value that did not convert, for its rejected record. */
    String reason(String column, String value, boolean rounded) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        String wanted = format == null ? type : type + " (" + format + (format.equals("unix") ? " seconds" : " milliseconds") + ")";
        return rounded
                ? "value '" + shown + "' in column " + column + " does not fit " + wanted + " without rounding; declare a wider type in columns"
                : "value '" + shown + "' in column " + column + " is not a " + wanted;
    }

    /** For SQL text: the type as DuckDB writes it. */
    String sql() {
        return type;
    }

    @Override
    public String toString() {
        return Sql.literal(type) + (format == null ? "" : " (" + format + ")");
    }
}
