package io.tributary.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.config.Location;
import io.tributary.engine.RunListener;
import io.tributary.engine.RunResult;
import io.tributary.error.ErrorKind;
import io.tributary.metadata.NewRun;
import io.tributary.metadata.Owner;
import io.tributary.metadata.RunRecord;
import io.tributary.metadata.RunStatus;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.project.WarehouseSpec;
import io.tributary.quality.Tolerance;
import io.tributary.spi.LoadMode;
import io.tributary.spi.LoadSpec;
import io.tributary.sql.SchemaPolicy;
import io.tributary.spi.Source;
import io.tributary.spi.SourceException;
import io.tributary.spi.SourceState;
import io.tributary.spi.SourceUnit;
import io.tributary.spi.StagedUnit;
import io.tributary.spi.Staging;
import io.tributary.spi.TableName;
import io.tributary.spi.TableRef;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in one process, side by side, through {@link RunService}: the same pipeline twice at once
 * (refused as busy, or waiting its turn), a run failing while another stages (it cleans only its
 * own staging tables), and runs left {@code running} by other processes (abandoned only when their
 * owner is gone).
 */
class RunServiceConcurrencyTest {
    @TempDir
    Path dir;

    /**
     * Stages one unit of {@code rows} rows into staging tables of its own; the first call may hold
     * (after staging, until released), and a failing source throws after creating its table.
     */
    static final class ScriptedSource implements Source {
        final int rows;
        final boolean fail;
        final CountDownLatch staged = new CountDownLatch(1);
        final CountDownLatch release;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger inProgress = new AtomicInteger();
        final AtomicBoolean overlapped = new AtomicBoolean();
        final List<TableRef> tables = java.util.Collections.synchronizedList(new ArrayList<>());

        ScriptedSource(int rows, boolean holdFirstCall, boolean fail) {
            this.rows = rows;
            this.fail = fail;
            this.release = new CountDownLatch(holdFirstCall ? 1 : 0);
        }

        void release() {
            release.countDown();
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public boolean replacesState() {
            return true;
        }

        @Override
        public List<SourceUnit> plan(SourceState previous) {
            return List.of(new SourceUnit("unit", "unit", 0, null, false));
        }

        @Override
        public SourceRead read(List<SourceUnit> units, SourceState state, Staging staging) {
            return unit -> stage(staging);
        }

        private StagedUnit stage(Staging staging) throws SourceException {
            int call = calls.incrementAndGet();
            if (inProgress.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            try {
                TableRef table = staging.newTable();
                tables.add(table);
                try (Statement statement = staging.connection().createStatement()) {
                    statement.execute("CREATE TABLE " + table.quoted() + " AS SELECT range::BIGINT AS id FROM range(" + rows + ")");
                } catch (SQLException e) {
                    throw new SourceException("staging failed: " + e.getMessage(), e);
                }
                staged.countDown();
                if (fail) {
                    throw new SourceException("the source broke after staging its first table");
                }
                if (call == 1 && !release.await(60, TimeUnit.SECONDS)) {
                    throw new SourceException("never released");
                }
                return new StagedUnit(table, rows, 0, 0, "call " + call);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SourceException("interrupted");
            } finally {
                inProgress.decrementAndGet();
            }
        }
    }

    private PipelineSpec pipeline(String name, Source source) {
        Path file = dir.resolve("pipelines/" + name + ".yml");
        return new PipelineSpec(file, name, null, null, "scripted", source, List.of(), List.of(),
                new LoadSpec(new TableName("main", name), LoadMode.REPLACE, List.of(), SchemaPolicy.DEFAULT),
                Tolerance.count(0), List.of(), new Location(file, 1, 1));
    }

    private ProjectSpec project(PipelineSpec... pipelines) {
        return new ProjectSpec(dir, "test", new WarehouseSpec(dir.resolve("w.duckdb"), null, null), Map.of(), Map.of(), List.of(pipelines));
    }

    private static CompletableFuture<RunResult> inBackground(RunService service, PipelineSpec pipeline, RunRequest request) {
        return CompletableFuture.supplyAsync(() -> service.run(pipeline, request, RunListener.NONE));
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertThat(latch.await(60, TimeUnit.SECONDS)).as("the run got there").isTrue();
    }

    /** Polls until {@code condition} holds (at most 30 s). */
    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for: " + what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static List<String> stagingTables(RunService service) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection session = service.warehouse().session(); Statement statement = session.createStatement();
             ResultSet rs = statement.executeQuery("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '_tributary_stage_%' ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long count(RunService service, String table) throws SQLException {
        try (Connection session = service.warehouse().session(); Statement statement = session.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @Timeout(120)
    void theSamePipelineStartedWhileItRunsIsRefusedAsBusyWithAClearMessage() throws Exception {
        ScriptedSource source = new ScriptedSource(5, true, false);
        PipelineSpec orders = pipeline("orders", source);
        try (RunService service = RunService.open(project(orders))) {
            CompletableFuture<RunResult> first = inBackground(service, orders, RunRequest.NOW);
            await(source.staged);

            RunResult second = service.run(orders, RunRequest.NOW, RunListener.NONE);

            assertThat(second.status()).isEqualTo(RunStatus.SKIPPED);
            assertThat(second.errorKind()).isEqualTo(ErrorKind.BUSY);
            assertThat(second.error()).isEqualTo("pipeline orders is busy: run 1 is running it, and a pipeline never runs twice at once. "
                    + "Nothing was read. Try again when that run ends (tributary runs orders), or run with --wait.");
            assertThat(source.calls).as("the refused run read nothing").hasValue(1);
            RunRecord refused = service.store().run(second.runId()).orElseThrow();
            assertThat(refused.status()).isEqualTo(RunStatus.SKIPPED);
            assertThat(refused.errorKind()).isEqualTo(ErrorKind.BUSY);

            source.release();
            RunResult done = first.get(60, TimeUnit.SECONDS);
            assertThat(done.succeeded()).as("%s", done.error()).isTrue();
            assertThat(count(service, "orders")).isEqualTo(5);
        }
    }

    @Test
    @Timeout(120)
    void theSamePipelineAskedToWaitRunsWhenTheFirstRunEndsNeverBeside() throws Exception {
        ScriptedSource source = new ScriptedSource(5, true, false);
        PipelineSpec orders = pipeline("orders", source);
        try (RunService service = RunService.open(project(orders))) {
            CompletableFuture<RunResult> first = inBackground(service, orders, RunRequest.NOW);
            await(source.staged);
            CompletableFuture<RunResult> second = inBackground(service, orders, RunRequest.NOW.waiting(Duration.ofSeconds(60)));
            eventually("the second run is recorded and waits", () -> service.store().runs("orders", 10).size() == 2);
            long waiting = service.store().runs("orders", 10).get(0).runId();
            assertThat(service.store().pipelineHolder("orders")).as("the first run keeps the pipeline").contains(1L);
            assertThat(service.store().run(waiting).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            assertThat(second).as("waiting while the first run holds the pipeline").isNotDone();
            assertThat(source.calls).hasValue(1);

            source.release();
            RunResult one = first.get(60, TimeUnit.SECONDS);
            RunResult two = second.get(60, TimeUnit.SECONDS);

            assertThat(one.succeeded()).as("%s", one.error()).isTrue();
            assertThat(two.succeeded()).as("%s", two.error()).isTrue();
            assertThat(two.runId()).isEqualTo(waiting);
            assertThat(source.calls).as("the second run read after the first").hasValue(2);
            assertThat(source.overlapped).as("the two never staged at once").isFalse();
            assertThat(service.store().pipelineHolder("orders")).isEmpty();
        }
    }

    @Test
    @Timeout(120)
    void aRunFailingWhileAnotherStagesDropsOnlyItsOwnStagingTables() throws Exception {
        ScriptedSource slow = new ScriptedSource(7, true, false);
        ScriptedSource broken = new ScriptedSource(3, false, true);
        PipelineSpec orders = pipeline("orders", slow);
        PipelineSpec events = pipeline("events", broken);
        try (RunService service = RunService.open(project(orders, events))) {
            CompletableFuture<RunResult> staging = inBackground(service, orders, RunRequest.NOW);
            await(slow.staged);
            String ordersTable = slow.tables.get(0).table();
            try (Connection session = service.warehouse().session(); Statement statement = session.createStatement()) {
                statement.execute("CREATE TABLE main._tributary_stage_999_0 AS SELECT 1 AS id");
            }
            assertThat(stagingTables(service)).as("the staging run's, and one a killed run 999 left").containsExactly(ordersTable, "_tributary_stage_999_0");

            RunResult failed = service.run(events, RunRequest.NOW, RunListener.NONE);

            assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
            assertThat(failed.error()).contains("the source broke");
            assertThat(broken.tables).hasSize(1);
            assertThat(stagingTables(service)).as("the failed run's table and the killed run's leftover are gone, the staging run's is kept").containsExactly(ordersTable);
            assertThat(staging).as("the staging run goes on").isNotDone();
            assertThat(service.store().run(1).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

            slow.release();
            RunResult done = staging.get(60, TimeUnit.SECONDS);
            assertThat(done.succeeded()).as("%s", done.error()).isTrue();
            assertThat(count(service, "orders")).isEqualTo(7);
            assertThat(stagingTables(service)).isEmpty();
        }
    }

    @Test
    @Timeout(120)
    void aRunLeftRunningIsAbandonedOnlyOnceItsOwnerIsGoneNeverBecauseAnotherRunStarted() throws Exception {
        PipelineSpec orders = pipeline("orders", new ScriptedSource(2, false, false));
        PipelineSpec events = pipeline("events", new ScriptedSource(2, false, false));
        Process alive = new ProcessBuilder("sleep", "300").start();
        Process dead = new ProcessBuilder("true").start();
        assertThat(dead.waitFor(30, TimeUnit.SECONDS)).isTrue();
        try {
            Owner living = owner(alive.toHandle());
            Owner gone = owner(dead.toHandle(), dead.info().startInstant().orElse(Instant.now()));
            long ofLiving;
            long ofGone;
            try (RunService service = RunService.open(project(orders, events))) {
                ofLiving = service.store().startRun(new NewRun("orders", "orders", "replace", false, living));
                ofGone = service.store().startRun(new NewRun("events", "events", "replace", false, gone));
                assertThat(service.store().acquirePipeline("orders", ofLiving, living)).isTrue();
            }

            try (RunService service = RunService.open(project(orders, events))) {
                assertThat(service.store().run(ofGone).orElseThrow().status()).as("its owner is gone").isEqualTo(RunStatus.ABANDONED);
                assertThat(service.store().run(ofLiving).orElseThrow().status()).as("its owner still runs").isEqualTo(RunStatus.RUNNING);

                RunResult other = service.run(events, RunRequest.NOW, RunListener.NONE);
                assertThat(other.succeeded()).as("%s", other.error()).isTrue();
                RunResult same = service.run(orders, RunRequest.NOW, RunListener.NONE);
                assertThat(same.errorKind()).as("the living owner's run keeps its pipeline").isEqualTo(ErrorKind.BUSY);
                assertThat(service.store().run(ofLiving).orElseThrow().status()).as("other runs started: still running")
                        .isEqualTo(RunStatus.RUNNING);
            }

            alive.destroyForcibly();
            assertThat(alive.waitFor(30, TimeUnit.SECONDS)).isTrue();
            try (RunService service = RunService.open(project(orders, events))) {
                assertThat(service.store().run(ofLiving).orElseThrow().status()).as("now its owner is gone").isEqualTo(RunStatus.ABANDONED);
                RunResult again = service.run(orders, RunRequest.NOW, RunListener.NONE);
                assertThat(again.succeeded()).as("%s", again.error()).isTrue();
            }
        } finally {
            alive.destroyForcibly();
        }
    }

    private static Owner owner(ProcessHandle process) {
        return owner(process, process.info().startInstant().orElseThrow());
    }

    private static Owner owner(ProcessHandle process, Instant started) {
        return new Owner(java.util.UUID.randomUUID().toString(), Owner.thisProcess().host(), process.pid(), started);
    }
}
