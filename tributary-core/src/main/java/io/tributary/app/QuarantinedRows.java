package io.tributary.app;

import io.tributary.engine.Destinations;
import io.tributary.error.TributaryException;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.quality.CheckContext;
import io.tributary.quality.CheckGate;
import io.tributary.quality.CheckSpec;
import io.tributary.quality.Quarantine;
import io.tributary.spi.LoadMode;
import io.tributary.spi.TableName;
import io.tributary.sql.Columns;
import io.tributary.sql.Sql;
import io.tributary.warehouse.Warehouse;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The rows quarantining checks set aside, in {@code <table>__quarantine} of the warehouse: listed for
 * {@code tributary quarantine TABLE}, and released back into the table once fixed. A release checks
 * the rows again with the table's quarantining checks; those that pass go into the table (replacing
 * the row of their key in a merged table) and leave the quarantine, in one transaction; the others
 * stay, with their reasons.
 */
public final class QuarantinedRows {
    private QuarantinedRows() {}

    /** What a quarantine table holds: its columns (the quarantine's own first) and rows as text, newest first. */
    public record Listing(TableName table, List<String> columns, List<List<String>> rows, long total) {}

    /** What a release did: the ids released, those still failing with why, and those not found. */
    public record Released(List<String> released, Map<String, String> stillFailing, List<String> unknown) {}

    /** The quarantined rows of {@code table}; empty when nothing was ever quarantined there. */
    public static Optional<Listing> list(ProjectSpec project, String table, int limit) {
        TableName name = resolve(project, table);
        TableName quarantine = Quarantine.tableOf(name);
        if (!Files.exists(project.warehouse().path())) {
            return Optional.empty();
        }
        try (Warehouse warehouse = Warehouse.open(project.warehouse(), true)) {
            Connection connection = warehouse.connection();
            if (!exists(connection, quarantine)) {
                return Optional.empty();
            }
            long total = Sql.count(connection, quarantine.quoted());
            List<String> order = new ArrayList<>(List.of(Quarantine.ROW_ID, Quarantine.RUN_ID, Quarantine.CHECK, Quarantine.REASON));
            String sql = "SELECT " + Sql.idents(order) + ", * EXCLUDE (" + Sql.idents(Quarantine.COLUMNS) + ") FROM " + quarantine.quoted()
                    + " ORDER BY " + Quarantine.QUARANTINED_AT + " DESC, " + Quarantine.ROW_ID + " LIMIT " + Math.max(0, limit);
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                ResultSetMetaData meta = rs.getMetaData();
                List<String> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(meta.getColumnName(i));
                }
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(rs.getString(i));
                    }
                    rows.add(row);
                }
                return Optional.of(new Listing(quarantine, columns, rows, total));
            }
        } catch (SQLException e) {
            throw TributaryException.failed("reading " + quarantine + " failed: " + e.getMessage());
        }
    }

    /**
     * Releases the rows with these ids (all rows when {@code ids} is empty) from {@code table}'s
     * quarantine. The rows are checked again with the table's quarantining checks first.
     */
    public static Released release(ProjectSpec project, String table, List<String> ids) {
        PipelineSpec pipeline = loader(project, table).orElseThrow(() -> TributaryException.invalid("no pipeline of the project loads table "
                + table + " with quarantining checks; the quarantine tables are: tributary sql \"SELECT table_name FROM information_schema.tables"
                + " WHERE table_name LIKE '%" + Quarantine.SUFFIX + "'\""));
        if (!Destinations.isWarehouse(pipeline)) {
            throw TributaryException.invalid("pipeline " + pipeline.name() + " loads " + table + " into " + pipeline.load().destination()
                    + ", where its quarantine table is too: release rows there with SQL (INSERT INTO ... SELECT ... FROM " + table
                    + Quarantine.SUFFIX + "), then delete them from the quarantine table");
        }
        TableName name = resolve(project, table);
        TableName quarantine = Quarantine.tableOf(name);
        try (Warehouse warehouse = Warehouse.open(project.warehouse(), false)) {
            Connection connection = warehouse.connection();
            if (!exists(connection, quarantine)) {
                throw TributaryException.invalid("nothing was ever quarantined in " + name + " (there is no " + quarantine + ")");
            }
            List<String> unknown = unknownIds(connection, quarantine, ids);
            String selected = Quarantine.ROW_ID + (ids.isEmpty() ? " IS NOT NULL" : " IN (" + Sql.literals(ids) + ")");
            String candidates = "(SELECT * EXCLUDE (" + Sql.idents(List.of(Quarantine.CHECK, Quarantine.REASON, Quarantine.RUN_ID,
                    Quarantine.QUARANTINED_AT)) + ") FROM " + quarantine.quoted() + " WHERE " + selected + ")";
            List<CheckSpec> checks = pipeline.checks().stream().filter(CheckSpec::quarantine)
                    .filter(c -> c.table() == null ? name.equals(pipeline.load().table()) : resolve(project, c.table()).equals(name)).toList();
            CheckGate.Verdict verdict = CheckGate.run(connection, 0, pipeline.name(), name, checks, candidates,
                    Columns.of(connection, candidates), new CheckContext(Instant.now(), other -> {
                        TableName t = other.contains(".") ? TableName.parse(other) : new TableName(name.schema(), other);
                        return exists(connection, t) ? t.quoted() : null;
                    }, (check, limit) -> List.of()));
            String failing = verdict.quarantine().stream().map(q -> "coalesce((" + q.condition().failing() + "), false)")
                    .collect(Collectors.joining(" OR "));
            String passing = failing.isEmpty() ? candidates : "(SELECT * FROM " + candidates + " WHERE NOT (" + failing + "))";
            // why they fail now, not why they were quarantined: a fix may have cured one of several reasons
            Map<String, String> stillFailing = failing.isEmpty() ? Map.of()
                    : stillFailing(connection, candidates, failing, Quarantine.reasons(verdict.quarantine()));
            List<String> released = new ArrayList<>();
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE tributary_release AS SELECT * FROM " + passing);
                try (ResultSet rs = statement.executeQuery("SELECT " + Quarantine.ROW_ID + " FROM tributary_release ORDER BY 1")) {
                    while (rs.next()) {
                        released.add(rs.getString(1));
                    }
                }
                if (pipeline.load().mode() == LoadMode.MERGE && name.equals(pipeline.load().table())) {
                    String key = Sql.idents(pipeline.load().key());
                    statement.execute("DELETE FROM " + name.quoted() + " WHERE (" + key + ") IN (SELECT " + key + " FROM tributary_release)");
                }
                statement.execute("INSERT INTO " + name.quoted() + " BY NAME SELECT * EXCLUDE (" + Quarantine.ROW_ID + ") FROM tributary_release");
                statement.execute("DELETE FROM " + quarantine.quoted() + " WHERE " + Quarantine.ROW_ID + " IN (SELECT " + Quarantine.ROW_ID
                        + " FROM tributary_release)");
                statement.execute("DROP TABLE tributary_release");
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
            return new Released(released, stillFailing, unknown);
        } catch (SQLException e) {
            throw TributaryException.failed("releasing rows of " + quarantine + " failed, nothing was released: " + e.getMessage());
        }
    }

    private static Map<String, String> stillFailing(Connection connection, String candidates, String failing, String reasons)
            throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT " + Quarantine.ROW_ID + ", " + reasons + " FROM " + candidates
                     + " WHERE " + failing + " ORDER BY 1")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static List<String> unknownIds(Connection connection, TableName quarantine, List<String> ids) throws SQLException {
        List<String> unknown = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM " + quarantine.quoted() + " WHERE "
                + Quarantine.ROW_ID + " = ?")) {
            for (String id : ids) {
                query.setString(1, id);
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next() && rs.getLong(1) == 0) {
                        unknown.add(id);
                    }
                }
            }
        }
        return unknown;
    }

    /** The pipeline that loads {@code table} and quarantines rows of it. */
    private static Optional<PipelineSpec> loader(ProjectSpec project, String table) {
        TableName name = resolve(project, table);
        return project.pipelines().stream().filter(p -> p.checks().stream().anyMatch(c -> c.quarantine()
                && (c.table() == null ? p.load().table().equals(name) : qualify(c.table(), p.load().table().schema()).equals(name)))).findFirst();
    }

    /** {@code orders} as the table some pipeline loads (in its schema), else in {@code main}. */
    private static TableName resolve(ProjectSpec project, String table) {
        if (table.contains(".")) {
            return TableName.parse(table);
        }
        for (PipelineSpec pipeline : project.pipelines()) {
            if (pipeline.load().table().name().equals(table)) {
                return pipeline.load().table();
            }
            for (CheckSpec check : pipeline.checks()) {
                if (table.equals(check.table())) {
                    return new TableName(pipeline.load().table().schema(), table);
                }
            }
        }
        return new TableName("main", table);
    }

    private static TableName qualify(String table, String schema) {
        return table.contains(".") ? TableName.parse(table) : new TableName(schema, table);
    }

    private static boolean exists(Connection connection, TableName table) throws SQLException {
        return Sql.tableExists(connection, table.schema(), table.name());
    }
}
