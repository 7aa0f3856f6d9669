package io.tributary.connectors.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.app.Backfills;
import io.tributary.app.RunService;
import io.tributary.engine.RunListener;
import io.tributary.error.ErrorKind;
import io.tributary.error.TributaryException;
import io.tributary.metadata.Backfill;
import io.tributary.metadata.BackfillWindow;
import io.tributary.metadata.NewRun;
import io.tributary.metadata.Owner;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.testkit.TestDatabase;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backfills of a database source with a time cursor: each window read by its own run, exactly the
 * rows of the range once, resumable at the first window not done, and the pipeline's own incremental
 * position left alone.
 */
class BackfillTest {
    @TempDir
    Path dir;
    TestDatabase db;

    @AfterEach
    void dropDatabase() {
        if (db != null) {
            db.close();
        }
    }

    private TestProject postgresEvents(String load, String checks) {
        db = TestDatabase.postgres();
        db.execute("CREATE TABLE events (id int PRIMARY KEY, v text, created_at timestamptz)",
                "INSERT INTO events VALUES (1, 'before', '2025-12-31 23:59:59+00'), (2, 'first instant', '2026-01-01 00:00:00+00'), "
                        + "(3, 'day one', '2026-01-01 12:00+00'), (4, 'day two', '2026-01-02 08:00+00'), (5, 'day three', '2026-01-03 23:00+00'), "
                        + "(6, 'the end is not in it', '2026-01-04 00:00:00+00')");
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\n" + db.connectionsYaml("pg"));
        project.pipeline("events", "source: {type: database, connection: pg, table: events, incremental: {cursor: created_at}}\n"
                + "load: " + load + "\n" + checks);
        return project;
    }

    private static Backfills.Outcome backfill(TestProject project, String from, String to, String window) {
        ProjectSpec spec = project.load();
        PipelineSpec pipeline = spec.pipeline("events").orElseThrow();
        try (RunService service = RunService.open(spec)) {
            return new Backfills(service).run(pipeline, Backfills.Request.parse(pipeline, from, to, window), w -> RunListener.NONE);
        }
    }

    private static List<String> ids(TestProject project) {
        return project.rows("SELECT id FROM events ORDER BY id").stream().map(r -> String.valueOf(r.get("id"))).toList();
    }

    @Test
    void threeWindowsLoadExactlyTheRowsOfTheRangeOnceAndASecondBackfillRunsNothing() {
        TestProject project = postgresEvents("{table: events, mode: append}", "");

        Backfills.Outcome first = backfill(project, "2026-01-01", "2026-01-04", "1d");

        assertThat(first.end()).isEqualTo(Backfills.End.COMPLETE);
        assertThat(first.runs()).hasSize(3);
        assertThat(first.runs()).allSatisfy(r -> assertThat(r.result().error()).isNull());
        assertThat(first.runs()).extracting(r -> r.result().rowsLoaded()).containsExactly(2L, 1L, 1L);
        assertThat(ids(project)).as("[from, to): the first instant is in, the end is not").containsExactly("2", "3", "4", "5");
        try (RunService service = RunService.open(project.load())) {
            assertThat(service.store().logs(first.runs().get(1).result().runId()).get(0).message()).as("the run's log names its window")
                    .contains("backfill window [2026-01-02 00:00 +00:00, 2026-01-03 00:00 +00:00)");
        }

        Backfills.Outcome again = backfill(project, "2026-01-01", "2026-01-04", "1d");
        assertThat(again.end()).isEqualTo(Backfills.End.COMPLETE);
        assertThat(again.runs()).as("every window published before").isEmpty();
        assertThat(again.backfillId()).isEqualTo(first.backfillId());
        assertThat(ids(project)).containsExactly("2", "3", "4", "5");

        // the pipeline's own incremental position did not move: its first ordinary run reads everything
        assertThat(project.run("events").rowsLoaded()).isEqualTo(6);
    }

    @Test
    void anAppendBackfillOverlappingLoadedWindowsWithOtherBoundariesIsRefused() {
        TestProject project = postgresEvents("{table: events, mode: append}", "");
        backfill(project, "2026-01-01", "2026-01-03", "1d");

        assertThatThrownBy(() -> backfill(project, "2026-01-02T12:00:00Z", "2026-01-04", "12h"))
                .isInstanceOf(TributaryException.class)
                .hasMessageContaining("overlaps").hasMessageContaining("loaded twice").hasMessageContaining("mode: merge");
        assertThat(ids(project)).containsExactly("2", "3", "4");

        Backfills.Outcome adjacent = backfill(project, "2026-01-03", "2026-01-04", "1d");
        assertThat(adjacent.runs()).hasSize(1);
        assertThat(ids(project)).containsExactly("2", "3", "4", "5");
    }

    @Test
    void aFailingWindowStopsTheBackfillAndRunningItAgainResumesThere() {
        TestProject project = postgresEvents("{table: events, mode: append}", "checks:\n  - not_null: v\n");
        db.execute("UPDATE events SET v = NULL WHERE id = 4");

        Backfills.Outcome failed = backfill(project, "2026-01-01", "2026-01-04", "1d");

        assertThat(failed.end()).isEqualTo(Backfills.End.FAILED);
        assertThat(failed.runs()).hasSize(2);
        assertThat(failed.runs().get(1).result().error()).contains("checks failed");
        assertThat(ids(project)).as("the first window published, the second nothing, the third did not run").containsExactly("2", "3");

        db.execute("UPDATE events SET v = 'fixed' WHERE id = 4");
        Backfills.Outcome resumed = backfill(project, "2026-01-01", "2026-01-04", "1d");

        assertThat(resumed.end()).isEqualTo(Backfills.End.COMPLETE);
        assertThat(resumed.backfillId()).as("the same backfill, taken up").isEqualTo(failed.backfillId());
        assertThat(resumed.runs()).extracting(r -> r.window().seq()).containsExactly(1, 2);
        assertThat(ids(project)).containsExactly("2", "3", "4", "5");
    }

    @Test
    void windowsAProcessLeftRunningAreDoneWhenTheirRunPublishedAndRunAgainWhenItDidNot() throws Exception {
        TestProject project = postgresEvents("{table: events, mode: append}", "");
        Backfills.Outcome first = backfill(project, "2026-01-01", "2026-01-03", "1d");
        long published = first.runs().get(1).result().runId();
        ProjectSpec spec = project.load();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Owner dead = new Owner("dead-backfill", Owner.thisProcess().host(), gone.pid(), gone.info().startInstant().orElse(Instant.now()));
        try (RunService service = RunService.open(spec)) {
            // stopped after window 1's run published, before its end was written here
            service.store().startBackfillWindow(first.backfillId(), 1, published);
            // and a later backfill stopped during its first window's run: nothing of it was published
            long window = service.store().createBackfill("events", "1d", "UTC",
                    List.of(BackfillWindow.pending(0, Instant.parse("2026-01-03T00:00:00Z"), Instant.parse("2026-01-04T00:00:00Z"))));
            long killed = service.store().startRun(new NewRun("events", "main.events", "append", false, dead));
            service.store().startBackfillWindow(window, 0, killed);
            service.store().acquireBackfills("events", dead);
        }

        Backfills.Outcome again = backfill(project, "2026-01-01", "2026-01-03", "1d");
        assertThat(again.runs()).as("its run published: never run again").isEmpty();
        Backfills.Outcome later = backfill(project, "2026-01-03", "2026-01-04", "1d");
        assertThat(later.runs()).as("the killed run published nothing: the window runs again").hasSize(1);
        assertThat(ids(project)).containsExactly("2", "3", "4", "5");
        try (RunService service = RunService.open(project.load())) {
            Backfill settled = service.store().backfill(first.backfillId()).orElseThrow();
            assertThat(settled.windows()).extracting(BackfillWindow::status).containsOnly(BackfillWindow.Status.DONE);
        }
    }

    @Test
    void aSecondBackfillOfThePipelineWhileOneIsStartedIsBusyInThisProcessToo() {
        TestProject project = postgresEvents("{table: events, mode: append}", "");
        ProjectSpec spec = project.load();
        PipelineSpec pipeline = spec.pipeline("events").orElseThrow();
        try (RunService service = RunService.open(spec)) {
            Backfills backfills = new Backfills(service);
            Backfills.Started first = backfills.start(pipeline, Backfills.Request.parse(pipeline, "2026-01-01", "2026-01-03", "1d"));
            assertThatThrownBy(() -> new Backfills(service).start(pipeline, Backfills.Request.parse(pipeline, "2026-01-01", "2026-01-03", "1d")))
                    .isInstanceOf(TributaryException.class)
                    .satisfies(e -> assertThat(((TributaryException) e).kind()).isEqualTo(ErrorKind.BUSY))
                    .hasMessageContaining("a backfill of events is running");
            backfills.cancel(first);
            Backfills.Started again = backfills.start(pipeline, Backfills.Request.parse(pipeline, "2026-01-01", "2026-01-03", "1d"));
            assertThat(again.backfillId()).as("the cancelled one, taken up").isEqualTo(first.backfillId());
            assertThat(backfills.runWindows(again, w -> RunListener.NONE).runs()).hasSize(2);
        }
        assertThat(ids(project)).containsExactly("2", "3", "4");
    }

    @Test
    void thePreviewListsEveryWindowMarkingThoseDoneAndRecordsNothing() {
        TestProject project = postgresEvents("{table: events, mode: merge, key: id}", "");
        backfill(project, "2026-01-01", "2026-01-02", "1d");
        ProjectSpec spec = project.load();
        PipelineSpec pipeline = spec.pipeline("events").orElseThrow();
        try (RunService service = RunService.open(spec)) {
            Backfills.Plan plan = new Backfills(service).preview(pipeline, Backfills.Request.parse(pipeline, "2026-01-01", "2026-01-02T12:00:00Z", "6h"));
            assertThat(plan.windows()).extracting(w -> w.window().from().toString())
                    .containsExactly("2026-01-01T00:00:00Z", "2026-01-01T06:00:00Z", "2026-01-01T12:00:00Z", "2026-01-01T18:00:00Z",
                            "2026-01-02T00:00:00Z", "2026-01-02T06:00:00Z");
            assertThat(plan.windows().get(5).window().to()).isEqualTo(Instant.parse("2026-01-02T12:00:00Z"));
            assertThat(plan.toRun()).as("6h windows are not the 1d window loaded before; merge makes reading them again harmless").hasSize(6);

            Backfills.Plan same = new Backfills(service).preview(pipeline, Backfills.Request.parse(pipeline, "2026-01-01", "2026-01-03", "1d"));
            assertThat(same.windows()).extracting(Backfills.PlannedWindow::done).containsExactly(true, false);
            assertThat(service.store().backfills("events", 10)).hasSize(1);
        }
    }

    @Test
    void aMariaDbBackfillPicksUpLateRowsWithoutMovingTheIncrementalPosition() {
        db = TestDatabase.mariadb();
        db.execute("CREATE TABLE events (id int PRIMARY KEY, v varchar(20), created_at datetime(6))",
                "INSERT INTO events VALUES (1, 'a', '2026-01-01 10:00:00'), (2, 'b', '2026-01-05 10:00:00')");
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\n" + db.connectionsYaml("maria"));
        project.pipeline("events", "source: {type: database, connection: maria, table: events, incremental: {cursor: created_at}}\n"
                + "load: {table: events, mode: merge, key: id}");
        assertThat(project.run("events").rowsLoaded()).isEqualTo(2);
        // a row arrives late, behind the saved cursor: ordinary runs never see it
        db.execute("INSERT INTO events VALUES (3, 'late', '2026-01-02 10:00:00')", "UPDATE events SET v = 'a2' WHERE id = 1");
        assertThat(project.run("events").rowsLoaded()).isZero();

        Backfills.Outcome outcome = backfill(project, "2026-01-01", "2026-01-03", "1d");

        assertThat(outcome.end()).isEqualTo(Backfills.End.COMPLETE);
        assertThat(outcome.runs()).extracting(r -> r.result().rowsLoaded()).containsExactly(1L, 1L);
        assertThat(project.rows("SELECT id, v FROM events ORDER BY id")).extracting(r -> r.get("id") + "=" + r.get("v"))
                .containsExactly("1=a2", "2=b", "3=late");
        db.execute("INSERT INTO events VALUES (4, 'new', '2026-01-06 10:00:00')");
        assertThat(project.run("events").rowsLoaded()).as("the position after row 2 stayed: only the new row").isEqualTo(1);
    }

    @Test
    void aFileSourceAndAReplaceTableAreRefusedNamingThePipelineAndWhatToDo() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: test\n");
        project.file("data/orders.csv", "id\n1\n");
        project.pipeline("events", "source: {type: file, path: data/orders.csv}\nload: {table: orders, mode: append}");

        assertThatThrownBy(() -> backfill(project, "2026-01-01", "2026-01-02", "1d"))
                .isInstanceOf(TributaryException.class)
                .satisfies(e -> assertThat(((TributaryException) e).kind()).isEqualTo(ErrorKind.INVALID_INPUT))
                .hasMessageContaining("pipeline events (events.yml) cannot be backfilled")
                .hasMessageContaining("no time cursor")
                .hasMessageContaining("--full-refresh");

        project.pipeline("events", "source: {type: file, path: data/orders.csv}\nload: {table: orders, mode: replace}");
        assertThatThrownBy(() -> backfill(project, "2026-01-01", "2026-01-02", "1d"))
                .hasMessageContaining("replace mode");
        assertThatThrownBy(() -> backfill(project, "2026-01-02", "2026-01-01", "1d")).hasMessageContaining("must be before --to");
    }
}
