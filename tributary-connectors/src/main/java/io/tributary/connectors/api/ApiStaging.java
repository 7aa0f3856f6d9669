package io.tributary.connectors.api;

import io.tributary.sql.EngineMessages;
import io.tributary.sql.JsonSchema;
import io.tributary.sql.Columns;
import io.tributary.sql.Sql;
import io.tributary.spi.LoadMode;
import io.tributary.spi.SourceException;
import io.tributary.spi.StagedStream;
import io.tributary.spi.Staging;
import io.tributary.spi.TableRef;
import io.tributary.spi.StreamTarget;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a run's records (one JSON object a line, in a file) into staging tables with DuckDB's
 * {@code read_json}. Nested objects are flattened by the file connector's rule
 * ({@link JsonSchema}: {@code customer.id} → {@code customer__id}); each configured array of
 * objects becomes a child table through {@code unnest}, carrying its parent's id. Declared column
 * types ({@code columns:}, the main table's and each child table's) are applied exactly by
 * {@link StagedColumns}: a record with a value that does not convert, in itself or in one of its
 * child rows, is rejected whole (with its JSON as the API sent it), so that neither it nor its
 * children load; columns that held no value in the run are left out.
 *
 * <p>Types: DuckDB infers them from the first {@value FieldWatch#SAMPLE} records. When the
 * {@link FieldWatch} saw a later record hold a field or kind of value the sample did not (a field
 * first appearing on the last page), or when the typed read fails anyway, every record is sampled
 * instead, so such a field becomes a column (NULL before) instead of being dropped. Sampling
 * everything costs a second pass over the file; the common case reads it once for the main table
 * and once, parsing only the id and the array, per child table. A declared top-level field is read
 * as text (JSON for a JSON column), so that its value is converted from what the API sent, not
 * from DuckDB's guess (a date-time parsed in its own way, say).
 */
final class ApiStaging {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiStaging.class);
    private static final String ITEM = "__tributary_item";
    /** A child row's parent record: its number in the run, from 1, as the main table's {@code rowid + 1}. */
    private static final String RECORD = "__tributary_record";

    /**
     * @param main     the main staging table
     * @param loaded   rows of all tables
     * @param rejected records rejected, with what was wrong in each
     */
    record Result(TableRef main, long loaded, List<StagedColumns.Failure> rejected, List<StagedStream> streams) {}

    private final ApiSpec spec;
    private final LoadMode mode;
    private final List<String> mergeKey;

    ApiStaging(ApiSpec spec, LoadMode mode, List<String> mergeKey) {
        this.spec = spec;
        this.mode = mode;
        this.mergeKey = mergeKey;
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
        Result result = null;
        try {
            if (!lateFields) {
                try {
                    result = build(file, label, staging, FieldWatch.SAMPLE, sampleTypes, created);
                } catch (SQLException sampled) {
                    drop(staging.connection(), created);
                    created.clear();
                }
            }
            if (result == null) {
                result = build(file, label, staging, -1, null, created);
            }
            reject(file, label, result.rejected(), staging);
            return result;
        } catch (SQLException e) {
            throw new SourceException("cannot stage the records read from " + label + ": " + EngineMessages.reason(e), e);
        }
    }

    /**
     * Records each rejected record once: its number in the run, the first column that did not convert
     * and why (and how many more), and the record as the API sent it, read back from the file.
     */
    private static void reject(Path file, String label, List<StagedColumns.Failure> failures, Staging staging) throws SQLException, SourceException {
        if (failures.isEmpty()) {
            return;
        }
        Map<Long, List<StagedColumns.Failure>> byRecord = failures.stream()
                .collect(Collectors.groupingBy(StagedColumns.Failure::record, java.util.TreeMap::new, Collectors.toList()));
        try (java.io.BufferedReader lines = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            long number = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                List<StagedColumns.Failure> found = byRecord.get(++number);
                if (found != null) {
                    StagedColumns.Failure first = found.get(0);
                    String more = found.size() == 1 ? "" : " (and " + (found.size() - 1) + " more value" + (found.size() == 2 ? "" : "s") + " of the record)";
                    staging.rejects().reject(label, number, first.column(), line, "record " + number + " of the run: " + first.reason() + more);
                }
            }
        } catch (java.io.IOException e) {
            throw new SourceException("cannot read back the rejected records of " + label + " from " + file + ": " + e.getMessage(), e);
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
        Map<String, String> columns = Columns.of(connection, "SELECT * FROM " + read + ", columns = " + inferred.columnsParameter() + ")");
        List<ApiSpec.Child> children = spec.children().values().stream().filter(c -> columns.containsKey(c.field())).toList();
        String records = read + ", columns = " + columnsParameter(columns, children) + ")";
        TableRef mainTable = staging.newTable();
        String main = mainTable.quoted();
        created.add(main);
        String relation = children.isEmpty() ? records
                : "(SELECT * EXCLUDE (" + children.stream().map(c -> Sql.ident(c.field())).collect(Collectors.joining(", ")) + ") FROM " + records + ")";
        createFlattened(staging, main, relation, label);
        StagedColumns typing = new StagedColumns(connection);
        List<StagedColumns.Failure> failures = new ArrayList<>(typing.failures(main, spec.columns(), "rowid + 1", ""));
        if (!children.isEmpty() && !columns.containsKey(spec.idField())) {
            throw new SourceException("the records from " + label + " have no '" + spec.idField() + "' field, which the child tables need"
                    + " as their parent key. Set source.id_field to the field identifying a record.");
        }
        // A record read twice in one run (it moved between pages) must give its children once: from its last copy.
        boolean repeated = !children.isEmpty() && mode == LoadMode.MERGE
                && Sql.queryLong(connection, "SELECT count(*) - count(DISTINCT " + Sql.ident(spec.idField()) + ") FROM " + main) > 0;
        Map<ApiSpec.Child, TableRef> childTables = new LinkedHashMap<>();
        for (ApiSpec.Child child : children) {
            String type = columns.get(child.field());
            if (!type.endsWith("[]")) {
                throw new SourceException("'" + child.field() + "' in the records from " + label + " is not a list (its values are " + type
                        + "), so it cannot become the child table " + child.table() + ". Remove it from source.children.");
            }
            TableRef childTable = staging.newTable();
            String table = childTable.quoted();
            created.add(table);
            createChild(staging, table, child, read, columns, label);
            failures.addAll(typing.failures(table, child.columns(), RECORD, child.table() + "."));
            childTables.put(child, childTable);
        }
        failures.sort(Comparator.comparingLong(StagedColumns.Failure::record));
        try (Statement statement = connection.createStatement()) {
            List<Long> bad = failures.stream().map(StagedColumns.Failure::record).distinct().toList();
            for (int from = 0; from < bad.size(); from += 1000) {
                String some = bad.subList(from, Math.min(bad.size(), from + 1000)).stream().map(String::valueOf).collect(Collectors.joining(", "));
                statement.execute("DELETE FROM " + main + " WHERE rowid + 1 IN (" + some + ")");
                for (TableRef table : childTables.values()) {
                    statement.execute("DELETE FROM " + table + " WHERE " + RECORD + " IN (" + some + ")");
                }
            }
            for (TableRef table : childTables.values()) {
                if (repeated) {
                    statement.execute("DELETE FROM " + table + " WHERE " + RECORD + " NOT IN (SELECT max(rowid) + 1 FROM " + main
                            + " GROUP BY " + Sql.ident(spec.idField()) + ")");
                }
                statement.execute("ALTER TABLE " + table + " DROP COLUMN " + RECORD);
            }
        }
        Set<String> keys = new HashSet<>(mergeKey);
        keys.add(spec.idField());
        typing.apply(main, spec.columns(), keys);
        long loaded = Sql.count(connection, main);
        List<StagedStream> streams = new ArrayList<>();
        for (Map.Entry<ApiSpec.Child, TableRef> entry : childTables.entrySet()) {
            ApiSpec.Child child = entry.getKey();
            typing.apply(entry.getValue().quoted(), child.columns(), Set.of(child.parentKey()));
            long rows = Sql.count(connection, entry.getValue().quoted());
            loaded += rows;
            streams.add(new StagedStream(entry.getValue(), new StreamTarget(child.table(), List.of(child.parentKey()), true, List.of(spec.idField())), rows));
        }
        return new Result(mainTable, loaded, failures, streams);
    }

    /**
     * The {@code columns} parameter of the main table's read: the inferred types, but a declared
     * top-level field as text (or JSON), so it is converted from the value the API sent.
     */
    private String columnsParameter(Map<String, String> inferred, List<ApiSpec.Child> children) {
        Map<String, String> types = new LinkedHashMap<>(inferred);
        for (Map.Entry<String, ColumnType> declared : spec.columns().entrySet()) {
            String field = declared.getKey();
            boolean child = children.stream().anyMatch(c -> c.field().equals(field));
            if (types.containsKey(field) && !child && !declared.getValue().sameAs(types.get(field))) {
                types.put(field, declared.getValue().sql().equals("JSON") ? "JSON" : "VARCHAR");
            }
        }
        return types.entrySet().stream().map(t -> Sql.literal(t.getKey()) + ": " + Sql.literal(t.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
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
     * One row per element of every parent's array, the parent's id first and its record number
     * ({@value #RECORD}) last. The file is read again for just the id and the array, which DuckDB
     * parses much faster than whole records.
     */
    private void createChild(Staging staging, String table, ApiSpec.Child child, String read, Map<String, String> columns, String label)
            throws SQLException {
        String id = Sql.ident(spec.idField());
        String field = Sql.ident(child.field());
        String parents = "(SELECT * FROM " + read + ", columns = {" + Sql.literal(spec.idField()) + ": " + Sql.literal(columns.get(spec.idField()))
                + ", " + Sql.literal(child.field()) + ": " + Sql.literal(columns.get(child.field())) + "}) WITH ORDINALITY AS r(" + id + ", "
                + field + ", " + RECORD + "))";
        String elements = "(SELECT " + id + " AS " + Sql.ident(child.parentKey()) + ", unnest(" + field + ") AS " + ITEM + ", " + RECORD
                + " FROM " + parents + ")";
        String type = columns.get(child.field());
        boolean objects = type.startsWith("STRUCT(") && type.endsWith(")[]");
        String relation = objects
                ? "(SELECT " + Sql.ident(child.parentKey()) + ", unnest(" + ITEM + "), " + RECORD + " FROM " + elements + ")"
                : "(SELECT " + Sql.ident(child.parentKey()) + ", " + ITEM + " AS " + Sql.ident("value") + ", " + RECORD + " FROM " + elements + ")";
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
