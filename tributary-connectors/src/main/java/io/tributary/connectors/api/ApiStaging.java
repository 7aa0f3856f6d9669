package io.tributary.connectors.api;

import io.tributary.connectors.file.EngineMessages;
import io.tributary.connectors.file.JsonSchema;
import io.tributary.engine.Columns;
import io.tributary.engine.Sql;
import io.tributary.spec.LoadMode;
import io.tributary.spi.SourceException;
import io.tributary.spi.StagedStream;
import io.tributary.spi.Staging;
import io.tributary.spi.StreamTarget;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a run's records (one JSON object a line, in a temporary file) into staging tables with
 * DuckDB's {@code read_json}. Types are inferred over all records, not a sample, so a field first
 * seen on the last page still becomes a column (NULL before). Nested objects are flattened by the
 * file connector's rule ({@link JsonSchema}: {@code customer.id} → {@code customer__id}); each
 * configured array of objects becomes a child table through {@code unnest}, carrying its parent's id.
 */
final class ApiStaging {
    private static final String ITEM = "__tributary_item";

    /** @param main the main staging table (null when nothing was read); {@code loaded} counts rows of all tables */
    record Result(String main, long loaded, List<StagedStream> streams) {}

    private final ApiSpec spec;
    private final LoadMode mode;

    ApiStaging(ApiSpec spec, LoadMode mode) {
        this.spec = spec;
        this.mode = mode;
    }

    Result stage(Path file, String label, Staging staging) throws SourceException {
        try {
            return build(file, label, staging);
        } catch (SQLException e) {
            throw new SourceException("cannot stage the records read from " + label + ": " + EngineMessages.reason(e), e);
        }
    }

    private Result build(Path file, String label, Staging staging) throws SQLException, SourceException {
        var connection = staging.connection();
        String read = "read_json(" + Sql.literal(file.toString()) + ", format = 'newline_delimited', records = 'true'";
        // Every record is sampled: a field that first appears late in the run must not be dropped.
        JsonSchema inferred = JsonSchema.describe(connection, read + ", sample_size = -1)");
        String records = read + ", columns = " + inferred.columnsParameter() + ")";
        Map<String, String> columns = Columns.of(connection, "SELECT * FROM " + records);
        List<ApiSpec.Child> children = spec.children().values().stream().filter(c -> columns.containsKey(c.field())).toList();
        String raw = null;
        if (!children.isEmpty()) {
            raw = staging.newTable();
            staging.execute("CREATE TABLE " + raw + " AS SELECT * FROM " + records, label);
            records = raw;
        }
        String main = staging.newTable();
        String relation = children.isEmpty() ? records
                : "(SELECT * EXCLUDE (" + children.stream().map(c -> Sql.ident(c.field())).collect(Collectors.joining(", ")) + ") FROM " + raw + ")";
        createFlattened(staging, main, relation, label);
        long loaded = Sql.count(connection, main);
        List<StagedStream> streams = new ArrayList<>();
        for (ApiSpec.Child child : children) {
            if (!columns.containsKey(spec.idField())) {
                throw new SourceException("the records from " + label + " have no '" + spec.idField() + "' field, which child table "
                        + child.table() + " needs as its parent key. Set source.id_field to the field identifying a record.");
            }
            String type = columns.get(child.field());
            if (!type.endsWith("[]")) {
                throw new SourceException("'" + child.field() + "' in the records from " + label + " is not a list (its values are " + type
                        + "), so it cannot become the child table " + child.table() + ". Remove it from source.children.");
            }
            String table = staging.newTable();
            createChild(staging, table, child, raw, type, label);
            long rows = Sql.count(connection, table);
            loaded += rows;
            streams.add(new StagedStream(table, new StreamTarget(child.table(), List.of(child.parentKey()), true), rows));
        }
        if (raw != null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE " + raw);
            }
        }
        return new Result(main, loaded, streams);
    }

    private void createFlattened(Staging staging, String table, String relation, String label) throws SQLException {
        JsonSchema schema = JsonSchema.describe(staging.connection(), relation);
        String select = schema.outputs(spec.flatten()).stream()
                .map(o -> o.expression() + " AS " + Sql.ident(o.name()))
                .collect(Collectors.joining(", "));
        staging.execute("CREATE TABLE " + table + " AS SELECT " + select + " FROM " + relation, label);
    }

    /**
     * One row per element of the parent's array, with the parent's id first. In merge mode a parent
     * read twice in one run (it moved between pages) gives its children once, from its last copy,
     * since the engine replaces a parent's children as a whole with whatever is staged for it.
     */
    private void createChild(Staging staging, String table, ApiSpec.Child child, String raw, String type, String label) throws SQLException {
        String parents = mode == LoadMode.MERGE
                ? "(SELECT * FROM " + raw + " QUALIFY row_number() OVER (PARTITION BY " + Sql.ident(spec.idField()) + " ORDER BY rowid DESC) = 1)"
                : raw;
        String parentKey = Sql.ident(spec.idField()) + " AS " + Sql.ident(child.parentKey());
        String elements = "(SELECT " + parentKey + ", unnest(" + Sql.ident(child.field()) + ") AS " + ITEM + " FROM " + parents + ")";
        boolean objects = type.startsWith("STRUCT(") && type.endsWith(")[]");
        String relation = objects
                ? "(SELECT " + Sql.ident(child.parentKey()) + ", unnest(" + ITEM + ") FROM " + elements + ")"
                : "(SELECT " + Sql.ident(child.parentKey()) + ", " + ITEM + " AS " + Sql.ident("value") + " FROM " + elements + ")";
        createFlattened(staging, table, relation, label);
    }
}
