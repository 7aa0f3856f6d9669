package io.tributary.app;

import io.tributary.config.Problem;
import io.tributary.config.Problems;
import io.tributary.engine.RunResult;
import io.tributary.error.ErrorKind;
import io.tributary.jdbc.ConnectionFailure;
import io.tributary.jdbc.Connections;
import io.tributary.metadata.CheckResult;
import io.tributary.metadata.FinishedRun;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.NewRun;
import io.tributary.metadata.Owner;
import io.tributary.metadata.RunStatus;
import io.tributary.models.Materialization;
import io.tributary.models.ModelBuilder;
import io.tributary.models.ModelGraph;
import io.tributary.models.ModelListener;
import io.tributary.models.ModelReader;
import io.tributary.models.ModelResult;
import io.tributary.models.ModelSpec;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectKinds;
import io.tributary.project.ProjectSpec;
import io.tributary.quality.CheckContext;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.RunCounts;
import io.tributary.sql.Sql;
import io.tributary.warehouse.Warehouse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds a project's SQL models ({@code models/*.sql}), each after the models it reads, where its
 * data is: in the warehouse, or in the database its inputs' pipelines load into. Each build is a run
 * in the history named for the model (so {@code tributary runs daily_summary} and
 * {@code tributary checks daily_summary} show it), holding the model's lease: a model is never built
 * twice at once. A model whose input failed is skipped, and says which.
 */
public final class ModelBuilds {
    /** The models of a project as far as they validate, and the problems of those that do not. */
    public record Loaded(ModelGraph graph, List<Problem> problems) {}

    private final ProjectSpec project;
    private final Warehouse warehouse;
    private final MetadataStore store;
    private final Owner owner;
    private final Loaded loaded;

    ModelBuilds(ProjectSpec project, Warehouse warehouse, MetadataStore store, Owner owner) {
        this.project = project;
        this.warehouse = warehouse;
        this.store = store;
        this.owner = owner;
        this.loaded = load(project);
    }

    /** Reads and orders the project's models; validation problems are returned, not thrown. */
    public static Loaded load(ProjectSpec project) {
        Problems problems = new Problems();
        List<ModelSpec> specs = new ModelReader(ProjectKinds.load().checks(), project.connections().keySet()).read(project.dir(), problems);
        Set<String> tables = new HashSet<>();
        for (PipelineSpec pipeline : project.pipelines()) {
            tables.add(pipeline.load().table().toString());
            tables.add(pipeline.load().table().name());
        }
        for (ModelSpec model : specs) {
            if (project.pipelines().stream().anyMatch(p -> p.name().equals(model.name()))) {
                problems.add(model.location(), "", "a model and a pipeline are both named '" + model.name() + "': their runs would mix in the history",
                        "rename the model's file or the pipeline");
            }
            if (tables.contains(model.name()) || tables.contains(model.name().toLowerCase(Locale.ROOT))) {
                problems.add(model.location(), "", "the model " + model.name() + " would replace the table a pipeline loads into",
                        "rename the model's file, or the pipeline's load.table");
            }
        }
        for (PipelineSpec pipeline : project.pipelines()) {
            for (String named : pipeline.models().named()) {
                if (specs.stream().noneMatch(m -> m.name().equals(named))) {
                    problems.add(pipeline.location(), "models", "the pipeline " + pipeline.name() + " builds the model '" + named
                            + "' after it runs, but models/ has no " + named + ".sql", "name a model of models/, or write models: downstream");
                }
            }
        }
        List<ModelSpec> valid = specs.stream().filter(m -> problems.list().stream().noneMatch(p -> p.location().file().equals(m.file()))).toList();
        ModelGraph graph = ModelGraph.of(valid, tables, problems);
        return new Loaded(graph, problems.list());
    }

    public Loaded loaded() {
        return loaded;
    }

    /**
     * The models to build after these pipeline runs, each once, in build order: per successful run,
     * those downstream of the tables it published ({@code models: downstream}) or the ones it names.
     */
    public List<ModelSpec> after(List<RunResult> results) {
        Set<String> chosen = new HashSet<>();
        for (RunResult result : results) {
            if (!result.succeeded() || result.tables().isEmpty()) {
                continue;
            }
            PipelineSpec pipeline = project.pipeline(result.pipeline()).orElse(null);
            if (pipeline == null || pipeline.models().none()) {
                continue;
            }
            if (pipeline.models().downstream()) {
                loaded.graph().downstreamOf(result.tables()).forEach(m -> chosen.add(m.name()));
            } else {
                pipeline.models().named().stream().filter(n -> loaded.graph().model(n) != null).forEach(chosen::add);
            }
        }
        return loaded.graph().models().stream().filter(m -> chosen.contains(m.name())).toList();
    }

    /** Builds the models given, in the order given (build order), and returns what each did. */
    public List<ModelResult> build(List<ModelSpec> models, boolean fullRefresh, ModelListener listener) {
        loaded.problems().forEach(p -> listener.problem(p.toString()));
        List<ModelResult> results = new ArrayList<>();
        Set<String> failed = new HashSet<>();
        Map<String, String> whereOf = new HashMap<>();
        for (ModelSpec model : models) {
            String where = destinationOf(model, whereOf);
            whereOf.put(model.name().toLowerCase(Locale.ROOT), where);
            String label = where == null ? "the warehouse" : where;
            listener.building(model, label);
            String failedInput = loaded.graph().reads(model.name()).stream().filter(failed::contains).findFirst().orElse(null);
            ModelResult result = failedInput != null
                    ? skipped(model, label, "not built: its input " + failedInput + " failed, so the last good version stays")
                    : buildOne(model, where, label, fullRefresh);
            if (!result.succeeded()) {
                failed.add(model.name().toLowerCase(Locale.ROOT));
            }
            results.add(result);
            listener.built(result);
        }
        return results;
    }

    private ModelResult buildOne(ModelSpec model, String where, String label, boolean fullRefresh) {
        long started = System.nanoTime();
        long runId = store.startRun(new NewRun(model.name(), model.name(), "model " + model.materialized().word(), fullRefresh, owner));
        if (!store.acquirePipeline(model.name(), runId, owner)) {
            String error = "the model " + model.name() + " is being built by another run; not built twice at once. Try again when it ends.";
            store.finishRun(new FinishedRun(runId, RunStatus.SKIPPED, RunCounts.NONE, ErrorKind.BUSY, error, List.of(), Map.of()));
            return new ModelResult(runId, model.name(), model.materialized(), RunStatus.SKIPPED, 0, 0, label, error, List.of(), List.of());
        }
        List<CheckResult> checks = List.of();
        try (Connection connection = connect(where)) {
            ModelBuilder builder = new ModelBuilder(connection);
            for (String input : loaded.graph().tablesRead(model.name())) {
                if (!builder.exists(input)) {
                    throw new ModelBuilder.ModelFailure(model.at(model.lineOf(input.contains(".") ? input.substring(input.indexOf('.') + 1) : input))
                            + ": the model " + model.name()
                            + " reads " + input + ", which is neither a model nor a table in " + label
                            + ": run the pipeline that loads it first, or fix the name");
                }
            }
            ModelBuilder.Built built = builder.build(model, runId, fullRefresh, dependentViews(model), context(connection, model));
            checks = built.checks();
            store.saveCheckResults(checks);
            long rows = Math.max(built.rows(), 0);
            store.finishRun(new FinishedRun(runId, RunStatus.SUCCESS, new RunCounts(rows, rows, 0, 0, 1, 0), null, null, built.warnings(),
                    built.phases()));
            return new ModelResult(runId, model.name(), model.materialized(), RunStatus.SUCCESS, built.rows(), millis(started), label, null,
                    checks, built.warnings());
        } catch (ModelBuilder.ModelFailure e) {
            if (e instanceof ModelBuilder.ChecksFailed failedChecks) {
                checks = failedChecks.results();
                store.saveCheckResults(checks);
            }
            return failed(model, runId, label, e.getMessage(), ErrorKind.RUN_FAILED, checks, started);
        } catch (SQLException e) {
            return failed(model, runId, label, "the model " + model.name() + " (" + model.file().getFileName() + ") did not publish, its last good "
                    + "version stays: " + e.getMessage(), ErrorKind.RUN_FAILED, checks, started);
        } catch (ConnectionFailure e) {
            return failed(model, runId, label, "the model " + model.name() + " cannot be built in " + label + ": " + e.getMessage(),
                    ErrorKind.SOURCE_UNREACHABLE, checks, started);
        } finally {
            store.releasePipeline(model.name(), runId);
        }
    }

    private ModelResult failed(ModelSpec model, long runId, String label, String error, ErrorKind kind, List<CheckResult> checks, long started) {
        store.finishRun(new FinishedRun(runId, RunStatus.FAILED, RunCounts.NONE, kind, error, List.of(), Map.of()));
        return new ModelResult(runId, model.name(), model.materialized(), RunStatus.FAILED, 0, millis(started), label, error, checks, List.of());
    }

    private static ModelResult skipped(ModelSpec model, String label, String why) {
        return new ModelResult(0, model.name(), model.materialized(), RunStatus.SKIPPED, 0, 0, label, why, List.of(), List.of());
    }

    /**
     * Where a model is built: its own {@code destination:}; else the database the pipelines loading
     * its tables publish into; else where the models it reads were built; else the warehouse (null).
     */
    private String destinationOf(ModelSpec model, Map<String, String> whereOf) {
        if (model.destination() != null) {
            return model.destination();
        }
        Set<String> reads = loaded.graph().reads(model.name());
        for (PipelineSpec pipeline : project.pipelines()) {
            String table = pipeline.load().table().toString().toLowerCase(Locale.ROOT);
            String name = pipeline.load().table().name().toLowerCase(Locale.ROOT);
            if ((reads.contains(table) || reads.contains(name)) && pipeline.load().destination() != null) {
                return pipeline.load().destination();
            }
        }
        return reads.stream().filter(whereOf::containsKey).map(whereOf::get).filter(w -> w != null).findFirst().orElse(null);
    }

    /** The view models that read {@code model}, directly or through other views: PostgreSQL drops them with it. */
    private List<ModelSpec> dependentViews(ModelSpec model) {
        Set<String> reached = new LinkedHashSet<>(List.of(model.name().toLowerCase(Locale.ROOT)));
        List<ModelSpec> views = new ArrayList<>();
        for (ModelSpec candidate : loaded.graph().models()) {
            if (candidate.materialized() == Materialization.VIEW && loaded.graph().reads(candidate.name()).stream().anyMatch(reached::contains)) {
                reached.add(candidate.name().toLowerCase(Locale.ROOT));
                views.add(candidate);
            }
        }
        return views;
    }

    private Connection connect(String where) throws SQLException, ConnectionFailure {
        if (where == null) {
            return warehouse.session();
        }
        ConnectionSpec spec = project.connections().get(where);
        if (spec == null) {
            throw new SQLException("unknown connection '" + where + "'");
        }
        return Connections.open(spec, project.dir());
    }

    /** A model's checks see the other tables of its database, and its own earlier builds for {@code volume}. */
    private CheckContext context(Connection connection, ModelSpec model) {
        return new CheckContext(Instant.now(), table -> {
            int dot = table.indexOf('.');
            String schema = dot < 0 ? "main" : table.substring(0, dot);
            String name = dot < 0 ? table : table.substring(dot + 1);
            return Sql.tableExists(connection, schema, name) ? Sql.ident(schema) + "." + Sql.ident(name) : null;
        }, (check, limit) -> store.checkHistory(model.name(), check, 4 * limit).stream()
                .filter(r -> r.status() != CheckResult.Status.FAIL && r.status() != CheckResult.Status.ERROR)
                .limit(limit).map(CheckResult::rows).toList());
    }

    private static long millis(long since) {
        return (System.nanoTime() - since) / 1_000_000;
    }
}
