package io.tributary.assess;

import io.tributary.app.ConnectionTester;
import io.tributary.error.TributaryException;
import io.tributary.project.PipelineSpec;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.Source;
import io.tributary.spi.SourceException;
import io.tributary.spi.SourceRegistry;
import io.tributary.jdbc.Dialect;
import io.tributary.spi.TableName;
import io.tributary.sql.EngineMessages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Assesses a source without loading it: the source stages its rows, through its own connector, into
 * a scratch in-memory DuckDB of the assessment's own (never the warehouse: no table is created there
 * and no state advances), and each staged table is profiled, scored and planned.
 */
public final class Assessor {
    /** File names a folder's files are assessed by: the formats the file connector reads. */
    static final java.util.regex.Pattern DATA_FILE = java.util.regex.Pattern.compile(
            "(?i).*\\.(csv|tsv|txt|csv\\.gz|json|ndjson|jsonl|json\\.gz|parquet|xlsx)");
    /** Schemas of the database's own catalog, never a user's table. */
    static final Set<String> SYSTEM_SCHEMAS = Set.of("information_schema", "pg_catalog", "pg_toast", "mysql", "performance_schema", "sys");

    /**
     * @param sample the rows profiled per table at most (null: all)
     * @param key    the column tested for duplicates (null: chosen)
     * @param impact business impact 1–10 (null: the default of the kind of source)
     * @param now    the time ages are measured to
     */
    public record Request(Long sample, String key, Integer impact, Instant now) {
        public Request {
            if (impact != null && (impact < 1 || impact > 10)) {
                throw TributaryException.invalid("--impact " + impact + " is out of range: give 1 (minor) to 10 (critical)");
            }
            if (sample != null && sample < 1) {
                throw TributaryException.invalid("--sample " + sample + " must be at least 1 row");
            }
        }

        Profiler.Options options() {
            return new Profiler.Options(sample, key);
        }
    }

    private final SourceRegistry registry;
    private final Path projectDir;
    private final Map<String, ConnectionSpec> connections;
    private final ConnectionTester.Opener opener;

    /**
     * @param opener opens a connection of the project (the connectors' job; the CLI passes it), to test
     *               it and list its tables
     */
    public Assessor(SourceRegistry registry, Path projectDir, Map<String, ConnectionSpec> connections, ConnectionTester.Opener opener) {
        this.registry = registry;
        this.projectDir = projectDir;
        this.connections = connections;
        this.opener = opener;
    }

    /** A pipeline's source as it is configured (an API resource, a database table, files...). */
    public Assessment pipeline(PipelineSpec pipeline, Request request) {
        return assess("pipeline " + pipeline.name(), pipeline.sourceType(), pipeline.source(), pipeline.load().table().toString(),
                request, Access::ok);
    }

    /** A file, or each data file of a folder (CSV, JSON, Parquet, Excel), read by the file connector as a pipeline would. */
    public Assessment file(Path path, Request request) {
        Path absolute = (path.isAbsolute() ? path : projectDir.resolve(path)).normalize();
        if (!Files.exists(absolute)) {
            throw TributaryException.invalid("--file " + path + ": no such file or folder (looked at " + absolute + ")");
        }
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(absolute)) {
            try (Stream<Path> listing = Files.list(absolute)) {
                listing.filter(Files::isRegularFile).filter(f -> DATA_FILE.matcher(f.getFileName().toString()).matches()).sorted().forEach(files::add);
            } catch (IOException e) {
                throw TributaryException.invalid("--file " + path + ": cannot list the folder: " + e.getMessage());
            }
            if (files.isEmpty()) {
                throw TributaryException.invalid("--file " + path + ": the folder holds no CSV, JSON, Parquet or Excel file");
            }
        } else {
            files.add(absolute);
        }
        List<Assessment> each = new ArrayList<>();
        for (Path file : files) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("type", "file");
            settings.put("path", file.getFileName().toString());
            Source source = AdHocSource.create(registry, settings, file.getParent(), Map.of());
            each.add(assess("file " + path, "file", source, tableName(file), request, Access::ok));
        }
        return merge("file " + path, each);
    }

    /** One table of a connection, or (table null) every table it shows its user. */
    public Assessment connection(String name, String table, Request request) {
        ConnectionSpec spec = new ConnectionTester(connections, opener).select(name).get(0);
        String subject = "connection " + name + (table == null ? "" : " table " + table);
        ConnectionTester.Outcome outcome = new ConnectionTester(connections, opener).test(spec);
        if (!outcome.reached()) {
            return unreachable(subject, "database", spec.describe(), Access.failed(outcome.failure()), request);
        }
        List<String> tables;
        if (table != null) {
            tables = List.of(table);
        } else {
            try {
                tables = tables(spec);
            } catch (SQLException | ConnectionTester.Refused e) {
                return unreachable(subject, "database", spec.describe(), Access.failed("listing its tables failed: " + e.getMessage()), request);
            }
            if (tables.isEmpty()) {
                throw TributaryException.invalid("connection " + name + " shows no tables to its user " + spec.effectiveUser()
                        + ": nothing to assess (check the database: and the user's privileges)");
            }
        }
        List<Assessment> each = new ArrayList<>();
        for (String one : tables) {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("type", "database");
            settings.put("connection", name);
            Long rows = null;
            if (request.sample() != null) {
                // bound the extraction, not only the profiling: a big table is not copied whole to be sampled
                try {
                    rows = count(spec, one);
                } catch (SQLException | ConnectionTester.Refused e) {
                    return unreachable(subject, "database", spec.describe(), Access.failed("counting the rows of " + one + " failed: "
                            + e.getMessage()), request);
                }
            }
            if (rows != null && rows > request.sample()) {
                settings.put("query", "SELECT * FROM " + quoted(spec, one) + " LIMIT " + request.sample());
            } else {
                settings.put("table", one);
            }
            Source source = AdHocSource.create(registry, settings, projectDir, connections);
            // the first read's latency includes connecting, as the test's does
            Assessment assessment = assess(subject, "database", source, one, request, (ms, credentials) -> Access.ok(ms, true));
            each.add(rows == null ? assessment : withRows(assessment, rows));
        }
        return merge(subject, each);
    }

    private long count(ConnectionSpec spec, String table) throws SQLException, ConnectionTester.Refused {
        try (Connection connection = opener.open(spec); java.sql.Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + quoted(spec, table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** {@code schema.table} or {@code table} (the connection's default schema) quoted for its database. */
    private static String quoted(ConnectionSpec spec, String table) {
        Dialect dialect = Dialect.forKind(spec.kind());
        return table.contains(".") ? dialect.table(TableName.parse(table)) : dialect.ident(table);
    }

    /** The table's real row count, when only the first rows were extracted. */
    private static Assessment withRows(Assessment assessment, long rows) {
        List<TableAssessment> tables = assessment.tables().stream().map(t -> {
            TableProfile p = t.profile();
            TableProfile counted = new TableProfile(p.table(), rows, p.profiledRows(), p.rejected(), p.columns(), p.key(), p.duplicateKeys(),
                    p.updateColumn(), p.medianChangeSeconds(), p.changesPerDay());
            return TableAssessment.of(counted, assessment.access(), assessment.impact(), 1);
        }).toList();
        return new Assessment(assessment.subject(), assessment.kind(), assessment.source(), assessment.access(), assessment.impact(), tables,
                assessment.unreachable(), assessment.warnings());
    }

    /** The tables and views of the connection's database, schema.table, the database's own catalogs left out. */
    private List<String> tables(ConnectionSpec spec) throws SQLException, ConnectionTester.Refused {
        List<String> tables = new ArrayList<>();
        try (Connection connection = opener.open(spec)) {
            DatabaseMetaData meta = connection.getMetaData();
            boolean catalogsAreSchemas = meta.getDatabaseProductName().toLowerCase(Locale.ROOT).matches(".*(mysql|mariadb).*");
            try (ResultSet rs = meta.getTables(catalogsAreSchemas ? connection.getCatalog() : null, null, "%", new String[] {"TABLE", "VIEW"})) {
                while (rs.next()) {
                    String schema = catalogsAreSchemas ? rs.getString("TABLE_CAT") : rs.getString("TABLE_SCHEM");
                    if (schema != null && SYSTEM_SCHEMAS.contains(schema.toLowerCase(Locale.ROOT))) {
                        continue;
                    }
                    String t = rs.getString("TABLE_NAME");
                    tables.add(schema == null ? t : schema + "." + t);
                }
            }
        }
        tables.sort(null);
        return tables;
    }

    @FunctionalInterface
    private interface Reached {
        Access access(long millis, boolean credentials);
    }

    private Assessment assess(String subject, String kind, Source source, String mainTable, Request request, Reached reached) {
        Path spill;
        try {
            spill = Files.createTempDirectory("tributary-assess-");
        } catch (IOException e) {
            throw TributaryException.failed(subject + ": cannot create a temporary folder for the scratch engine: " + e.getMessage());
        }
        try {
            return assess(subject, kind, source, mainTable, request, reached, spill);
        } finally {
            deleteTree(spill);
        }
    }

    /** Past its memory, the scratch engine spills to a folder of its own, removed after (DuckDB's default is .tmp in the working folder). */
    private Assessment assess(String subject, String kind, Source source, String mainTable, Request request, Reached reached, Path spill) {
        java.util.Properties settings = new java.util.Properties();
        settings.setProperty("temp_directory", spill.toString());
        try (Connection engine = DriverManager.getConnection("jdbc:duckdb:", settings)) {
            StagedSource staged;
            try {
                staged = StagedSource.stage(source, mainTable, engine);
            } catch (SourceException e) {
                return unreachable(subject, kind, source.describe(), Access.failed(e.getMessage()), request);
            }
            Access access = reached.access(staged.latencyMillis(), !"file".equals(kind));
            int impact = request.impact() != null ? request.impact() : Plan.defaultImpact(kind);
            Profiler profiler = new Profiler(engine, request.now());
            List<TableAssessment> tables = new ArrayList<>();
            for (Map.Entry<String, String> table : staged.tables().entrySet()) {
                TableProfile profile = profiler.profile(table.getValue(), table.getKey(), staged.rejected().getOrDefault(table.getKey(), 0L),
                        request.options());
                tables.add(TableAssessment.of(profile, access, impact, staged.tables().size()));
            }
            if (tables.isEmpty()) {
                throw TributaryException.invalid(subject + ": the source has nothing to read (" + source.describe() + ")");
            }
            return new Assessment(subject, kind, source.describe(), access, impact, tables, null, staged.warnings());
        } catch (SQLException e) {
            throw TributaryException.failed(subject + ": profiling failed: " + EngineMessages.reason(e));
        }
    }

    private static Assessment unreachable(String subject, String kind, String source, Access access, Request request) {
        Score none = new Score(0, "not assessed: the source was not reached");
        Scores scores = new Scores(none, none, none, none, Scores.accessibility(access));
        int impact = request.impact() != null ? request.impact() : Plan.defaultImpact(kind);
        return new Assessment(subject, kind, source, access, impact, List.of(), scores, List.of());
    }

    /** Several units assessed one by one (the files of a folder, the tables of a connection) as one assessment. */
    private static Assessment merge(String subject, List<Assessment> each) {
        if (each.size() == 1) {
            return each.get(0);
        }
        Assessment first = each.get(0);
        List<TableAssessment> tables = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Assessment a : each) {
            for (TableAssessment t : a.tables()) {
                // complexity counts the tables of the whole assessment
                Plan plan = Plan.of(t.profile(), a.impact(), each.size());
                tables.add(new TableAssessment(t.profile(), t.scores(), plan, t.suggestedChecks()));
            }
            warnings.addAll(a.warnings());
        }
        Assessment failed = each.stream().filter(a -> !a.access().reached()).findFirst().orElse(null);
        long latency = each.stream().mapToLong(a -> a.access().latencyMillis()).max().orElse(-1);
        Access access = failed != null ? failed.access() : new Access(true, latency, first.access().auth(), null);
        return new Assessment(subject, first.kind(), String.join("; ", each.stream().map(Assessment::source).toList()), access, first.impact(),
                tables, failed != null && tables.isEmpty() ? failed.unreachable() : null, warnings);
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover in the temporary folder is harmless; the assessment's answer is what matters
        }
    }

    /** A file's table name: its name without extensions, as the file connector's users would call it. */
    static String tableName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.indexOf('.');
        return (dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9_]", "_");
    }
}
