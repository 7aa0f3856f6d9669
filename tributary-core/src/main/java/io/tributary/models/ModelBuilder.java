package io.tributary.models;

import io.tributary.jdbc.Dialect;
import io.tributary.metadata.CheckResult;
import io.tributary.quality.CheckContext;
import io.tributary.quality.CheckGate;
import io.tributary.spi.TableName;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds one model by write-audit-publish: the SELECT is written beside the model's table
 * ({@value #BUILD_PREFIX}NAME), its checks run on what was written, and only then does it replace the
 * table in one transaction (DuckDB, PostgreSQL: DDL is transactional; MySQL/MariaDB: one atomic
 * {@code RENAME TABLE}). A failure at any step drops what was built and leaves the last good version
 * in place, so a dashboard never reads a half-built or failing model.
 */
public final class ModelBuilder {
    /** Hidden from {@code tributary tables} like every staging table. */
    public static final String BUILD_PREFIX = "_tributary_stage_model_";
    private static final Pattern DUCKDB_LINE = Pattern.compile("LINE (\\d+):");
    private static final Pattern POSTGRES_POSITION = Pattern.compile("Position: (\\d+)");

    /** The database a model is built in. */
    public enum Engine {
        DUCKDB, POSTGRES, MYSQL;

        public static Engine of(Connection connection) throws SQLException {
            String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
            return product.contains("duckdb") ? DUCKDB : product.contains("postgres") ? POSTGRES : MYSQL;
        }

        Dialect dialect() {
            return this == MYSQL ? Dialect.MYSQL : Dialect.POSTGRES;
        }
    }

    /** A failure with the message the user reads (file:line, what, what to do). */
    public static class ModelFailure extends Exception {
        public ModelFailure(String message) {
            super(message);
        }
    }

    /** What a build yielded: the rows, the check results, and the warnings (checks at warn level that failed). */
    public record Built(long rows, List<CheckResult> checks, List<String> warnings, Map<String, Long> phases) {}

    private final Connection connection;
    private final Engine engine;
    private final Dialect dialect;

    public ModelBuilder(Connection connection) throws SQLException {
        this.connection = connection;
        this.engine = Engine.of(connection);
        this.dialect = engine.dialect();
    }

    /**
     * Builds {@code model}. {@code dependentViews} are the view models that read it, which PostgreSQL
     * drops with it ({@code CASCADE}) and which are therefore created again in the same transaction.
     */
    public Built build(ModelSpec model, long runId, boolean fullRefresh, List<ModelSpec> dependentViews, CheckContext context)
            throws ModelFailure, SQLException {
        String build = BUILD_PREFIX + model.name();
        Map<String, Long> phases = new LinkedHashMap<>();
        long started = System.nanoTime();
        dropBuild(build);
        String existing = objectType(model.name());
        boolean merge = model.materialized() == Materialization.INCREMENTAL && !fullRefresh && "TABLE".equals(existing);
        boolean view = model.materialized() == Materialization.VIEW;
        String select = merge && model.cursor() != null
                ? "SELECT * FROM (\n" + model.sql() + "\n) AS model WHERE " + ident(model.cursor()) + " >= (SELECT MAX("
                        + ident(model.cursor()) + ") FROM " + ident(model.name()) + ")"
                : model.sql();
        // on the SELECT's own first line, so that the database's line numbers are the file's
        String prefix = "CREATE " + (view ? "VIEW " : "TABLE ") + ident(build) + " AS ";
        execute(model, prefix, select, merge ? 1 : 0);
        try {
            long rows = view ? -1 : count(build);
            if (merge) {
                requireUniqueKeys(model, build);
            }
            phases.put("building", elapsed(started));
            long checking = System.nanoTime();
            List<CheckResult> checks = List.of();
            List<String> warnings = new ArrayList<>();
            if (!model.checks().isEmpty()) {
                if (engine != Engine.DUCKDB) {
                    throw new ModelFailure(where(model, model.selectLine()) + ": the model " + model.name() + " has checks, and checks run in "
                            + "the warehouse (DuckDB) only for now; this model is built in " + engine.name().toLowerCase(Locale.ROOT)
                            + ". Put the checks on the pipeline that loads its inputs, or build the model in the warehouse.");
                }
                checks = CheckGate.run(connection, runId, model.name(), new TableName("main", model.name()), model.checks(), ident(build),
                        columns(build), context).results();
                for (CheckResult result : checks) {
                    if (CheckGate.blocks(result)) {
                        throw new ChecksFailed(checks, where(model, model.selectLine()) + ": the model " + model.name()
                                + " was not published, its last good version stays: check " + result.message());
                    }
                    if (result.status() == CheckResult.Status.WARN) {
                        warnings.add("model " + model.name() + ": check " + result.message());
                    }
                }
            }
            phases.put("checking", elapsed(checking));
            long publishing = System.nanoTime();
            if (merge) {
                merge(model, build);
            } else {
                swap(model, build, existing, dependentViews);
            }
            phases.put("publishing", elapsed(publishing));
            return new Built(rows, checks, warnings, phases);
        } finally {
            dropBuild(build);
        }
    }

    /** The checks' results of a build its checks stopped: kept in the history like those of a good build. */
    public static final class ChecksFailed extends ModelFailure {
        private final transient List<CheckResult> results;

        ChecksFailed(List<CheckResult> results, String message) {
            super(message);
            this.results = List.copyOf(results);
        }

        public List<CheckResult> results() {
            return results;
        }
    }

    /** Replaces the model's table or view by the one just built, in one transaction. */
    private void swap(ModelSpec model, String build, String existing, List<ModelSpec> dependentViews) throws SQLException {
        boolean view = model.materialized() == Materialization.VIEW;
        if (engine == Engine.MYSQL) {
            swapMysql(model, build, existing, view);
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            String cascade = engine == Engine.POSTGRES ? " CASCADE" : "";
            if (existing != null) {
                statement.execute("DROP " + ("VIEW".equals(existing) ? "VIEW " : "TABLE ") + ident(model.name()) + cascade);
            }
            if (view) {
                statement.execute("CREATE VIEW " + ident(model.name()) + " AS " + model.sql());
            } else {
                statement.execute("ALTER TABLE " + ident(build) + " RENAME TO " + ident(model.name()));
            }
            if (engine == Engine.POSTGRES && existing != null) {
                for (ModelSpec dependent : dependentViews) {
                    statement.execute("CREATE OR REPLACE VIEW " + ident(dependent.name()) + " AS " + dependent.sql());
                }
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** MySQL commits each DDL statement, but one RENAME TABLE swapping two names is atomic. */
    private void swapMysql(ModelSpec model, String build, String existing, boolean view) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (view) {
                statement.execute("CREATE OR REPLACE VIEW " + ident(model.name()) + " AS " + model.sql());
                return;
            }
            if (existing == null) {
                statement.execute("RENAME TABLE " + ident(build) + " TO " + ident(model.name()));
            } else if ("VIEW".equals(existing)) {
                statement.execute("DROP VIEW " + ident(model.name()));
                statement.execute("RENAME TABLE " + ident(build) + " TO " + ident(model.name()));
            } else {
                String old = BUILD_PREFIX + "old_" + model.name();
                statement.execute("DROP TABLE IF EXISTS " + ident(old));
                statement.execute("RENAME TABLE " + ident(model.name()) + " TO " + ident(old) + ", " + ident(build) + " TO " + ident(model.name()));
                statement.execute("DROP TABLE " + ident(old));
            }
        }
    }

    /** An incremental model: its rows replace those with the same key, and the others stay. */
    private void merge(ModelSpec model, String build) throws SQLException, ModelFailure {
        List<String> columns = new ArrayList<>(columns(build).keySet());
        List<String> existing = new ArrayList<>(columns(model.name()).keySet());
        if (!existing.equals(columns)) {
            throw new ModelFailure(where(model, model.selectLine()) + ": the incremental model " + model.name() + " now yields the columns "
                    + columns + " but its table has " + existing + "; its rows were not merged. Rebuild it in full: tributary models --select "
                    + model.name() + " --full-refresh");
        }
        String target = ident(model.name());
        String matches = String.join(" AND ", model.uniqueKey().stream().map(k -> "b." + ident(k) + " = " + target + "." + ident(k)).toList());
        String list = String.join(", ", columns.stream().map(this::ident).toList());
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("DELETE FROM " + target + " WHERE EXISTS (SELECT 1 FROM " + ident(build) + " b WHERE " + matches + ")");
            statement.execute("INSERT INTO " + target + " (" + list + ") SELECT " + list + " FROM " + ident(build));
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void requireUniqueKeys(ModelSpec model, String build) throws SQLException, ModelFailure {
        String key = String.join(", ", model.uniqueKey().stream().map(this::ident).toList());
        long duplicates = queryLong("SELECT COUNT(*) FROM (SELECT " + key + " FROM " + ident(build) + " GROUP BY " + key
                + " HAVING COUNT(*) > 1) AS d");
        if (duplicates > 0) {
            throw new ModelFailure(where(model, model.selectLine()) + ": the incremental model " + model.name() + " yields " + duplicates
                    + " value(s) of its unique_key " + model.uniqueKey() + " more than once, so its rows cannot be merged; nothing changed. "
                    + "Make the SELECT yield one row per key (GROUP BY, or ROW_NUMBER() … = 1).");
        }
    }

    private void execute(ModelSpec model, String prefix, String select, int extraLines) throws SQLException, ModelFailure {
        try (Statement statement = connection.createStatement()) {
            statement.execute(prefix + select);
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage());
            int line = model.selectLine();
            Matcher duck = DUCKDB_LINE.matcher(message);
            Matcher pg = POSTGRES_POSITION.matcher(message);
            if (duck.find()) {
                line = Integer.parseInt(duck.group(1)) - extraLines;
            } else if (pg.find()) {
                int offset = Math.min(Math.max(Integer.parseInt(pg.group(1)) - 1 - prefix.length(), 0), select.length());
                line = (int) select.substring(0, offset).chars().filter(c -> c == '\n').count() + 1 - extraLines;
            }
            String first = message.lines().filter(l -> !l.isBlank()).findFirst().orElse(message);
            throw new ModelFailure(where(model, Math.max(line, 1)) + ": the model " + model.name() + " did not build, its last good version stays: "
                    + first.strip() + (first.contains("does not exist") || first.contains("not exist") || first.contains("Catalog Error")
                            ? " (run the pipeline that loads it first, or fix the name)" : ""));
        }
    }

    private static String where(ModelSpec model, int line) {
        return model.at(line);
    }

    /** TABLE, VIEW, or null when the model does not exist yet. */
    String objectType(String name) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String schema = engine == Engine.MYSQL ? null : engine == Engine.POSTGRES ? connection.getSchema() : "main";
        String catalog = engine == Engine.MYSQL ? connection.getCatalog() : null;
        for (String candidate : List.of(name, name.toLowerCase(Locale.ROOT))) {
            try (ResultSet rs = meta.getTables(catalog, schema, candidate, null)) {
                while (rs.next()) {
                    if (!rs.getString("TABLE_NAME").equals(candidate)) {
                        continue;
                    }
                    String type = rs.getString("TABLE_TYPE").toUpperCase(Locale.ROOT);
                    return type.contains("VIEW") ? "VIEW" : "TABLE";
                }
            }
        }
        return null;
    }

    /** True when the database holds the table or view (a model's input). */
    public boolean exists(String table) throws SQLException {
        int dot = table.indexOf('.');
        if (dot < 0) {
            return objectType(table) != null;
        }
        DatabaseMetaData meta = connection.getMetaData();
        String schema = table.substring(0, dot);
        String name = table.substring(dot + 1);
        try (ResultSet rs = engine == Engine.MYSQL ? meta.getTables(schema, null, name, null) : meta.getTables(null, schema, name, null)) {
            return rs.next();
        }
    }

    private Map<String, String> columns(String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT * FROM " + ident(table) + " WHERE 1 = 0")) {
            var meta = rs.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.put(meta.getColumnLabel(i), meta.getColumnTypeName(i));
            }
        }
        return columns;
    }

    private void dropBuild(String build) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            String type = objectType(build);
            if (type != null) {
                statement.execute("DROP " + type + " " + ident(build));
            }
        }
    }

    private long count(String table) throws SQLException {
        return queryLong("SELECT COUNT(*) FROM " + ident(table));
    }

    private long queryLong(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private String ident(String name) {
        return dialect.ident(name);
    }

    private static long elapsed(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
