package io.tributary.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.Location;
import io.tributary.config.Problems;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The models and what each reads: the tables its SELECT names, found by DuckDB's own parser
 * ({@code json_serialize_sql}, which parses without running, so nothing has to exist yet), less its
 * CTEs, plus its {@code depends_on}. From these, the order to build in ({@link #order}) and what is
 * downstream of a table ({@link #downstreamOf}). A cycle, a {@code depends_on} naming nothing, or SQL
 * DuckDB cannot parse (without a {@code depends_on} to say what it reads) is a problem at the model's
 * file and line.
 */
public final class ModelGraph {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ModelSpec> models = new LinkedHashMap<>();
    /** Per model, the names it reads (lower case): other models and tables. */
    private final Map<String, Set<String>> reads = new LinkedHashMap<>();
    private final List<String> order;

    private ModelGraph(List<ModelSpec> specs, Map<String, Set<String>> reads, List<String> order) {
        specs.forEach(m -> models.put(m.name(), m));
        this.reads.putAll(reads);
        this.order = order;
    }

    /**
     * Builds the graph, adding a problem for each model whose references cannot be known, each cycle,
     * and each {@code depends_on} that names neither a model nor one of {@code tables} (the tables the
     * project's pipelines load). Models with problems are left out.
     */
    public static ModelGraph of(List<ModelSpec> specs, Collection<String> tables, Problems problems) {
        Map<String, Set<String>> reads = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        specs.forEach(m -> names.add(lower(m.name())));
        Set<String> known = new HashSet<>(names);
        tables.forEach(t -> known.add(lower(t)));
        try (Connection duckdb = DriverManager.getConnection("jdbc:duckdb:")) {
            for (ModelSpec model : specs) {
                Set<String> read = new LinkedHashSet<>();
                try {
                    read.addAll(tablesRead(duckdb, model.sql()));
                } catch (SQLException e) {
                    if (model.dependsOn().isEmpty()) {
                        problems.add(model.location(), "", "cannot tell which tables the model " + model.name() + " reads: "
                                + e.getMessage().lines().findFirst().orElse(""), "write one SELECT (DuckDB's dialect parses it), or say what it "
                                + "reads with depends_on: in its config, e.g. -- tributary: {depends_on: [orders]}");
                        continue;
                    }
                }
                boolean ok = true;
                for (String dependency : model.dependsOn()) {
                    if (!known.contains(lower(dependency))) {
                        problems.add(new Location(model.file(), 1, 1), "depends_on", "the model " + model.name() + " depends on '" + dependency
                                + "', which is neither a model nor a table a pipeline loads", "name a model of models/ or a pipeline's load.table");
                        ok = false;
                    }
                    read.add(lower(dependency));
                }
                read.remove(lower(model.name()));
                if (ok) {
                    reads.put(model.name(), read);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open an in-memory DuckDB to parse the models: " + e.getMessage(), e);
        }
        List<ModelSpec> parsed = specs.stream().filter(m -> reads.containsKey(m.name())).toList();
        List<String> order = order(parsed, reads, problems);
        List<ModelSpec> ordered = parsed.stream().filter(m -> order.contains(m.name())).toList();
        return new ModelGraph(ordered, reads, order);
    }

    /** The tables a SELECT names, lower case, without its CTEs; a schema-qualified name keeps its schema. */
    static Set<String> tablesRead(Connection duckdb, String sql) throws SQLException {
        String json;
        try (PreparedStatement statement = duckdb.prepareStatement("SELECT json_serialize_sql(?)")) {
            statement.setString(1, sql);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                json = rs.getString(1);
            }
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new SQLException("DuckDB's parse of the SQL could not be read: " + e.getMessage(), e);
        }
        if (root.path("error").asBoolean(false)) {
            throw new SQLException(root.path("error_message").asText("it does not parse"));
        }
        if (root.path("statements").size() != 1) {
            throw new SQLException("a model is one SELECT, and this file holds " + root.path("statements").size() + " statements");
        }
        Set<String> ctes = new HashSet<>();
        Set<String> tables = new LinkedHashSet<>();
        collect(root, ctes, tables);
        tables.removeIf(ctes::contains);
        return tables;
    }

    private static void collect(JsonNode node, Set<String> ctes, Set<String> tables) {
        if (node.isObject()) {
            if ("BASE_TABLE".equals(node.path("type").asText())) {
                String schema = node.path("schema_name").asText("");
                String table = lower(node.path("table_name").asText());
                tables.add(schema.isEmpty() || schema.equalsIgnoreCase("main") ? table : lower(schema) + "." + table);
            }
            JsonNode cteMap = node.path("cte_map").path("map");
            if (cteMap.isArray()) {
                cteMap.forEach(entry -> ctes.add(lower(entry.path("key").asText())));
            }
            node.forEach(child -> collect(child, ctes, tables));
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, ctes, tables));
        }
    }

    /** Depth-first topological order, models in file order where free; a cycle is a problem naming its models. */
    private static List<String> order(List<ModelSpec> specs, Map<String, Set<String>> reads, Problems problems) {
        Map<String, ModelSpec> byName = new LinkedHashMap<>();
        specs.forEach(m -> byName.put(lower(m.name()), m));
        List<String> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        Set<String> inCycle = new HashSet<>();
        for (ModelSpec model : specs) {
            visit(model, byName, reads, new ArrayList<>(), done, inCycle, order, problems);
        }
        return order;
    }

    private static void visit(ModelSpec model, Map<String, ModelSpec> byName, Map<String, Set<String>> reads, List<String> path,
                              Set<String> done, Set<String> inCycle, List<String> order, Problems problems) {
        if (done.contains(model.name()) || inCycle.contains(model.name())) {
            return;
        }
        if (path.contains(model.name())) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(model.name()), path.size()));
            cycle.add(model.name());
            inCycle.addAll(cycle);
            String from = cycle.get(cycle.size() - 2);
            ModelSpec reader = byName.get(lower(from));
            problems.add(new Location(reader.file(), reader.lineOf(model.name()), 1), "", "the models " + String.join(" → ", cycle)
                    + " read each other in a cycle, so none of them can be built first", "take one of these references out: a model cannot "
                    + "read itself, even through others");
            return;
        }
        path.add(model.name());
        for (String read : reads.getOrDefault(model.name(), Set.of())) {
            ModelSpec upstream = byName.get(read);
            if (upstream != null) {
                visit(upstream, byName, reads, path, done, inCycle, order, problems);
            }
        }
        path.remove(path.size() - 1);
        if (!inCycle.contains(model.name())) {
            done.add(model.name());
            order.add(model.name());
        }
    }

    /** Every model in the order to build them: each after the models it reads. */
    public List<ModelSpec> models() {
        return order.stream().map(models::get).toList();
    }

    public boolean isEmpty() {
        return order.isEmpty();
    }

    public ModelSpec model(String name) {
        return models.get(name);
    }

    /** The names a model reads (lower case): models and tables. */
    public Set<String> reads(String model) {
        return reads.getOrDefault(model, Set.of());
    }

    /** The tables a model reads that are not models. */
    public Set<String> tablesRead(String model) {
        Set<String> tables = new LinkedHashSet<>(reads(model));
        tables.removeIf(t -> models.keySet().stream().anyMatch(m -> lower(m).equals(t)));
        return tables;
    }

    /** The models that read any of {@code tables}, directly or through other models, in build order. */
    public List<ModelSpec> downstreamOf(Collection<String> tables) {
        Set<String> reached = new HashSet<>();
        tables.forEach(t -> reached.add(lower(t)));
        tables.forEach(t -> reached.add(lower(t.startsWith("main.") ? t.substring(5) : t)));
        List<ModelSpec> result = new ArrayList<>();
        for (String name : order) {
            if (reads(name).stream().anyMatch(reached::contains)) {
                reached.add(lower(name));
                result.add(models.get(name));
            }
        }
        return result;
    }

    /**
     * A selection as dbt writes it: {@code NAME} (that model), {@code NAME+} (it and everything
     * downstream), {@code +NAME} (it and everything it needs); in build order. Unknown names are returned in {@code unknown}.
     */
    public List<ModelSpec> select(List<String> selectors, List<String> unknown) {
        if (selectors.isEmpty()) {
            return models();
        }
        Set<String> chosen = new HashSet<>();
        for (String selector : selectors) {
            boolean down = selector.endsWith("+");
            boolean up = selector.startsWith("+");
            String name = selector.substring(up ? 1 : 0, selector.length() - (down ? 1 : 0));
            if (!models.containsKey(name)) {
                unknown.add(name);
                continue;
            }
            chosen.add(name);
            if (down) {
                downstreamOf(List.of(name)).forEach(m -> chosen.add(m.name()));
            }
            if (up) {
                upstreamOf(name, chosen);
            }
        }
        return order.stream().filter(chosen::contains).map(models::get).toList();
    }

    private void upstreamOf(String name, Set<String> into) {
        for (String read : reads(name)) {
            models.keySet().stream().filter(m -> lower(m).equals(read)).findFirst().ifPresent(m -> {
                if (into.add(m)) {
                    upstreamOf(m, into);
                }
            });
        }
    }

    static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
