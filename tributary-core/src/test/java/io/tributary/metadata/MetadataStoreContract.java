package io.tributary.metadata;

import io.tributary.spi.RunCounts;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.config.Secrets;
import io.tributary.error.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every metadata store must do; run against the DuckDB warehouse and PostgreSQL. One store per
 * class (migrating it is the slow part); each test works on pipelines named for it alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MetadataStoreContract {
    private final Owner me = Owner.thisProcess();
    MetadataStore store;
    /** Prefix of this test's pipeline names. */
    private String test;

    /** A new, empty store, its schema migrated. */
    abstract MetadataStore openStore() throws Exception;

    /** Drops what {@link #openStore()} created. */
    abstract void dropStore() throws Exception;

    @BeforeAll
    void open() throws Exception {
        store = openStore();
    }

    @AfterAll
    void close() throws Exception {
        store.close();
        dropStore();
    }

    @BeforeEach
    void name() {
        test = "t" + UUID.randomUUID().toString().substring(0, 8) + "_";
    }

    private String p(String pipeline) {
        return test + pipeline;
    }

    private long start(String pipeline) {
        return store.startRun(new NewRun(p(pipeline), "main.orders", "append", false, me));
    }

    @Test
    void runIdsComeFromASequenceAndNeverRepeatWhenRunsStartAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Long>> ids = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String pipeline = "p" + (i % 8);
                ids.add(pool.submit(() -> start(pipeline)));
            }
            List<Long> got = new ArrayList<>();
            for (Future<Long> id : ids) {
                got.add(id.get());
            }
            assertThat(got).doesNotHaveDuplicates().hasSize(80);
            long recorded = IntStream.range(0, 8).mapToLong(i -> store.runs(p("p" + i), 1000).size()).sum();
            assertThat(recorded).isEqualTo(80);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFinishedRunKeepsItsCountsWarningsPhasesAndErrorKind() {
        long runId = start("orders");
        RunRecord running = store.run(runId).orElseThrow();
        assertThat(running.status()).isEqualTo(RunStatus.RUNNING);
        assertThat(running.ownerId()).isEqualTo(me.id());

        Map<String, Long> phases = new LinkedHashMap<>();
        phases.put("planning", 3L);
        phases.put("staging", 120L);
        phases.put("publishing", 40L);
        store.finishRun(new FinishedRun(runId, RunStatus.FAILED, new RunCounts(14, 7, 3, 1234, 2, 0, 3, 1), ErrorKind.RUN_FAILED,
                "checks failed", List.of("1 row rejected", "table main.orders: added column x"), phases));

        RunRecord done = store.run(runId).orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.FAILED);
        assertThat(done.counts()).isEqualTo(new RunCounts(14, 7, 3, 1234, 2, 0, 3, 1));
        assertThat(done.errorKind()).isEqualTo(ErrorKind.RUN_FAILED);
        assertThat(done.error()).isEqualTo("checks failed");
        assertThat(done.warnings()).containsExactly("1 row rejected", "table main.orders: added column x");
        assertThat(done.phases()).containsExactly(Map.entry("planning", 3L), Map.entry("staging", 120L), Map.entry("publishing", 40L));
        assertThat(done.endedAt()).isNotNull();
        assertThat(done.startedAt()).isBeforeOrEqualTo(done.endedAt());
    }

    @Test
    void theHistoryListsTheNewestRunsFirstOptionallyOfOnePipeline() {
        long a = start("a");
        long b = start("b");
        long c = start("a");
        assertThat(store.runs(null, 3)).extracting(RunRecord::runId).containsExactly(c, b, a);
        assertThat(store.runs(p("a"), 10)).extracting(RunRecord::runId).containsExactly(c, a);
        assertThat(store.runs(p("a"), 1)).extracting(RunRecord::runId).containsExactly(c);
    }

    @Test
    void aRunOfALiveOwnerIsNeverAbandoned() {
        long runId = start("orders");
        assertThat(store.abandonRunsOfGoneOwners()).doesNotContain(runId);
        assertThat(store.run(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }

    @Test
    void aRunWhoseOwnerProcessExitedReadsAsAbandonedAndIsMarkedSo() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Owner dead = new Owner("dead-owner", me.host(), gone.pid(), gone.info().startInstant().orElse(Instant.now()));
        long runId = store.startRun(new NewRun(p("orders"), "main.orders", "append", false, dead));

        RunRecord read = store.run(runId).orElseThrow();
        assertThat(read.status()).isEqualTo(RunStatus.ABANDONED);
        assertThat(read.error()).contains("stopped during the run");

        assertThat(store.abandonRunsOfGoneOwners()).contains(runId);
        assertThat(store.abandonRunsOfGoneOwners()).doesNotContain(runId);
        assertThat(store.run(runId).orElseThrow().status()).isEqualTo(RunStatus.ABANDONED);
    }

    @Test
    void anOwnerOnAnotherHostIsGoneOnlyWhenItsHeartbeatIsOlderThanTheLease() {
        Owner remote = new Owner("remote-owner", "another-host.example", 4242, Instant.now());
        long runId = store.startRun(new NewRun(p("orders"), "main.orders", "append", false, remote));
        assertThat(store.run(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        Instant longAgo = Instant.now().minus(MetadataStore.OWNER_LEASE).minus(Duration.ofMinutes(1));
        assertThat(remote.isGone(longAgo, Instant.now(), MetadataStore.OWNER_LEASE)).isTrue();
        assertThat(remote.isGone(Instant.now(), Instant.now(), MetadataStore.OWNER_LEASE)).isFalse();
    }

    @Test
    void aPipelineIsHeldByOneRunAtATime() {
        long first = start("orders");
        long second = start("orders");
        assertThat(store.acquirePipeline(p("orders"), first, me)).isTrue();
        assertThat(store.acquirePipeline(p("orders"), second, me)).isFalse();
        assertThat(store.pipelineHolder(p("orders"))).contains(first);
        assertThat(store.acquirePipeline(p("customers"), second, me)).isTrue();

        store.releasePipeline(p("orders"), second);
        assertThat(store.pipelineHolder(p("orders"))).contains(first);
        store.releasePipeline(p("orders"), first);
        assertThat(store.acquirePipeline(p("orders"), second, me)).isTrue();
    }

    @Test
    void aPipelineHeldByAFinishedOrGoneRunIsTakenOver() throws Exception {
        long finished = start("orders");
        assertThat(store.acquirePipeline(p("orders"), finished, me)).isTrue();
        store.finishRun(new FinishedRun(finished, RunStatus.SUCCESS, RunCounts.NONE, null, null, List.of(), Map.of()));
        long next = start("orders");
        assertThat(store.acquirePipeline(p("orders"), next, me)).isTrue();

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Owner dead = new Owner("dead", me.host(), gone.pid(), gone.info().startInstant().orElse(Instant.now()));
        long orphan = store.startRun(new NewRun(p("customers"), "main.customers", "append", false, dead));
        assertThat(store.acquirePipeline(p("customers"), orphan, dead)).isTrue();
        long mine = start("customers");
        assertThat(store.acquirePipeline(p("customers"), mine, me)).isTrue();
    }

    @Test
    void reconcilingMarksAnUnfinishedRunSuccessfulWithTheDestinationsCounts() {
        long runId = start("orders");
        assertThat(store.reconcile(runId, new RunCounts(8, 5, 0, 100, 1, 0, 2, 1), "reconciled from the destination's load record")).isTrue();
        RunRecord run = store.run(runId).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.SUCCESS);
        assertThat(run.counts()).isEqualTo(new RunCounts(8, 5, 0, 100, 1, 0, 2, 1));
        assertThat(run.warnings()).containsExactly("reconciled from the destination's load record");
        assertThat(store.reconcile(runId, RunCounts.NONE, "again")).isFalse();
        assertThat(store.reconcile(999_999, RunCounts.NONE, "unknown")).isFalse();
    }

    @Test
    void checkResultsAreKeptPerRunWithAtMostTwentySamples() {
        long first = start("orders");
        long second = start("orders");
        List<String> samples = IntStream.range(0, 30).mapToObj(i -> "'bad" + i + "'").toList();
        store.saveCheckResults(List.of(
                new CheckResult(first, p("orders"), "main.orders", "not_null(email)", "not_null", "error", CheckResult.Status.FAIL,
                        30, 100, "1%", samples, 12, "30 of 100 rows fail"),
                new CheckResult(first, p("orders"), "main.orders", "unique(id)", "unique", "error", CheckResult.Status.PASS,
                        0, 100, "0", List.of(), 5, null)));
        store.saveCheckResults(List.of(new CheckResult(second, p("orders"), "main.orders", "not_null(email)", "not_null", "error",
                CheckResult.Status.PASS, 0, 120, "1%", List.of(), 9, null)));

        List<CheckResult> results = store.checkResults(first);
        assertThat(results).extracting(CheckResult::check).containsExactlyInAnyOrder("not_null(email)", "unique(id)");
        CheckResult failing = results.stream().filter(r -> r.status() == CheckResult.Status.FAIL).findFirst().orElseThrow();
        assertThat(failing.failing()).isEqualTo(30);
        assertThat(failing.rows()).isEqualTo(100);
        assertThat(failing.threshold()).isEqualTo("1%");
        assertThat(failing.samples()).hasSize(CheckResult.MAX_SAMPLES).startsWith("'bad0'");

        assertThat(store.checkHistory(p("orders"), "not_null(email)", 10)).extracting(CheckResult::runId).containsExactly(second, first);
    }

    @Test
    void aRunsLogLinesComeBackInOrder() {
        long runId = start("orders");
        Instant now = Instant.now();
        List<LogLine> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lines.add(new LogLine(runId, i, now.plusMillis(i), i == 3 ? "WARN" : "INFO", "line " + i));
        }
        Collections.shuffle(lines);
        store.appendLogs(lines);
        assertThat(store.logs(runId)).extracting(LogLine::message).containsExactly("line 0", "line 1", "line 2", "line 3", "line 4");
        assertThat(store.logs(runId + 1000)).isEmpty();
    }

    @Test
    void secretsNeverReachTheStore() {
        Secrets.remember("hunter2-store-secret");
        long runId = start("orders");
        store.finishRun(new FinishedRun(runId, RunStatus.FAILED, RunCounts.NONE, ErrorKind.SOURCE_UNREACHABLE,
                "password hunter2-store-secret refused", List.of("token hunter2-store-secret"), Map.of()));
        store.appendLogs(List.of(new LogLine(runId, 0, Instant.now(), "INFO", "using hunter2-store-secret")));
        RunRecord run = store.run(runId).orElseThrow();
        assertThat(run.error()).doesNotContain("hunter2").contains(Secrets.MASK);
        assertThat(run.warnings()).allSatisfy(w -> assertThat(w).doesNotContain("hunter2"));
        assertThat(store.logs(runId)).allSatisfy(l -> assertThat(l.message()).doesNotContain("hunter2"));
    }

    @Test
    void aPausedPipelineStaysPausedUntilResumedAndPausingTwiceKeepsTheFirstPause() {
        Instant at = Instant.parse("2026-12-04T10:15:30Z");
        assertThat(store.pause(new Pause(p("orders"), at, "supplier migrating"))).isTrue();
        assertThat(store.pause(new Pause(p("orders"), at.plusSeconds(60), "again"))).as("paused already").isFalse();
        assertThat(store.pause(new Pause(p("customers"), at, null))).isTrue();

        assertThat(store.pauses()).filteredOn(pause -> pause.pipeline().startsWith(test))
                .containsExactly(new Pause(p("customers"), at, null), new Pause(p("orders"), at, "supplier migrating"));
        assertThat(store.resume(p("orders"))).contains(new Pause(p("orders"), at, "supplier migrating"));
        assertThat(store.resume(p("orders"))).as("not paused any more").isEmpty();
        assertThat(store.pauses()).filteredOn(pause -> pause.pipeline().startsWith(test)).extracting(Pause::pipeline).containsExactly(p("customers"));
    }

    @Test
    void anApiTokenIsFoundByItsHashUntilRevokedAndItsNameIsTakenOnce() {
        Instant made = Instant.parse("2026-12-05T08:00:00Z");
        String hash = test + "0123456789abcdef";
        assertThat(store.createApiToken(p("ci"), hash, made)).isTrue();
        assertThat(store.createApiToken(p("ci"), test + "other", made)).as("the name is taken").isFalse();
        assertThat(store.apiTokens()).filteredOn(t -> t.name().startsWith(test)).containsExactly(new ApiToken(p("ci"), made, null, null));

        Instant used = made.plusSeconds(90);
        assertThat(store.useApiToken(hash, used)).contains(new ApiToken(p("ci"), made, used, null));
        assertThat(store.useApiToken(test + "unknown", used)).isEmpty();

        Instant revoked = made.plusSeconds(300);
        assertThat(store.revokeApiToken(p("ci"), revoked)).isTrue();
        assertThat(store.revokeApiToken(p("ci"), revoked)).as("revoked already").isFalse();
        assertThat(store.useApiToken(hash, revoked.plusSeconds(1))).as("a revoked token is refused").isEmpty();
        assertThat(store.apiTokens()).filteredOn(t -> t.name().startsWith(test)).containsExactly(new ApiToken(p("ci"), made, used, revoked));
    }

    @Test
    void aBackfillKeepsItsWindowsInOrderWithEachWindowsRunAndStatus() {
        Instant day = Instant.parse("2026-01-01T00:00:00Z");
        List<BackfillWindow> windows = IntStream.range(0, 3)
                .mapToObj(i -> BackfillWindow.pending(i, day.plus(Duration.ofDays(i)), day.plus(Duration.ofDays(i + 1)))).toList();
        long id = store.createBackfill(p("orders"), "1d", "UTC", windows);
        long other = store.createBackfill(p("customers"), "6h", "Europe/Berlin", windows.subList(0, 1));
        long runId = start("orders");
        store.startBackfillWindow(id, 0, runId);
        store.endBackfillWindow(id, 0, BackfillWindow.Status.DONE);
        long next = start("orders"); // a real run: another test's run would get the id runId + 1 (and pruning keeps what a window refers to)
        store.startBackfillWindow(id, 1, next);

        Backfill read = store.backfill(id).orElseThrow();
        assertThat(read.pipeline()).isEqualTo(p("orders"));
        assertThat(read.from()).isEqualTo(day);
        assertThat(read.to()).isEqualTo(day.plus(Duration.ofDays(3)));
        assertThat(read.window()).isEqualTo("1d");
        assertThat(read.zone()).isEqualTo("UTC");
        assertThat(read.windows()).extracting(BackfillWindow::status)
                .containsExactly(BackfillWindow.Status.DONE, BackfillWindow.Status.RUNNING, BackfillWindow.Status.PENDING);
        assertThat(read.windows()).extracting(BackfillWindow::runId).containsExactly(runId, next, null);
        assertThat(read.windows().get(2).from()).isEqualTo(day.plus(Duration.ofDays(2)));
        assertThat(read.complete()).isFalse();
        assertThat(read.done()).isEqualTo(1);
        assertThat(other).isGreaterThan(id);
        assertThat(store.backfills(p("orders"), 10)).extracting(Backfill::id).containsExactly(id);
        assertThat(store.backfills(null, 1000)).extracting(Backfill::id).contains(id, other);
        assertThat(store.backfill(other).orElseThrow().zone()).isEqualTo("Europe/Berlin");
        assertThat(store.backfill(999_999)).isEmpty();
    }

    @Test
    void theBackfillsOfAPipelineAreRunByOneLiveProcessAtATime() throws Exception {
        Owner other = new Owner("other-" + test, "another-host.example", 4242, Instant.now());
        store.heartbeat(other);
        assertThat(store.acquireBackfills(p("orders"), me)).isTrue();
        assertThat(store.acquireBackfills(p("orders"), me)).as("the holder may ask again").isTrue();
        assertThat(store.acquireBackfills(p("orders"), other)).isFalse();
        assertThat(store.acquireBackfills(p("customers"), other)).isTrue();
        store.releaseBackfills(p("orders"), other);
        assertThat(store.acquireBackfills(p("orders"), other)).as("only the holder gives it back").isFalse();
        store.releaseBackfills(p("orders"), me);
        assertThat(store.acquireBackfills(p("orders"), other)).isTrue();

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Owner dead = new Owner("dead-" + test, me.host(), gone.pid(), gone.info().startInstant().orElse(Instant.now()));
        store.heartbeat(dead);
        assertThat(store.acquireBackfills(p("invoices"), dead)).isTrue();
        assertThat(store.acquireBackfills(p("invoices"), me)).as("a process that is gone loses it").isTrue();
    }

    @Test
    void oneAlertIncidentIsOpenPerPipelineAndKindUntilResolvedAndItsNoticesAreKept() {
        Instant opened = Instant.parse("2026-12-04T10:00:00Z");
        AlertIncident failure = new AlertIncident(p("orders"), "failure", null, opened, opened, 7L, "Pipeline orders failed");
        assertThat(store.openIncident(failure)).isTrue();
        assertThat(store.openIncident(failure.notified(opened.plusSeconds(5)))).as("already open: not opened twice").isFalse();
        assertThat(store.openIncident(new AlertIncident(p("orders"), "stale", null, opened, opened, null, "stale"))).isTrue();
        store.updateIncident(new AlertIncident(p("orders"), "failure", "x", opened, opened.plusSeconds(3600), 7L, "still failing"));
        List<AlertIncident> open = store.openIncidents().stream().filter(i -> i.pipeline().equals(p("orders"))).toList();
        assertThat(open).extracting(AlertIncident::kind).containsExactlyInAnyOrder("failure", "stale");
        AlertIncident read = open.stream().filter(i -> i.kind().equals("failure")).findFirst().orElseThrow();
        assertThat(read).isEqualTo(new AlertIncident(p("orders"), "failure", "x", opened, opened.plusSeconds(3600), 7L, "still failing"));
        assertThat(open.stream().filter(i -> i.kind().equals("stale")).findFirst().orElseThrow().runId()).isNull();
        assertThat(store.resolveIncident(p("orders"), "failure")).isTrue();
        assertThat(store.resolveIncident(p("orders"), "failure")).as("resolved once").isFalse();
        assertThat(store.openIncidents()).extracting(AlertIncident::pipeline, AlertIncident::kind).doesNotContain(
                org.assertj.core.groups.Tuple.tuple(p("orders"), "failure")).contains(org.assertj.core.groups.Tuple.tuple(p("orders"), "stale"));
        assertThat(store.openIncident(failure)).as("after its end the trouble opens a new incident").isTrue();
    }

    @Test
    void alertDeliveriesAreCountedPerChannelWithTheLatestFailure() {
        Instant at = Instant.parse("2026-12-04T10:00:00Z");
        Secrets.remember("hunter2-alert-secret");
        store.recordAlertDelivery(p("hook"), true, null, at);
        store.recordAlertDelivery(p("hook"), false, "connection refused by http://127.0.0.1:1 (key hunter2-alert-secret)", at.plusSeconds(60));
        store.recordAlertDelivery(p("hook"), false, "HTTP 500 from http://127.0.0.1:1", at.plusSeconds(120));
        store.recordAlertDelivery(p("mail"), true, null, at);
        AlertChannelState hook = store.alertChannels().stream().filter(c -> c.channel().equals(p("hook"))).findFirst().orElseThrow();
        assertThat(hook).isEqualTo(new AlertChannelState(p("hook"), at.plusSeconds(120), false, at, at.plusSeconds(120),
                "HTTP 500 from http://127.0.0.1:1", 1, 2));
        assertThat(hook.failing()).isTrue();
        store.recordAlertDelivery(p("hook"), true, null, at.plusSeconds(180));
        hook = store.alertChannels().stream().filter(c -> c.channel().equals(p("hook"))).findFirst().orElseThrow();
        assertThat(hook.failing()).isFalse();
        assertThat(hook.lastFailure()).as("the latest failure stays visible").isEqualTo("HTTP 500 from http://127.0.0.1:1");
        assertThat(hook.delivered()).isEqualTo(2);
        store.recordAlertDelivery(p("leak"), false, "refused (key hunter2-alert-secret)", at);
        assertThat(store.alertChannels()).allSatisfy(c -> assertThat(String.valueOf(c.lastFailure())).doesNotContain("hunter2"));
    }

    // ------------------------------------------------------------------ pruning (the store is shared by the tests:
    // each looks at its own pipelines only, and at what a dry run and a prune report against each other)

    private long finished(String pipeline, RunStatus status) {
        long runId = start(pipeline);
        store.appendLogs(List.of(new LogLine(runId, 0, Instant.now(), "INFO", "run " + runId), new LogLine(runId, 1, Instant.now(), "INFO", "done")));
        store.saveCheckResults(List.of(new CheckResult(runId, p(pipeline), "main.orders", "unique(id)", "unique", "error",
                CheckResult.Status.PASS, 0, 10, "0", List.of(), 1, null)));
        store.finishRun(new FinishedRun(runId, status, RunCounts.NONE, status == RunStatus.SUCCESS ? null : ErrorKind.INTERNAL,
                status == RunStatus.SUCCESS ? null : "boom", List.of(), Map.of()));
        return runId;
    }

    private List<Long> runIds(String pipeline) {
        return store.runs(p(pipeline), 100).stream().map(RunRecord::runId).toList();
    }

    @Test
    void pruningKeepsTheNewestRunsOfEachPipelineAndRemovesTheOthersWithTheirLogsAndCheckResults() {
        List<Long> orders = IntStream.range(0, 5).mapToObj(i -> finished("orders", i % 2 == 0 ? RunStatus.SUCCESS : RunStatus.FAILED)).toList();
        long customer = finished("customers", RunStatus.SUCCESS);

        Pruned pruned = store.prune(Instant.EPOCH, 2, false);

        assertThat(pruned.runsByPipeline()).containsEntry(p("orders"), 3L).doesNotContainKey(p("customers"));
        assertThat(pruned.runs()).isGreaterThanOrEqualTo(3);
        assertThat(pruned.logLines()).isGreaterThanOrEqualTo(6);
        assertThat(pruned.checkResults()).isGreaterThanOrEqualTo(3);
        assertThat(runIds("orders")).containsExactly(orders.get(4), orders.get(3));
        assertThat(runIds("customers")).containsExactly(customer);
        for (long gone : orders.subList(0, 3)) {
            assertThat(store.run(gone)).isEmpty();
            assertThat(store.logs(gone)).isEmpty();
            assertThat(store.checkResults(gone)).isEmpty();
        }
        assertThat(store.logs(orders.get(3))).hasSize(2);
        assertThat(store.checkResults(orders.get(4))).hasSize(1);
        assertThat(store.prune(Instant.EPOCH, 2, false).isEmpty()).as("nothing left to prune").isTrue();
    }

    @Test
    void pruningByAgeNeverRemovesAPipelinesNewestRunNorARunningOne() {
        long old = finished("orders", RunStatus.SUCCESS);
        long running = start("orders");
        long newest = finished("orders", RunStatus.FAILED);
        long only = finished("customers", RunStatus.SUCCESS);

        Pruned pruned = store.prune(Instant.now().plus(Duration.ofDays(1)), 1000, false);

        assertThat(pruned.runsByPipeline()).containsEntry(p("orders"), 1L).doesNotContainKey(p("customers"));
        assertThat(runIds("orders")).containsExactly(newest, running);
        assertThat(store.run(old)).isEmpty();
        assertThat(runIds("customers")).containsExactly(only);
    }

    @Test
    void pruningKeepsTheRunsThatALeaseAnOpenIncidentOrAnUnfinishedBackfillWindowReferTo() {
        long leased = finished("orders", RunStatus.SUCCESS);
        assertThat(store.acquirePipeline(p("orders"), leased, me)).isTrue();
        long incident = finished("orders", RunStatus.FAILED);
        store.openIncident(new AlertIncident(p("orders"), "failure", null, Instant.now(), Instant.now(), incident, "Pipeline orders failed"));
        Instant day = Instant.parse("2026-01-01T00:00:00Z");
        long backfill = store.createBackfill(p("orders"), "1d", "UTC", List.of(BackfillWindow.pending(0, day, day.plus(Duration.ofDays(1))),
                BackfillWindow.pending(1, day.plus(Duration.ofDays(1)), day.plus(Duration.ofDays(2)))));
        long windowRunning = finished("orders", RunStatus.SUCCESS);
        store.startBackfillWindow(backfill, 0, windowRunning);
        long windowDone = finished("orders", RunStatus.SUCCESS);
        store.startBackfillWindow(backfill, 1, windowDone);
        store.endBackfillWindow(backfill, 1, BackfillWindow.Status.DONE);
        long newest = finished("orders", RunStatus.SUCCESS);

        store.prune(Instant.now().plus(Duration.ofDays(1)), 1, false);

        assertThat(runIds("orders")).containsExactly(newest, windowRunning, incident, leased);
        assertThat(store.run(windowDone)).isEmpty();
        assertThat(store.backfill(backfill).orElseThrow().windows()).extracting(BackfillWindow::runId)
                .as("backfill windows stay, with their runs' ids").containsExactly(windowRunning, windowDone);
    }

    @Test
    void aDryRunCountsWhatPruningRemovesAndRemovesNothing() {
        List<Long> orders = IntStream.range(0, 4).mapToObj(i -> finished("orders", RunStatus.SUCCESS)).toList();

        Pruned dry = store.prune(Instant.EPOCH, 1, true);

        assertThat(dry.runsByPipeline()).containsEntry(p("orders"), 3L);
        assertThat(runIds("orders")).hasSize(4);
        assertThat(store.logs(orders.get(0))).hasSize(2);
        assertThat(store.prune(Instant.EPOCH, 1, false)).as("what the dry run said").isEqualTo(dry);
        assertThat(runIds("orders")).containsExactly(orders.get(3));
    }
}
