package io.tributary.connectors.file;

import io.tributary.sql.JsonSchema;
import io.tributary.sql.Sql;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * SQL that finds the lines of a newline-delimited JSON file holding a value that does not convert to
 * its column's type, and says which value and why, so that {@link JsonLines} rejects just those lines
 * (as the CSV reader does) instead of failing the file.
 *
 * <p>A line is a misfit when {@code read_json} without {@code ignore_errors} would refuse it: some
 * value is present (not JSON null) and does not convert. Why the checks are built this way (DuckDB 2.0):
 * <ul>
 *   <li>{@code read_json(ignore_errors = true)} turns such a value into NULL instead of skipping the
 *       line, and a string where an object was expected into a struct of NULLs
 *       ({@code "customer": "bob"} gives {@code {'id': NULL}}), which no non-null count notices;</li>
 *   <li>{@code TRY_CAST(json AS T[])} and {@code AS STRUCT(...)} are lenient inside: {@code [1, "x"]}
 *       gives {@code [1, NULL]}, {@code "bob"} gives {@code {'id': NULL}};</li>
 *   <li>{@code try(CAST(json AS STRUCT(...)))} is stricter than {@code read_json}: it fails on a missing
 *       key and on an unknown key, both of which {@code read_json} accepts.</li>
 * </ul>
 * So each scalar (and list of scalars) is checked with {@code try(CAST(value AS type))}, whose
 * conversions are {@code read_json}'s ({@code "12"} and {@code 1.5} fit BIGINT, {@code "abc"} does
 * not); an object is checked to be an object or null and its fields one by one; a list of objects
 * element by element. Values are taken out of the line with JSON pointers, which match keys exactly,
 * as {@code read_json} does. VARCHAR and JSON columns take any value and are not checked; integer
 * and DECIMAL values were checked exactly by {@link JsonRewrite} before the file got here.
 */
final class JsonMisfits {
    /** The type of the {@code misfit} column of the odd-lines table: the column at fault and the reason. */
    static final String RESULT_TYPE = "STRUCT(column_name VARCHAR, reason VARCHAR)";
    /** A value longer than this is cut in the reason (the whole line is in the reject's raw text). */
    static final int SHOWN_VALUE = 100;
    /** Where a check's SQL takes the JSON value (replaced as text, never through a format string). */
    private static final String VALUE = "\u0000value\u0000";

    /**
     * One value to check.
     *
     * @param pointer   JSON pointer into the line
     * @param label     the column (or, for an object whose fields are flattened, the prefix) to report
     * @param misfit    SQL that is true when the JSON value {@link #VALUE} does not fit
     * @param expected  what the value should be, for the reason
     */
    private record Check(String pointer, String label, String misfit, String expected) {}

    private final List<Check> checks;

    private JsonMisfits(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    static JsonMisfits of(Connection connection, JsonSchema schema, boolean flatten) throws SQLException {
        List<Check> checks = new ArrayList<>();
        for (JsonSchema.Node node : schema.objects(flatten)) {
            checks.add(new Check(node.pointer(), node.label(), "json_type(" + VALUE + ") NOT IN ('OBJECT', 'NULL')",
                    flatten ? "a JSON object (its fields load into the columns " + node.label() + JsonSchema.SEPARATOR + "…)"
                            : "a JSON object"));
        }
        for (JsonSchema.Leaf leaf : schema.leaves(flatten)) {
            String misfit = misfit(connection, leaf.type(), 0);
            if (misfit != null) {
                checks.add(new Check(leaf.pointer(), leaf.label(), misfit, article(leaf.type())));
            }
        }
        return new JsonMisfits(checks);
    }

    boolean isEmpty() {
        return checks.isEmpty();
    }

    /** The values to check, as one {@code json_extract} so that a line is parsed once. */
    String values(String line) {
        return "json_extract(" + line + ", [" + checks.stream().map(c -> Sql.literal(c.pointer)).collect(Collectors.joining(", ")) + "])";
    }

    /** True when any value in {@code values} (the list {@link #values} gives) does not fit. */
    String condition(String values) {
        return "(" + IntStream.range(0, checks.size())
                .mapToObj(i -> "coalesce(" + checks.get(i).misfit.replace(VALUE, values + "[" + (i + 1) + "]") + ", false)")
                .collect(Collectors.joining(" OR ")) + ")";
    }

    /** The first misfit of {@code line} as a {@link #RESULT_TYPE}: meant for the few misfit lines only. */
    String result(String line) {
        StringBuilder sql = new StringBuilder("coalesce(");
        for (Check check : checks) {
            String value = "json_extract(" + line + ", " + Sql.literal(check.pointer) + ")";
            String shown = "CASE WHEN length(" + value + ") > " + SHOWN_VALUE + " THEN left(" + value + ", " + SHOWN_VALUE + ") || '…' ELSE "
                    + value + " END";
            sql.append("CASE WHEN coalesce(").append(check.misfit.replace(VALUE, value)).append(", false) THEN {'column_name': ")
                    .append(Sql.literal(check.label)).append(", 'reason': 'value ' || ").append(shown).append(" || ")
                    .append(Sql.literal(" in column " + check.label + " is not " + check.expected)).append("} END, ");
        }
        // Not reached when the checks agree with the condition; a reason all the same.
        return sql.append("{'column_name': CAST(NULL AS VARCHAR), 'reason': 'a value does not fit its column''s type'})").toString();
    }

    /**
     * SQL true when the JSON value {@link #VALUE} is present and does not convert to {@code type}, or
     * null when every value converts (text).
     */
    private static String misfit(Connection connection, String type, int depth) throws SQLException {
        String upper = type.toUpperCase(Locale.ROOT);
        if (upper.equals("VARCHAR") || upper.equals("JSON")) {
            return null;
        }
        JsonTarget.Kind kind = JsonTarget.scalar(type).kind();
        if (kind == JsonTarget.Kind.INTEGER || kind == JsonTarget.Kind.DECIMAL) {
            // JsonRewrite checked these exactly, and wrote the numbers bound for a DECIMAL as text, which a JSON cast would not take.
            return null;
        }
        if (!upper.contains("STRUCT(") && !upper.contains("MAP(") && !upper.contains("UNION(")) {
            // Scalars and lists of scalars: a strict cast, caught by try(), fails as read_json would.
            return "(json_type(" + VALUE + ") <> 'NULL' AND try(CAST(" + VALUE + " AS " + type + ")) IS NULL)";
        }
        if (upper.startsWith("STRUCT(") && upper.endsWith(")")) {
            StringBuilder sql = new StringBuilder("(json_type(" + VALUE + ") NOT IN ('OBJECT', 'NULL')");
            for (JsonSchema.Field field : JsonSchema.field(connection, "element", type).children()) {
                String inner = misfit(connection, field.sqlType(), depth);
                if (inner != null) {
                    String value = "json_extract(" + VALUE + ", " + Sql.literal(JsonSchema.pointer(field.name())) + ")";
                    sql.append(" OR coalesce(").append(inner.replace(VALUE, value)).append(", false)");
                }
            }
            return sql.append(")").toString();
        }
        if (upper.endsWith("[]")) {
            String element = elementType(connection, type);
            String inner = misfit(connection, element, depth + 1);
            String e = "e" + depth;
            return "(json_type(" + VALUE + ") NOT IN ('ARRAY', 'NULL')" + (inner == null ? "" : " OR coalesce(list_bool_or(list_transform("
                    + "json_extract(" + VALUE + ", '$[*]'), lambda " + e + ": coalesce(" + inner.replace(VALUE, e) + ", false))), false)") + ")";
        }
        // Maps and unions: a lenient cast, so only a value that does not convert at all is caught.
        return "(json_type(" + VALUE + ") <> 'NULL' AND TRY_CAST(" + VALUE + " AS " + type + ") IS NULL)";
    }

    private static String elementType(Connection connection, String listType) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("DESCRIBE SELECT unnest(CAST(NULL AS " + listType + "))")) {
            rs.next();
            return rs.getString("column_type");
        }
    }

    static String article(String type) {
        return ("AEIOU".indexOf(Character.toUpperCase(type.charAt(0))) >= 0 ? "an " : "a ") + type;
    }
}
