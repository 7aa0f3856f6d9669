package io.tributary.engine;

import io.tributary.config.Secrets;
import io.tributary.error.ErrorKind;
import io.tributary.error.TributaryException;
import io.tributary.metadata.CheckResult;
import io.tributary.metadata.FinishedRun;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.RunRecord;
import io.tributary.metadata.RunStatus;
import io.tributary.project.PipelineSpec;
import io.tributary.quality.CheckGate;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import io.tributary.spi.LoadMode;
import io.tributary.spi.PublishRequest;
import io.tributary.spi.Source;
import io.tributary.spi.SourceException;
import io.tributary.spi.SourceState;
import io.tributary.spi.SourceUnit;
import io.tributary.spi.StagedStream;
import io.tributary.spi.StagedUnit;
import io.tributary.spi.StreamTarget;
import io.tributary.spi.TableRef;
import io.tributary.spi.TableWrite;
import io.tributary.spi.TimeWindow;
import io.tributary.sql.EngineMessages;
import io.tributary.sql.Sql;
import io.tributary.warehouse.Warehouse;
import io.tributary.warehouse.WarehouseDestination;
import io.tributary.warehouse.WarehouseRejects;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of one pipeline: plan, stage every unit into DuckDB, transform, check, then publish data,
 * source state and load record in one transaction of the destination, and record the run's end.
 * Killing the process at any point leaves the destination as before the run (DuckDB rolls back the
 * open transaction on the next open); the run is then abandoned, and its staging tables are dropped
 * by the next run. The run works on connections of its own, so runs of other pipelines go on beside it.
 *
 * <p>The run was started in the history by its caller ({@link MetadataStore#startRun}); this class
 * records its end, in the warehouse's publish transaction when the history lives in the warehouse.
 */
public final class PipelineRun {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PipelineRun.class);

    /**
     * @param runId  the run, as started in {@code store}
     * @param window one backfill window to read (the source {@link Source#within} it, and no source state is published), or null
     */
    public record Context(PipelineSpec pipeline, boolean fullRefresh, long runId, Warehouse warehouse, MetadataStore store,
                          Destinations destinations, RunListener listener, TimeWindow window) {
        public Context(PipelineSpec pipeline, boolean fullRefresh, long runId, Warehouse warehouse, MetadataStore store,
                       Destinations destinations, RunListener listener) {
            this(pipeline, fullRefresh, runId, warehouse, store, destinations, listener, null);
        }
    }

    private final Context context;
    private final PipelineSpec pipeline;
    private final Tally tally;
    private final List<CheckResult> checks = new ArrayList<>();
    private final long started = System.nanoTime();
    private RunCancel cancel;

    private PipelineRun(Context context) {
        this.context = context;
        this.pipeline = context.pipeline();
        this.tally = new Tally(context.runId(), context.listener());
    }

    /** Runs the pipeline and returns what happened; a failure is a result, not an exception. */
    public static RunResult execute(Context context) {
        return new PipelineRun(context).execute();
    }

    private RunResult execute() {
        context.listener().started(context.runId(), pipeline.name(), source().describe());
        boolean inWarehouse = Destinations.isWarehouse(pipeline);
        RunResult result;
        cancel = RunCancel.open(context.runId());
        try (Connection session = context.warehouse().session();
             Warehouse.PrivateEngine engine = inWarehouse ? null : context.warehouse().privateEngine();
             WarehouseRejects rejects = new WarehouseRejects(session, inWarehouse ? session : engine.connection(), inWarehouse,
                     context.runId(), pipeline.name());
             RunStaging staging = new RunStaging(inWarehouse ? session : engine.connection(), null,
                     inWarehouse ? pipeline.load().table().schema() : "main", context.runId(), pipeline.name(), context.listener(), rejects,
                     inWarehouse ? context.warehouse().sharing()::toItself : () -> () -> { })) {
            cancel.watch(session);
            if (engine != null) {
                cancel.watch(engine.connection());
            }
            result = stageCheckAndPublish(session, staging);
        } catch (SQLException e) {
            result = failed(ErrorKind.RUN_FAILED, "run " + context.runId() + " of " + pipeline.name()
                    + ": preparing its staging area or saving rejected rows failed: " + e.getMessage());
        } finally {
            cancel.close();
        }
        context.listener().finished(result);
        return result;
    }

    private RunResult stageCheckAndPublish(Connection session, RunStaging staging) {
        try {
            execute(session, staging);
            tally.finishPhase();
            return result(RunStatus.SUCCESS, null, null);
        } catch (SourceException | DestinationException | SQLException | RuntimeException e) {
            if (cancel.reason() != null) {
                Thread.interrupted();   // ours: the cleanup and the record of the failure below must not be interrupted too
            }
            if (e instanceof SourceException partial) {
                tally.readBeforeFailure(partial);
            }
            tally.countRecordedRejects(staging.warehouseRejects().written());
            try {
                staging.dropTables();
            } catch (SQLException cleanup) {
                LOG.debug("run {}: dropping its staging tables after the failure failed: {}", context.runId(), cleanup.getMessage());
            }
            if (cancel.reason() != null) {
                // what the interrupt broke is a consequence; the cause is the cancel
                return failed(ErrorKind.RUN_FAILED, "run " + context.runId() + " of " + pipeline.name() + " " + cancel.reason()
                        + " while " + tally.phase() + "; it was stopped and nothing of it was published");
            }
            return failed(kindOf(e), describe(tally.phase(), e));
        }
    }

    /** Records the failed run's end and returns its result. */
    private RunResult failed(ErrorKind kind, String message) {
        tally.finishPhase();
        String error = Secrets.redact(message);
        try {
            context.store().finishRun(new FinishedRun(context.runId(), RunStatus.FAILED, tally.counts(), kind, error,
                    List.copyOf(tally.warnings), phases()));
        } catch (RuntimeException e) {
            LOG.warn("run {}: recording its failure failed: {}", context.runId(), e.getMessage());
        }
        return result(RunStatus.FAILED, kind, error);
    }

    /** The pipeline's source, or for a backfill window its reading of that window only. */
    private Source source() {
        return context.window() == null ? pipeline.source() : pipeline.source().within(context.window());
    }

    private void execute(Connection session, RunStaging staging) throws SourceException, SQLException, DestinationException {
        boolean windowed = context.window() != null;
        boolean readEverything = !windowed && (context.fullRefresh() || pipeline.load().mode() == LoadMode.REPLACE);
        boolean resetState = !windowed && (readEverything || pipeline.source().replacesState());
        if (Destinations.isWarehouse(pipeline)) {
            createSchema(session, pipeline.load().table().schema());
        }
        tally.enter("planning", "planning");
        try (Destination destination = context.destinations().open(pipeline)) {
            destination.recover(pipeline.name());
            reconcile(destination);
            SourceState state = readEverything ? SourceState.EMPTY : destination.state(pipeline.name());
            Source source = source();
            List<SourceUnit> planned = source.plan(state);
            context.listener().planned(planned.size(), resetState ? 0 : (int) state.values().keySet().stream()
                    .filter(k -> planned.stream().noneMatch(u -> u.key().equals(k))).count(), source.unitNoun());
            if (planned.isEmpty()) {
                tally.warn("nothing new to load: every " + source.unitNoun() + " was loaded before");
                tally.finishPhase();
                context.store().finishRun(end(RunStatus.SUCCESS));
                return;
            }
            Staged staged = stage(source, planned, state, staging);
            List<TargetRows> targets = tables(staging, staged);
            targets = gate(staging, targets, staged.hasMainTable());
            // a backfill window publishes its rows and load record but no state: the incremental position stays where it was
            publish(destination, targets, windowed ? Map.of() : staged.state, resetState, staging);
        }
    }

    /** DuckDB's catalog is shared by the runs of this process: two runs creating one schema at once may conflict, so retry. */
    private static void createSchema(Connection session, String schema) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Statement statement = session.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident(schema));
                return;
            } catch (SQLException e) {
                if (attempt >= 5 || !String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("conflict")) {
                    throw e;
                }
            }
        }
    }

    /**
     * A run whose publish committed in the destination but whose end the history never got (the
     * process stopped between the two commits, possible when the history lives elsewhere) is marked a
     * success from the destination's load record.
     */
    private void reconcile(Destination destination) throws DestinationException {
        reconcile(destination, pipeline, context.store());
    }

    /** {@link #reconcile(Destination)} outside a run: a backfill asks it before it decides whether a window published. */
    public static void reconcile(PipelineSpec pipeline, Destinations destinations, MetadataStore store) throws DestinationException {
        try (Destination destination = destinations.open(pipeline)) {
            reconcile(destination, pipeline, store);
        }
    }

    private static void reconcile(Destination destination, PipelineSpec pipeline, MetadataStore store) throws DestinationException {
        var committed = destination.lastCommit(pipeline.name());
        if (committed.isEmpty()) {
            return;
        }
        long runId = committed.get().runId();
        RunStatus status = store.run(runId).map(RunRecord::status).orElse(null);
        if (status == RunStatus.RUNNING || status == RunStatus.ABANDONED) {
            if (store.reconcile(runId, committed.get().counts(), "recorded from " + destination.describe()
                    + "'s load record: the process stopped after the run's data was published and before its end was written here")) {
                LOG.info("run {} of {}: its data was published but its end was not recorded; recorded it from {}", runId, pipeline.name(),
                        destination.describe());
            }
        }
    }

    /** The staging tables of one destination table, across units. */
    private static final class StreamParts {
        final StreamTarget target;
        final List<TableRef> tables = new ArrayList<>();

        StreamParts(StreamTarget target) {
            this.target = target;
        }
    }

    /** What staging every unit left: the main table's staging tables, the streams', the state entries. */
    private static final class Staged {
        final List<TableRef> tables = new ArrayList<>();
        final List<String> labels = new ArrayList<>();
        final Map<String, StreamParts> streams = new LinkedHashMap<>();
        final Map<String, String> state = new LinkedHashMap<>();

        boolean hasMainTable() {
            return !tables.isEmpty();
        }
    }

    private Staged stage(Source source, List<SourceUnit> planned, SourceState state, RunStaging staging) throws SourceException, SQLException {
        Staged staged = new Staged();
        tally.enter("reading", "preparing to read");
        Source.SourceRead read = source.read(planned, state, staging);
        tally.warnAll(staging.takeWarnings());
        for (SourceUnit unit : planned) {
            if (cancel.reason() != null) {
                throw TributaryException.failed(cancel.reason());
            }
            tally.enter("reading", "reading " + unit.label());
            long unitStarted = System.nanoTime();
            StagedUnit one = read.stage(unit);
            staging.rejects().flush();
            tally.warnAll(staging.takeWarnings());
            tally.add(one);
            tally.warnAll(one.warnings());
            if (one.table() != null) {
                staged.tables.add(one.table());
                staged.labels.add(unit.label());
            }
            for (StagedStream stream : one.streams()) {
                staged.streams.computeIfAbsent(stream.target().table(), t -> new StreamParts(stream.target())).tables.add(stream.table());
            }
            staged.state.put(unit.key(), one.state());
            if (unit.changed()) {
                tally.warn(unit.label() + " changed since it was loaded; it was read again (" + pipeline.load().mode().yamlName() + " mode)");
            }
            context.listener().staged(unit.label(), one.loaded(), one.rejected(), (System.nanoTime() - unitStarted) / 1_000_000);
        }
        tally.units = planned.size();
        return staged;
    }

    private List<TargetRows> tables(RunStaging staging, Staged staged) throws SQLException {
        List<TargetRows> targets = new ArrayList<>();
        Connection engine = staging.connection();
        if (staged.hasMainTable()) {
            tally.enter("transforming", "transforming");
            targets.add(new TargetRows(TableTarget.main(pipeline.load()),
                    StagedTables.main(engine, staged.tables, staged.labels, pipeline, staging, tally)));
        } else if (!staged.streams.isEmpty() && (!pipeline.transform().isEmpty() || pipeline.checks().stream().anyMatch(c -> c.table() == null))) {
            throw TributaryException.invalid("transform and checks apply to the pipeline's main table " + pipeline.load().table()
                    + ", but this source loads only the tables " + String.join(", ", staged.streams.keySet())
                    + ". Split it into one pipeline per table to transform or check them.");
        }
        String mainRows = staged.hasMainTable() ? StagedTables.union(staged.tables) : null;
        for (StreamParts stream : staged.streams.values()) {
            targets.add(new TargetRows(TableTarget.stream(pipeline.load(), stream.target, mainRows), StagedTables.stream(engine, stream.tables)));
        }
        return targets;
    }

    /**
     * The rejects gate, then every table's checks ({@link TableGates}). Returns the tables to publish:
     * with quarantined rows taken out and their quarantine tables added.
     */
    private List<TargetRows> gate(RunStaging staging, List<TargetRows> targets, boolean hasMainTable) throws SQLException {
        long runId = context.runId();
        if (pipeline.maxRejected().exceededBy(tally.rejected, tally.read)) {
            throw TributaryException.failed(tally.rejected + " of " + tally.read + " rows were rejected, more than max_rejected allows ("
                    + pipeline.maxRejected() + "). Nothing was published. See why: tributary sql \"SELECT * FROM _tributary.rejected_rows WHERE run_id = "
                    + runId + "\"");
        }
        if (tally.rejected > 0) {
            tally.warn(tally.rejected + (tally.rejected == 1 ? " row" : " rows") + " rejected; see tributary sql \"SELECT * FROM _tributary.rejected_rows WHERE run_id = "
                    + runId + "\"");
        }
        tally.enter("checking", "checking");
        TableGates.Gated gated = new TableGates(pipeline, runId, context.store(), staging, Destinations.isWarehouse(pipeline), tally)
                .run(targets, hasMainTable);
        List<String> failures = new ArrayList<>();
        // a failed check of any table stops the whole run: the rows quarantining checks found were not set aside
        boolean blocked = gated.results().stream().anyMatch(CheckGate::blocks);
        for (CheckResult gatedResult : gated.results()) {
            CheckResult result = blocked ? CheckGate.notQuarantined(gatedResult) : gatedResult;
            checks.add(result);
            context.listener().checked(result);
            if (result.status() == CheckResult.Status.WARN) {
                tally.warn("check " + result.message());
            } else if (CheckGate.blocks(result)) {
                failures.add(result.message());
            }
        }
        context.store().saveCheckResults(checks);
        if (!failures.isEmpty()) {
            throw TributaryException.failed("checks failed, nothing was published:\n  " + String.join("\n  ", failures));
        }
        return gated.targets();
    }

    /**
     * Into the warehouse: data, state, load records, the run's end (when the history is the
     * warehouse's) and the dropping of the staging tables in ONE transaction. Into a database: data,
     * state and load records in one transaction of that database, then the run's end here; a process
     * killed between the two is reconciled by the next run ({@link #reconcile}); {@link TestHooks} lets the
     * kill tests stop the process exactly there.
     */
    private void publish(Destination destination, List<TargetRows> targets, Map<String, String> state, boolean resetState,
                         RunStaging staging) throws SQLException, DestinationException {
        boolean inWarehouse = destination instanceof WarehouseDestination;
        tally.enter("publishing", "publishing into " + pipeline.load().table() + (inWarehouse ? "" : " in " + destination.describe()));
        List<TableWrite> writes = targets.stream().map(p -> TableWrites.of(p.target(), p.data(), inWarehouse)).toList();
        targets.forEach(t -> tally.published.add(t.target().table().toString()));
        List<String> warnings = new ArrayList<>();
        PublishRequest request = new PublishRequest(pipeline.name(), context.runId(), context.fullRefresh(), resetState, state, writes,
                tally.counts(), staging.connection(), warnings);
        if (inWarehouse) {
            MetadataStore store = context.store();
            ((WarehouseDestination) destination).publish(request, (transaction, schemaChanges) -> {
                staging.dropTables(transaction);
                if (store.inWarehouse()) {
                    tally.finishPhase();
                    store.finishRun(end(RunStatus.SUCCESS, schemaChanges), transaction);
                }
            });
            tally.warnAll(warnings);
            if (!store.inWarehouse()) {
                TestHooks.afterDestinationCommit(context.runId());
                tally.finishPhase();
                store.finishRun(end(RunStatus.SUCCESS));
            }
            return;
        }
        destination.publish(request);
        TestHooks.afterDestinationCommit(context.runId());
        staging.dropTables();
        tally.warnAll(warnings);
        tally.finishPhase();
        context.store().finishRun(end(RunStatus.SUCCESS));
    }

    private FinishedRun end(RunStatus status) {
        return end(status, List.of());
    }

    /** The successful run's end, with {@code more} warnings than the tally holds yet. */
    private FinishedRun end(RunStatus status, List<String> more) {
        List<String> warnings = new ArrayList<>(tally.warnings);
        warnings.addAll(more);
        return new FinishedRun(context.runId(), status, tally.counts(), null, null, List.copyOf(warnings), phases());
    }

    private Map<String, Long> phases() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tally.phases));
    }

    private static ErrorKind kindOf(Exception e) {
        if (e instanceof TributaryException t) {
            return t.kind();
        }
        if (e instanceof SourceException s) {
            return s.isUnreachable() ? ErrorKind.SOURCE_UNREACHABLE : ErrorKind.RUN_FAILED;
        }
        if (e instanceof DestinationException || e instanceof SQLException) {
            return ErrorKind.RUN_FAILED;
        }
        return ErrorKind.INTERNAL;
    }

    private String describe(String phase, Exception e) {
        if (e instanceof SourceException || e instanceof DestinationException || e instanceof TributaryException) {
            return e.getMessage();
        }
        if (e instanceof SQLException sql) {
            return phase + ": " + EngineMessages.explain(sql, pipeline.file().getFileName().toString());
        }
        return phase + ": " + e;
    }

    private RunResult result(RunStatus status, ErrorKind kind, String error) {
        return new RunResult(context.runId(), pipeline.name(), status, tally.read, tally.loaded, tally.rejected, tally.bytes,
                status == RunStatus.SUCCESS ? tally.units : 0, 0, pipeline.load().table().toString(),
                (System.nanoTime() - started) / 1_000_000, List.copyOf(tally.warnings), error, tally.skippedBlank, kind,
                phases(), List.copyOf(checks), tally.filtered, tally.quarantined, List.copyOf(tally.steps),
                status == RunStatus.SUCCESS ? List.copyOf(tally.published) : List.of());
    }
}
