package io.tributary.engine;

import io.tributary.config.Secrets;
import io.tributary.error.TributaryException;
import io.tributary.spec.CheckSpec;
import io.tributary.spec.LoadMode;
import io.tributary.spec.PipelineSpec;
import io.tributary.spec.ProjectSpec;
import io.tributary.spec.Tolerance;
import io.tributary.spec.ConnectionSpec;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import io.tributary.spi.DestinationFactory;
import io.tributary.spi.DestinationRegistry;
import io.tributary.spi.Publication;
import io.tributary.spi.PublishedTable;
import io.tributary.spi.SourceException;
import io.tributary.spi.StagedStream;
import io.tributary.spi.StreamTarget;
import io.tributary.spi.SourceState;
import io.tributary.spi.SourceUnit;
import io.tributary.spi.StagedUnit;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Runs one pipeline: plan, stage every unit into DuckDB, transform, check, then publish data, source
 * state, load record and run status in one warehouse transaction. Killing the process at any point
 * leaves the warehouse as before the run (DuckDB rolls back the open transaction on the next open);
 * the next run drops the leftover staging tables and marks the dead run as abandoned.
 */
public final class PipelineRunner {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PipelineRunner.class);
    private final ProjectSpec project;
    private final RunListener listener;
    private final DestinationRegistry destinations;

    public PipelineRunner(ProjectSpec project, RunListener listener) {
        this.project = project;
        this.listener = listener;
        this.destinations = DestinationRegistry.load();
    }

    public RunResult run(PipelineSpec pipeline, boolean fullRefresh) {
        try (Warehouse warehouse = Warehouse.open(project.warehouse())) {
            return run(warehouse, pipeline, fullRefresh);
        }
    }

    public RunResult run(Warehouse warehouse, PipelineSpec pipeline, boolean fullRefresh) {
        Connection connection = warehouse.connection();
        Metadata metadata = new Metadata(connection);
        long runId;
        long preparing = System.nanoTime();
        try {
            metadata.markAbandonedRuns();
            metadata.dropLeftoverStaging();
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident(pipeline.load().table().schema()));
            }
            runId = metadata.startRun(pipeline.name(), pipeline.load().table().toString(), pipeline.load().mode().yamlName(), fullRefresh);
        } catch (SQLException e) {
            throw TributaryException.failed("cannot prepare the run in the warehouse " + warehouse.path() + ": " + e.getMessage());
        }
        long started = System.nanoTime();
        LOG.debug("run {}: preparing took {} ms", runId, (started - preparing) / 1_000_000);
        listener.started(runId, pipeline.name(), pipeline.source().describe());
        Attempt attempt = new Attempt(runId);
        try (RunStaging staging = pipeline.load().destination() == null
                ? RunStaging.inWarehouse(connection, runId, pipeline.name(), pipeline.load().table().schema(), listener)
                : RunStaging.inMemory(connection, runId, pipeline.name(), listener)) {
            try {
                attempt.execute(pipeline, fullRefresh, staging, metadata, connection);
                return attempt.result(pipeline, RunStatus.SUCCESS, null, started);
            } catch (SourceException | DestinationException | SQLException | RuntimeException e) {
                if (e instanceof SourceException partial) {
                    attempt.readBeforeFailure(partial);
                }
                String error = Secrets.redact(describe(attempt.phase, e));
                attempt.countRecordedRejects(staging.warehouseRejects().written());
                try {
                    staging.dropTables();
                    metadata.finishRun(runId, RunStatus.FAILED, attempt.read, attempt.loaded, attempt.rejected, attempt.bytes, 0, error,
                            attempt.skippedBlank);
                } catch (SQLException cleanup) {
                    e.addSuppressed(cleanup);
                }
                return attempt.result(pipeline, RunStatus.FAILED, error, started);
            }
        } catch (SQLException e) {
            throw TributaryException.failed("run " + runId + " of " + pipeline.name() + ": preparing its staging area or saving rejected rows failed: " + e.getMessage());
        }
    }

    private static String describe(String phase, Exception e) {
        if (e instanceof SourceException || e instanceof DestinationException || e instanceof TributaryException) {
            return e.getMessage();
        }
        if (e instanceof SQLException) {
            return phase + ": " + e.getMessage();
        }
        return phase + ": " + e;
    }

    /** The staging tables of one stream, across units. */
    private static final class StreamParts {
        final StreamTarget target;
        final List<String> tables = new ArrayList<>();
        final List<String> labels = new ArrayList<>();

        StreamParts(StreamTarget target) {
            this.target = target;
        }

        void add(String table, String label) {
            tables.add(table);
            labels.add(label);
        }
    }

    /** A table to publish and its staged rows. */
    private record Publishing(PublishTarget target, StagedData data) {}

    /** The mutable tallies of one run, kept apart from the runner so a runner can be reused. */
    private final class Attempt {
        final long runId;
        String phase = "planning";
        long phaseStarted = System.nanoTime();

        /** Enters the next phase, logging how long the previous one took (TRIBUTARY_LOG_LEVEL=DEBUG). */
        void enter(String next) {
            long now = System.nanoTime();
            LOG.debug("run {}: {} took {} ms", runId, phase, (now - phaseStarted) / 1_000_000);
            phase = next;
            phaseStarted = now;
        }
        long read;
        long loaded;
        long rejected;
        long bytes;
        long skippedBlank;
        int units;
        final List<String> warnings = new ArrayList<>();

        Attempt(long runId) {
            this.runId = runId;
        }

        /** A unit that failed part-way counts what it had read, as rows read successfully and not published. */
        void readBeforeFailure(SourceException failure) {
            read += failure.rowsRead();
            loaded += failure.rowsRead();
            bytes += failure.bytesRead();
        }

        /**
         * A unit that failed after rejecting rows never reported its counts, but its rejects are
         * recorded (and stay, to show why): count them, as rows read and rejected.
         */
        void countRecordedRejects(long recorded) {
            if (recorded > rejected) {
                read += recorded - rejected;
                rejected = recorded;
            }
        }

        void execute(PipelineSpec pipeline, boolean fullRefresh, RunStaging staging, Metadata metadata, Connection connection)
                throws SourceException, SQLException, DestinationException {
            boolean readEverything = fullRefresh || pipeline.load().mode() == LoadMode.REPLACE;
            boolean resetState = readEverything || pipeline.source().replacesState();
            try (Destination destination = openDestination(pipeline)) {
                if (destination != null) {
                    destination.recover(pipeline.name());
                }
                SourceState state = readEverything ? SourceState.EMPTY
                        : destination == null ? metadata.state(pipeline.name()) : destination.state(pipeline.name());
                List<SourceUnit> planned = pipeline.source().plan(state);
                listener.planned(planned.size(), resetState ? 0 : (int) state.values().keySet().stream()
                        .filter(k -> planned.stream().noneMatch(u -> u.key().equals(k))).count(), pipeline.source().unitNoun());
                Map<String, String> stateEntries = new LinkedHashMap<>();
                List<String> tables = new ArrayList<>();
                List<String> labels = new ArrayList<>();
                Map<String, StreamParts> streams = new LinkedHashMap<>();
                if (!planned.isEmpty()) {
                    enter("preparing to read");
                    pipeline.source().prepare(planned, state, staging);
                    warnings.addAll(staging.takeWarnings());
                }
                for (SourceUnit unit : planned) {
                    enter("reading " + unit.label());
                    long unitStarted = System.nanoTime();
                    StagedUnit staged = pipeline.source().stage(unit, staging);
                    staging.rejects().flush();
                    warnings.addAll(staging.takeWarnings());
                    read += staged.read();
                    loaded += staged.loaded();
                    rejected += staged.rejected();
                    bytes += staged.bytes();
                    skippedBlank += staged.skippedBlank();
                    warnings.addAll(staged.warnings());
                    if (staged.table() != null) {
                        tables.add(staged.table());
                        labels.add(unit.label());
                    }
                    for (StagedStream stream : staged.streams()) {
                        streams.computeIfAbsent(stream.target().table(), t -> new StreamParts(stream.target())).add(stream.table(), unit.label());
                    }
                    stateEntries.put(unit.key(), staged.state());
                    if (unit.changed()) {
                        warnings.add(unit.label() + " changed since it was loaded; it was read again (" + pipeline.load().mode().yamlName() + " mode)");
                    }
                    listener.staged(unit.label(), staged.loaded(), staged.rejected(), (System.nanoTime() - unitStarted) / 1_000_000);
                }
                units = planned.size();
                if (planned.isEmpty()) {
                    warnings.add("nothing new to load: every " + pipeline.source().unitNoun() + " was loaded before");
                    metadata.finishRun(runId, RunStatus.SUCCESS, 0, 0, 0, 0, 0, null);
                    return;
                }
                List<Publishing> publishing = new ArrayList<>();
                if (!tables.isEmpty()) {
                    enter("transforming");
                    publishing.add(new Publishing(PublishTarget.main(pipeline.load()), stagedData(connection, tables, labels, pipeline, staging)));
                } else if (!streams.isEmpty() && (!pipeline.transform().isEmpty() || !pipeline.checks().isEmpty())) {
                    throw TributaryException.failed("transform and checks apply to the pipeline's main table " + pipeline.load().table()
                            + ", but this source loads only the tables " + String.join(", ", streams.keySet())
                            + ". Split it into one pipeline per table to transform or check them.");
                }
                String mainRows = tables.isEmpty() ? null : unionRelation(tables);
                for (StreamParts stream : streams.values()) {
                    PublishTarget target = PublishTarget.stream(pipeline.load(), stream.target, mainRows);
                    publishing.add(new Publishing(target, union(connection, stream.tables)));
                }
                if (pipeline.maxRejected().exceededBy(rejected, read)) {
                    throw TributaryException.failed(rejected + " of " + read + " rows were rejected, more than max_rejected allows ("
                            + pipeline.maxRejected() + "). Nothing was published. See why: tributary sql \"SELECT * FROM _tributary.rejected_rows WHERE run_id = "
                            + runId + "\"");
                }
                if (rejected > 0) {
                    warnings.add(rejected + (rejected == 1 ? " row" : " rows") + " rejected; see tributary sql \"SELECT * FROM _tributary.rejected_rows WHERE run_id = " + runId + "\"");
                }

                enter("checking");
                for (Publishing table : publishing) {
                    check(connection, pipeline, table, table.target().table().equals(pipeline.load().table()) && !tables.isEmpty());
                }

                if (destination == null) {
                    publishIntoWarehouse(pipeline, fullRefresh, resetState, publishing, stateEntries, staging, metadata, connection);
                } else {
                    publishInto(destination, pipeline, fullRefresh, resetState, publishing, stateEntries, staging, metadata, connection);
                }
                enter("done");
            }
        }

        /** Data, state, load records and the run's status in ONE warehouse transaction. */
        private void publishIntoWarehouse(PipelineSpec pipeline, boolean fullRefresh, boolean resetState, List<Publishing> publishing,
                                          Map<String, String> stateEntries, RunStaging staging, Metadata metadata, Connection connection)
                throws SQLException {
            enter("publishing into " + pipeline.load().table());
            connection.setAutoCommit(false);
            try {
                for (Publishing table : publishing) {
                    long rows = new Publisher(connection).publish(table.target(), fullRefresh, table.data(), warnings);
                    metadata.recordLoad(runId, pipeline.name(), table.target().table().toString(), pipeline.load().mode().yamlName(), units, rows);
                }
                if (publishing.isEmpty()) {
                    metadata.recordLoad(runId, pipeline.name(), pipeline.load().table().toString(), pipeline.load().mode().yamlName(), units, 0);
                }
                metadata.saveState(pipeline.name(), runId, stateEntries, resetState);
                metadata.finishRun(runId, RunStatus.SUCCESS, read, loaded, rejected, bytes, units, null, skippedBlank);
                staging.dropTables();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }

        /**
         * Data and state in ONE transaction of the destination database; then the run's record in the
         * warehouse. A process killed between the two leaves the run 'abandoned' in the history
         * although its data is published: the state committed with the data is what makes the next
         * run load nothing twice.
         */
        private void publishInto(Destination destination, PipelineSpec pipeline, boolean fullRefresh, boolean resetState,
                                 List<Publishing> publishing, Map<String, String> stateEntries, RunStaging staging,
                                 Metadata metadata, Connection connection) throws SQLException, DestinationException {
            enter("publishing into " + pipeline.load().table() + " in " + destination.describe());
            List<PublishedTable> tables = publishing.stream().map(p -> new PublishedTable(p.target().table(), p.target().mode(),
                    p.target().key(), p.target().replacesGroups(), p.target().schema(), Publisher.rowsToWrite(p.target(), p.data(), false),
                    (index, count) -> Publisher.rowsPart(p.target(), p.data(), index, count),
                    p.data().columns(), p.target().groups(p.data()))).toList();
            long rows = destination.publish(new Publication(pipeline.name(), runId, fullRefresh, resetState, stateEntries, tables,
                    connection, warnings));
            // In-memory staging tables: one DuckDB transaction may write to one database only.
            staging.dropTables();
            connection.setAutoCommit(false);
            try {
                metadata.recordLoad(runId, pipeline.name(), pipeline.load().destination() + ":" + pipeline.load().table(),
                        pipeline.load().mode().yamlName(), units, rows);
                metadata.finishRun(runId, RunStatus.SUCCESS, read, loaded, rejected, bytes, units, null, skippedBlank);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }

        private StagedData stagedData(Connection connection, List<String> tables, List<String> labels, PipelineSpec pipeline,
                                      RunStaging staging) throws SQLException {
            String relation = unionRelation(tables);
            Map<String, String> staged = Columns.of(connection, "SELECT * EXCLUDE (" + StagedData.UNIT + ", " + StagedData.ROW + ") FROM " + relation);
            Transforms.Compiled compiled = Transforms.apply(relation, pipeline.transform(), new HashSet<>(staged.keySet()));
            relation = compiled.relation();
            if (compiled.rejects()) {
                relation = rejectFailedCasts(relation, labels, staging);
            }
            Map<String, String> columns = Columns.of(connection, "SELECT * EXCLUDE (" + StagedData.UNIT + ", " + StagedData.ROW + ") FROM " + relation);
            boolean renameable = tables.size() == 1 && pipeline.transform().isEmpty();
            return new StagedData(tables, relation, columns, renameable);
        }

        /** A stream's staged rows as they are: streams take no transforms. */
        private StagedData union(Connection connection, List<String> tables) throws SQLException {
            String relation = unionRelation(tables);
            Map<String, String> columns = Columns.of(connection, "SELECT * EXCLUDE (" + StagedData.UNIT + ", " + StagedData.ROW + ") FROM " + relation);
            return new StagedData(tables, relation, columns, tables.size() == 1);
        }

        /** The staging tables as one relation, with each row's unit position and row number for "last record wins". */
        private static String unionRelation(List<String> tables) {
            return "(" + IntStream.range(0, tables.size())
                    .mapToObj(i -> "SELECT *, " + i + " AS " + StagedData.UNIT + ", rowid AS " + StagedData.ROW + " FROM " + tables.get(i))
                    .collect(Collectors.joining(" UNION ALL BY NAME ")) + ")";
        }

        /**
         * Moves the rows a cast step could not convert to the rejected rows and returns the
         * relation without them. The staged rows no longer know their line in the file, so the
         * reason names the unit's record number instead (line 0 means unknown).
         */
        private String rejectFailedCasts(String relation, List<String> labels, RunStaging staging) throws SQLException {
            String unit = "CASE " + StagedData.UNIT + IntStream.range(0, labels.size())
                    .mapToObj(i -> " WHEN " + i + " THEN " + Sql.literal(labels.get(i))).collect(Collectors.joining()) + " END";
            String r = Transforms.REJECT;
            long failed = staging.rejects().rejectFromQuery("SELECT " + unit + " AS unit, CAST(0 AS BIGINT) AS line, "
                    + r + ".column AS column_name, " + r + ".value AS raw, 'cast: cannot convert ''' || " + r + ".value || ''' in column '"
                    + " || " + r + ".column || ' to ' || " + r + ".type || ' (data record ' || (" + StagedData.ROW + " + 1) || ')' AS reason "
                    + "FROM " + relation + " WHERE " + r + " IS NOT NULL ORDER BY " + StagedData.UNIT + ", " + StagedData.ROW);
            rejected += failed;
            loaded -= failed;
            return "(SELECT * EXCLUDE (" + r + ") FROM " + relation + " WHERE " + r + " IS NULL)";
        }

        /** The merge key's not-null check for every table, and the pipeline's checks for its main table. */
        private void check(Connection connection, PipelineSpec pipeline, Publishing table, boolean mainTable) throws SQLException {
            StagedData data = table.data();
            PublishTarget target = table.target();
            List<CheckSpec> checks = new ArrayList<>();
            if (target.keyed()) {
                if (target.key().isEmpty()) {
                    throw TributaryException.failed("table " + target.table() + " has no key to merge on (the source found no primary key); "
                            + "use load.mode append or replace, or give the source a key");
                }
                for (String key : target.key()) {
                    if (!data.columns().containsKey(key)) {
                        throw TributaryException.failed("the merge key column " + key + " is not in the data for table " + target.table() + "; its columns are "
                                + String.join(", ", data.columns().keySet()) + ". Fix load.key in " + pipeline.file().getFileName());
                    }
                }
                checks.add(new CheckSpec(CheckSpec.Kind.NOT_NULL, target.key(), List.of(), null, null, null,
                        Tolerance.count(0), CheckSpec.Severity.ERROR, "merge key"));
            }
            if (mainTable) {
                checks.addAll(pipeline.checks());
            }
            if (checks.isEmpty()) {
                return;
            }
            List<String> failures = new ArrayList<>();
            for (Checks.Outcome outcome : new Checks(connection).run(checks, data.userRelation(), data.columns())) {
                if (outcome.passed()) {
                    continue;
                }
                if (outcome.check().severity() == CheckSpec.Severity.WARN) {
                    warnings.add("check " + outcome.describe());
                } else {
                    failures.add(outcome.describe() + ("merge key".equals(outcome.check().description())
                            ? " (rows without a merge key cannot be merged)" : ""));
                }
            }
            if (!failures.isEmpty()) {
                throw TributaryException.failed("checks failed, nothing was published:\n  " + String.join("\n  ", failures));
            }
        }

        private Destination openDestination(PipelineSpec pipeline) throws DestinationException {
            String name = pipeline.load().destination();
            if (name == null) {
                return null;
            }
            ConnectionSpec connection = project.connections().get(name);
            if (connection == null) {
                throw new DestinationException("load.destination names the connection '" + name + "', which tributary.yml does not define");
            }
            DestinationFactory factory = destinations.get(connection.kind());
            if (factory == null) {
                throw new DestinationException("connection '" + name + "' is of kind " + connection.kind()
                        + ", which cannot be a destination; destinations can be " + String.join(", ", destinations.kinds())
                        + " (or leave out load.destination to load into the DuckDB warehouse)");
            }
            return factory.open(connection, project.dir());
        }

        RunResult result(PipelineSpec pipeline, RunStatus status, String error, long started) {
            return new RunResult(runId, pipeline.name(), status, read, loaded, rejected, bytes, status == RunStatus.SUCCESS ? units : 0,
                    0, pipeline.load().table().toString(), (System.nanoTime() - started) / 1_000_000, List.copyOf(warnings), error,
                    skippedBlank);
        }
    }
}
