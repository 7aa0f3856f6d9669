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
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a run's records (one JSON object a line, in a temporary file) into staging tables with
 * DuckDB's {@code read_json}. Nested objects are flattened by the file connector's rule
 * ({@link JsonSchema}: {@code customer.id} → {@code customer__id}); each configured array of
 * objects becomes a child table through {@code unnest}, carrying its parent's id.
 *
 * <p>Types: DuckDB infers them from the first {@value FieldWatch#SAMPLE} records. When the
 * {@link FieldWatch} saw a later record hold a field or kind of value the sample did not (a field
 * first appearing on the last page), or when the typed read fails anyway, every record is sampled
 * instead, so such a field becomes a column (NULL before) instead of being dropped. Sampling
 * everything costs a second pass over the file; the common case reads it once for the main table
 * and once, parsing only the id and the array, per child table.
 */
final class ApiStaging {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiStaging.class);
    private static final String ITEM = "__tributary_item";
    private static final String ORDINAL = "__tributary_ordinal";

    /** @param main the main staging table; {@code loaded} counts rows of all tables */
    record Result(String main, long loaded, List<StagedStream> streams) {}

    private final ApiSpec spec;
    private final LoadMode mode;

    ApiStaging(ApiSpec spec, LoadMode mode) {
        this.spec = spec;
        this.mode = mode;
    }

    /** {@code read_json} over a file of records, one a line; without the closing parenthesis, for more parameters. */
    static String reader(Path file) {
        return "read_json(" + Sql.literal(file.toString()) + ", format = 'newline_delimited', records = 'true'";
    }

    /**
     * @param sampleTypes the types of the file's first {@value FieldWatch#SAMPLE} records, inferred
     *                    while fetching ({@link EarlySample}); null to infer them here
     */
    Result stage(Path file, String label, Staging staging, boolean lateFields, JsonSchema sampleTypes) throws SourceException {
        List<String> created = new ArrayList<>();
        try {
            if (!lateFields) {
                try {
                    return build(file, label, staging, FieldWatch.SAMPLE, sampleTypes, created);
                } catch (SQLException sampled) {
                    drop(staging.connection(), created);
                    created.clear();
                }
            }
            return build(file, label, staging, -1, null, created);
        } catch (SQLException e) {
            throw new SourceException("cannot stage the records read from " + label + ": " + EngineMessages.reason(e), e);
        }
    }

    private Result build(Path file, String label, Staging staging, int sample, JsonSchema sampled, List<String> created)
            throws SQLException, SourceException {
        Connection connection = staging.connection();
        String read = reader(file);
        JsonSchema inferred = sampled;
        if (inferred == null) {
            long started = System.nanoTime();
            inferred = JsonSchema.describe(connection, read + ", sample_size = " + sample + ")");
            LOG.debug("types inferred from {} records in {} ms", sample < 0 ? "all" : sample, (System.nanoTime() - started) / 1_000_000);
        }
        String records = read + ", columns = " + inferred.columnsParameter() + ")";
        Map<String, String> columns = Columns.of(connection, "SELECT * FROM " + records);
        List<ApiSpec.Child> children = spec.children().values().stream().filter(c -> columns.containsKey(c.field())).toList();
        String main = staging.newTable();
        created.add(main);
        String relation = children.isEmpty() ? records
                : "(SELECT * EXCLUDE (" + children.stream().map(c -> Sql.ident(c.field())).collect(Collectors.joining(", ")) + ") FROM " + records + ")";
        createFlattened(staging, main, relation, label);
        long loaded = Sql.count(connection, main);
        if (children.isEmpty()) {
            return new Result(main, loaded, List.of());
        }
        if (!columns.containsKey(spec.idField())) {
            throw new SourceException("the records from " + label + " have no '" + spec.idField() + "' field, which the child tables need"
                    + " as their parent key. Set source.id_field to the field identifying a record.");
        }
        // A record read twice in one run (it moved between pages) must give its children once: from its last copy.
        boolean repeated = mode == LoadMode.MERGE
                && Sql.queryLong(connection, "SELECT count(*) - count(DISTINCT " + Sql.ident(spec.idField()) + ") FROM " + main) > 0;
        List<StagedStream> streams = new ArrayList<>();
        for (ApiSpec.Child child : children) {
            String type = columns.get(child.field());
            if (!type.endsWith("[]")) {
                throw new SourceException("'" + child.field() + "' in the records from " + label + " is not a list (its values are " + type
                        + "), so it cannot become the child table " + child.table() + ". Remove it from source.children.");
            }
            String table = staging.newTable();
            created.add(table);
            createChild(staging, table, child, read, columns, repeated, label);
            long rows = Sql.count(connection, table);
            loaded += rows;
            streams.add(new StagedStream(table, new StreamTarget(child.table(), List.of(child.parentKey()), true, List.of(spec.idField())), rows));
        }
        return new Result(main, loaded, streams);
    }

    private void createFlattened(Staging staging, String table, String relation, String label) throws SQLException {
        long started = System.nanoTime();
        JsonSchema schema = JsonSchema.describe(staging.connection(), relation);
        long described = System.nanoTime();
        String select = schema.outputs(spec.flatten()).stream()
                .map(o -> o.expression() + " AS " + Sql.ident(o.name()))
                .collect(Collectors.joining(", "));
        staging.execute("CREATE TABLE " + table + " AS SELECT " + select + " FROM " + relation, label);
        LOG.debug("{}: described in {} ms, created in {} ms", table, (described - started) / 1_000_000, (System.nanoTime() - described) / 1_000_000);
    }

    /**
     * One row per element of the parent's array, the parent's id first. The file is read again for
     * just the id and the array, which DuckDB parses much faster than whole records.
     */
    private void createChild(Staging staging, String table, ApiSpec.Child child, String read, Map<String, String> columns, boolean repeated,
                             String label) throws SQLException {
        String id = Sql.ident(spec.idField());
        String field = Sql.ident(child.field());
        String narrow = read + ", columns = {" + Sql.literal(spec.idField()) + ": " + Sql.literal(columns.get(spec.idField())) + ", "
                + Sql.literal(child.field()) + ": " + Sql.literal(columns.get(child.field())) + "})";
        String parents = repeated
                ? "(SELECT * FROM " + narrow + " WITH ORDINALITY AS r(" + id + ", " + field + ", " + ORDINAL + ")"
                        + " QUALIFY row_number() OVER (PARTITION BY " + id + " ORDER BY " + ORDINAL + " DESC) = 1)"
                : narrow;
        String elements = "(SELECT " + id + " AS " + Sql.ident(child.parentKey()) + ", unnest(" + field + ") AS " + ITEM + " FROM " + parents + ")";
        String type = columns.get(child.field());
        boolean objects = type.startsWith("STRUCT(") && type.endsWith(")[]");
        String relation = objects
                ? "(SELECT " + Sql.ident(child.parentKey()) + ", unnest(" + ITEM + ") FROM " + elements + ")"
                : "(SELECT " + Sql.ident(child.parentKey()) + ", " + ITEM + " AS " + Sql.ident("value") + " FROM " + elements + ")";
        createFlattened(staging, table, relation, label);
    }

    private static void drop(Connection connection, List<String> tables) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : tables) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }
}
