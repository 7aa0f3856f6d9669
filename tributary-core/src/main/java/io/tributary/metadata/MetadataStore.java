package io.tributary.metadata;

import io.tributary.spi.RunCounts;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where Tributary keeps what happened: run history, check results, run logs, the processes that own
 * runs, and which run holds each pipeline. One interface, two stores: inside the DuckDB warehouse (the
 * default) and a PostgreSQL database ({@code metadata: {connection: NAME}}), each with versioned
 * migrations ({@link StoreMigrations}).
 *
 * <p>Exactly-once does not depend on this store: a run's data, source state and load record commit
 * together in the destination. When the store lives elsewhere, a run whose data committed but whose
 * end was not recorded here is reconciled from the destination's load record ({@link #reconcile}).
 *
 * <p>Implementations are safe for concurrent use by the runs of one process.
 */
public interface MetadataStore extends AutoCloseable {

    /** How long an owner on another host may go without a heartbeat before its runs count as abandoned. */
    Duration OWNER_LEASE = Duration.ofSeconds(60);

    /** One line for messages, without secrets. */
    String describe();

    /** True when the store is the warehouse's own DuckDB database, so a run can record its end in the publish transaction. */
    boolean inWarehouse();

    /** Records (or refreshes) the owner's row and heartbeat; called when a process starts running pipelines, then periodically. */
    void heartbeat(Owner owner);

    /** Inserts a {@code running} run with an id from the store's sequence. */
    long startRun(NewRun run);

    /** Records a run's end in its own transaction. */
    void finishRun(FinishedRun run);

    /**
     * Records a run's end inside {@code warehouseTransaction}, the open publish transaction of the
     * warehouse, so data and history commit together. Only when {@link #inWarehouse()}.
     */
    void finishRun(FinishedRun run, Connection warehouseTransaction);

    /**
     * Marks {@code success} a run that the destination's load record shows committed although this
     * store still has it running or abandoned (the process stopped between the two commits).
     * Returns false when the run is unknown or already finished.
     */
    boolean reconcile(long runId, RunCounts counts, String note);

    /** Marks as abandoned every running run whose owner is gone; returns their ids. */
    List<Long> abandonRunsOfGoneOwners();

    /**
     * Takes the pipeline for {@code runId}: true when no live run holds it (a lease held by a gone
     * owner is taken over). A pipeline never runs twice at once, in one process or several.
     */
    boolean acquirePipeline(String pipeline, long runId, Owner owner);

    /** Gives the pipeline back; only the holding run's release counts. */
    void releasePipeline(String pipeline, long runId);

    /** The run holding the pipeline now, if any live one does. */
    Optional<Long> pipelineHolder(String pipeline);

    /** The newest runs first, of one pipeline or (null) all. */
    List<RunRecord> runs(String pipeline, int limit);

    Optional<RunRecord> run(long runId);

    void saveCheckResults(List<CheckResult> results);

    /** A run's check results in the order they ran. */
    List<CheckResult> checkResults(long runId);

    /** The newest results of one pipeline's checks, newest run first, at most {@code limit} runs. */
    List<CheckResult> checkHistory(String pipeline, String check, int limit);

    void appendLogs(List<LogLine> lines);

    List<LogLine> logs(long runId);

    /** Pauses the pipeline: false (and nothing changed) when it is paused already. */
    boolean pause(Pause pause);

    /** Resumes the pipeline: the pause it ended, or empty when it was not paused. */
    Optional<Pause> resume(String pipeline);

    /** The paused pipelines, by name. */
    List<Pause> pauses();

    /** Stores a new API token by its SHA-256 (hex); false (nothing stored) when a token of that name exists, revoked or not. */
    boolean createApiToken(String name, String sha256, Instant createdAt);

    /** Every API token, revoked ones too, by name; never a token or its hash. */
    List<ApiToken> apiTokens();

    /** The valid (unrevoked) token with this SHA-256, its last use set to {@code usedAt}; empty when there is none. */
    Optional<ApiToken> useApiToken(String sha256, Instant usedAt);

    /** Revokes the token: false when there is no valid token of that name. */
    boolean revokeApiToken(String name, Instant revokedAt);
    /** Records a new backfill of {@code pipeline} with its windows (oldest first, all pending); returns its id. */
    long createBackfill(String pipeline, String window, String zone, List<BackfillWindow> windows);

    /** The window's attempt {@code runId} started; the window is running. */
    void startBackfillWindow(long backfillId, int seq, long runId);

    /** The window's attempt ended: done (its run published) or failed. */
    void endBackfillWindow(long backfillId, int seq, BackfillWindow.Status status);

    Optional<Backfill> backfill(long backfillId);

    /** The newest backfills first, with their windows; of one pipeline, or of all when {@code pipeline} is null. */
    List<Backfill> backfills(String pipeline, int limit);

    /**
     * Takes the right to run backfills of {@code pipeline} for {@code owner}: one process at a time, so
     * no window runs twice. False when a live process holds it; one that is gone loses it.
     */
    boolean acquireBackfills(String pipeline, Owner owner);

    void releaseBackfills(String pipeline, Owner owner);
    /**
     * Removes the runs that started before {@code startedBefore} or are beyond the newest {@code keepRuns}
     * of their pipeline, with their log lines and check results. Never removes a running run, a
     * pipeline's newest run, nor a run that something still refers to: a pipeline lease, an open alert
     * incident, a backfill window not done (its run tells whether it published). Backfills themselves
     * and everything in the destinations stay. With {@code dryRun} nothing is removed: the counts say
     * what would be.
     */
    Pruned prune(java.time.Instant startedBefore, int keepRuns, boolean dryRun);

    /** The open alert incidents, of every pipeline. */
    List<AlertIncident> openIncidents();

    /** Opens the incident unless one of its (pipeline, kind) is open: true when this call opened it. */
    boolean openIncident(AlertIncident incident);

    /** Records an open incident's new state, summary and time of the latest notice. */
    void updateIncident(AlertIncident incident);

    /** Ends the open incident of (pipeline, kind): true when there was one. */
    boolean resolveIncident(String pipeline, String kind);

    /** Counts one delivery to an alert channel and remembers the latest failure's reason. */
    void recordAlertDelivery(String channel, boolean delivered, String reason, java.time.Instant at);

    /** Every alert channel that was ever sent to, by name. */
    List<AlertChannelState> alertChannels();

    @Override
    void close();
}
