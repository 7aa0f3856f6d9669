package io.tributary.connectors.file;

import io.tributary.sql.JsonSchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A JSON file's columns as DuckDB inferred them from a sample, made exact by the whole file's
 * profile. Kept with the file connector since only it reads a whole file's profile first.
 */
final class JsonRefinement {
    /** The types DuckDB's JSON inference gives numbers: the ones {@link #refined} replaces by exact ones. */
    private static final Set<String> INFERRED_NUMBERS = Set.of("BIGINT", "UBIGINT", "HUGEINT", "DOUBLE");

    private JsonRefinement() {}

    /**
     * The columns of {@code sample} (DuckDB's inference from the sample, the user's types laid over) completed by
     * the whole file's {@code profile}: a numeric column DuckDB inferred gets the exact type for all
     * its values ({@link JsonProfile.Node#numericType}: BIGINT, DECIMAL(p,s), DOUBLE only for
     * exponents or beyond 38 digits), and a key the sample did not hold, at the top or inside an
     * object, becomes a column typed from its values rather than being dropped. Columns whose name
     * is in {@code declared} (lower case, as in {@code json.columns}) keep the user's type.
     */
    static JsonSchema refined(Connection connection, JsonSchema sample, JsonProfile profile, Set<String> declared, boolean flatten)
            throws SQLException {
        return JsonSchema.of(refine(connection, sample.fields(), profile.root(), "", declared, flatten));
    }

    private static List<JsonSchema.Field> refine(Connection connection, List<JsonSchema.Field> fields, JsonProfile.Node object, String prefix, Set<String> declared,
                                      boolean flatten) throws SQLException {
        List<JsonSchema.Field> result = new ArrayList<>();
        for (JsonSchema.Field field : fields) {
            JsonProfile.Node node = object.fields().get(field.name());
            String column = prefix + field.name();
            if (node == null || declared.contains(column.toLowerCase(Locale.ROOT))) {
                result.add(field);
            } else if (!field.children().isEmpty()) {
                result.add(new JsonSchema.Field(field.name(), null, refine(connection, field.children(), node, flatten ? column + JsonSchema.SEPARATOR : column + ".",
                        declared, flatten)));
            } else {
                String type = refinedType(connection, field.type(), node);
                result.add(type.equals(field.type()) ? field : JsonSchema.field(connection, field.name(), JsonTarget.canonical(connection, type)));
            }
        }
        for (Map.Entry<String, JsonProfile.Node> key : object.fields().entrySet()) {
            if (fields.stream().noneMatch(f -> f.name().equals(key.getKey()))) {
                result.add(JsonSchema.field(connection, key.getKey(), JsonTarget.canonical(connection, key.getValue().type())));
            }
        }
        return result;
    }

    /** DuckDB's type for a leaf, with its numbers (also inside lists and lists of objects) typed exactly. */
    private static String refinedType(Connection connection, String type, JsonProfile.Node node) throws SQLException {
        if (type.endsWith("[]")) {
            String inner = type.substring(0, type.length() - 2);
            JsonProfile.Node element = node.elementOrNull();
            if (element == null) {
                return type;
            }
            if (JsonSchema.isStruct(inner)) {
                return new JsonSchema.Field("element", null, refine(connection, JsonSchema.field(connection, "element", inner).children(), element, "", Set.of(), true))
                        .sqlType() + "[]";
            }
            return refinedType(connection, inner, element) + "[]";
        }
        return INFERRED_NUMBERS.contains(type) && (node.present() & JsonProfile.NUMBERS) != 0 ? node.numericType() : type;
    }

}
