package io.tributary.sql;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The columns of a JSON file as DuckDB's {@code read_json} types them, and the SQL that turns them
 * into staging columns.
 *
 * <p>STRUCT types are taken apart by DuckDB itself ({@code DESCRIBE SELECT unnest(NULL::type)}), not
 * by parsing type strings here, so field names with spaces, quotes or odd casing survive. Nested
 * objects are flattened by the documented rule: the path joined with {@value #SEPARATOR}
 * ({@code customer.address.city} becomes {@code customer__address__city}). Lists, maps and JSON
 * values stay single columns.
 */
public final class JsonSchema {
    public static final String SEPARATOR = "__";
    /**
     * DuckDB types a key that is null all through the sample as {@code "NULL"}, and then drops every
     * later value of it, even in a strict read. Such keys are read as VARCHAR instead. The pattern
     * matches {@code "NULL"} where a type stands (not a field named NULL, which a type follows).
     */
    private static final Pattern NULL_TYPE = Pattern.compile("(?:^|(?<=[ (]))\"NULL\"(?=$|[,)\\[])");

    /** A column or struct field; {@code children} are a STRUCT's fields, empty for any other type. */
    public record Field(String name, String type, List<Field> children) {
        /** The type to hand back to {@code read_json}, rebuilt from the children when they changed. */
        public String sqlType() {
            if (children.isEmpty()) {
                return type;
            }
            return "STRUCT(" + children.stream().map(c -> Sql.ident(c.name) + " " + c.sqlType()).collect(Collectors.joining(", ")) + ")";
        }
    }

    /**
     * One staging column.
     *
     * @param name       its name in the staging table
     * @param expression how to compute it from a {@code read_json} row
     */
    public record Output(String name, String expression) {}

    /**
     * A value checked after a lenient read: DuckDB turns a value it cannot convert into NULL when
     * {@code ignore_errors} is on, so the non-null count of {@code staged} must equal that of {@code pointer} in the raw lines.
     *
     * @param pointer JSON pointer ({@code /customer/id}) into the raw object
     * @param staged  expression over the staging table
     * @param label   how to name it in messages
     * @param type    its DuckDB type
     * @param path    the keys leading to it from the record
     */
    public record Leaf(String pointer, String staged, String label, String type, List<String> path) {}

    /**
     * A JSON object in the file: a STRUCT column, or (with {@code flatten}) the object whose fields became columns.
     *
     * @param pointer JSON pointer ({@code /customer}) into the raw object
     * @param label   how to name it in messages: its column, or the flattened prefix ({@code customer__address})
     * @param path    the keys leading to it from the record
     */
    public record Node(String pointer, String label, List<String> path) {}

    private final List<Field> fields;

    private JsonSchema(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    /** These fields as a schema (for a refinement made elsewhere, as the file connector's exact number types). */
    public static JsonSchema of(List<Field> fields) {
        return new JsonSchema(fields);
    }

    /** The top-level fields. */
    public List<Field> fields() {
        return fields;
    }

    /** The columns DuckDB infers for {@code relation} (a {@code read_json(...)} call). */
    public static JsonSchema describe(Connection connection, String relation) throws SQLException {
        return new JsonSchema(describeFields(connection, "SELECT * FROM " + relation));
    }

    /** No columns: for rewriting a file before its columns are known. */
    public static JsonSchema none() {
        return new JsonSchema(List.of());
    }

    /** Only the user's columns, for files whose sample cannot be inferred. */
    public static JsonSchema of(Connection connection, Map<String, String> types) throws SQLException {
        List<Field> fields = new ArrayList<>();
        for (Map.Entry<String, String> entry : types.entrySet()) {
            fields.add(field(connection, entry.getKey(), entry.getValue()));
        }
        return new JsonSchema(fields);
    }

    /** The fields of a STRUCT type, for a schema inferred some other way than {@code read_json}. */
    public static JsonSchema ofStruct(Connection connection, String structType) throws SQLException {
        return new JsonSchema(field(connection, "row", structType).children());
    }

    private static List<Field> describeFields(Connection connection, String select) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("DESCRIBE " + select)) {
            while (rs.next()) {
                columns.add(new String[] {rs.getString("column_name"), rs.getString("column_type")});
            }
        }
        List<Field> fields = new ArrayList<>();
        for (String[] column : columns) {
            fields.add(field(connection, column[0], column[1]));
        }
        return fields;
    }

    /** A field of the given type; a STRUCT's fields are described by DuckDB. */
    public static Field field(Connection connection, String name, String inferred) throws SQLException {
        String type = NULL_TYPE.matcher(inferred).replaceAll("VARCHAR");
        if (!isStruct(type)) {
            return new Field(name, type, List.of());
        }
        return new Field(name, type, describeFields(connection, "SELECT unnest(CAST(NULL AS " + type + "))"));
    }

    /** A STRUCT itself; {@code STRUCT(...)[]} is a list and stays a single column. */
    public static boolean isStruct(String type) {
        return type.startsWith("STRUCT(") && type.endsWith(")");
    }

    /**
     * Lays user types over the inferred ones. A key names a column as it appears in the staging
     * table: with {@code flatten} a nested field by its flattened name ({@code customer__id}) or a
     * whole object ({@code customer}); without, a top-level key. A key that matches nothing becomes
     * a new top-level column, since keys first seen after the sample are only read when named.
     */
    public JsonSchema withTypes(Connection connection, Map<String, String> types, boolean flatten) throws SQLException {
        List<Field> result = new ArrayList<>(fields);
        for (Map.Entry<String, String> entry : types.entrySet()) {
            Field found = find(result, "", entry.getKey(), flatten);
            if (found == null) {
                result.add(field(connection, entry.getKey(), entry.getValue()));
            } else {
                replace(result, found, field(connection, found.name, entry.getValue()));
            }
        }
        return new JsonSchema(result);
    }

    private static Field find(List<Field> fields, String prefix, String key, boolean flatten) {
        for (Field field : fields) {
            String path = prefix + field.name;
            if (path.equalsIgnoreCase(key)) {
                return field;
            }
            if (flatten && !field.children.isEmpty()) {
                Field inner = find(field.children, path + SEPARATOR, key, true);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** Replaces {@code old} (found by identity) in the tree; its parents' types are then rebuilt from their children. */
    private static boolean replace(List<Field> fields, Field old, Field replacement) {
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            if (field == old) {
                fields.set(i, replacement);
                return true;
            }
            List<Field> children = new ArrayList<>(field.children);
            if (replace(children, old, replacement)) {
                fields.set(i, new Field(field.name, null, children));
                return true;
            }
        }
        return false;
    }

    /** The type of a whole record, for checking its values one by one ({@link JsonTarget}). */
    public String recordType() {
        return "STRUCT(" + fields.stream().map(f -> Sql.ident(f.name) + " " + f.sqlType()).collect(Collectors.joining(", ")) + ")";
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The {@code columns} parameter of {@code read_json}: every top-level key with its type. */
    public String columnsParameter() {
        return "{" + fields.stream().map(f -> Sql.literal(f.name) + ": " + Sql.literal(f.sqlType())).collect(Collectors.joining(", ")) + "}";
    }

    public List<String> topLevelNames() {
        return fields.stream().map(Field::name).toList();
    }

    /** The staging columns: struct fields flattened (with {@code flatten}), names made unique. */
    public List<Output> outputs(boolean flatten) {
        List<Output> outputs = new ArrayList<>();
        walk(flatten, outputs, new ArrayList<>());
        return outputs;
    }

    /** Every non-struct value, with its JSON pointer and its expression over the staging table. */
    public List<Leaf> leaves(boolean flatten) {
        List<Leaf> leaves = new ArrayList<>();
        walk(flatten, new ArrayList<>(), leaves);
        return leaves;
    }

    /** Every object (STRUCT) in the tree, parents first, for checking that the file holds an object there. */
    public List<Node> objects(boolean flatten) {
        List<Node> nodes = new ArrayList<>();
        for (Field field : fields) {
            objects(field, "/" + pointerEscape(field.name), field.name, flatten ? SEPARATOR : ".", List.of(field.name), nodes);
        }
        return nodes;
    }

    private static void objects(Field field, String pointer, String label, String separator, List<String> path, List<Node> nodes) {
        if (field.children.isEmpty()) {
            return;
        }
        nodes.add(new Node(pointer, label, path));
        for (Field child : field.children) {
            objects(child, pointer + "/" + pointerEscape(child.name), label + separator + child.name, separator, append(path, child.name), nodes);
        }
    }

    private static List<String> append(List<String> path, String key) {
        List<String> longer = new ArrayList<>(path);
        longer.add(key);
        return List.copyOf(longer);
    }

    /** The JSON pointer of a top-level key. */
    public static String pointer(String key) {
        return "/" + pointerEscape(key);
    }

    private void walk(boolean flatten, List<Output> outputs, List<Leaf> leaves) {
        Set<String> taken = new HashSet<>();
        for (Field field : fields) {
            String pointer = "/" + pointerEscape(field.name);
            if (flatten) {
                flatten(field, Sql.ident(field.name), field.name, pointer, List.of(field.name), taken, outputs, leaves);
            } else {
                String name = ColumnNames.unique(field.name, taken);
                outputs.add(new Output(name, Sql.ident(field.name)));
                nested(field, Sql.ident(name), name, pointer, List.of(field.name), leaves);
            }
        }
    }

    private static void flatten(Field field, String expression, String name, String pointer, List<String> path, Set<String> taken,
                                List<Output> outputs, List<Leaf> leaves) {
        if (field.children.isEmpty()) {
            String unique = ColumnNames.unique(name, taken);
            outputs.add(new Output(unique, expression));
            leaves.add(new Leaf(pointer, Sql.ident(unique), unique, field.type, path));
            return;
        }
        for (Field child : field.children) {
            flatten(child, extract(expression, child), name + SEPARATOR + child.name, pointer + "/" + pointerEscape(child.name),
                    append(path, child.name), taken, outputs, leaves);
        }
    }

    private static void nested(Field field, String staged, String label, String pointer, List<String> path, List<Leaf> leaves) {
        if (field.children.isEmpty()) {
            leaves.add(new Leaf(pointer, staged, label, field.type, path));
            return;
        }
        for (Field child : field.children) {
            nested(child, extract(staged, child), label + "." + child.name, pointer + "/" + pointerEscape(child.name), append(path, child.name),
                    leaves);
        }
    }

    /** {@code struct_extract} rather than {@code a.b}, which DuckDB could read as table a, column b. */
    private static String extract(String expression, Field child) {
        return "struct_extract(" + expression + ", " + Sql.literal(child.name) + ")";
    }

    /** RFC 6901: {@code ~} and {@code /} in a key are written {@code ~0} and {@code ~1}. */
    private static String pointerEscape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
