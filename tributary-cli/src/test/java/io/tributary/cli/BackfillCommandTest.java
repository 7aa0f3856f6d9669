package io.tributary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.testkit.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary backfill}: the preview, each window's result, resuming after a kill, and its exit codes. */
class BackfillCommandTest {
    private static final String HOOK = "-Dtributary.test.stopAfterDestinationCommit=pause";
    private static final String PAUSED = "test hook: paused after the destination commit of run ";

    @TempDir
    Path dir;
    private TestDatabase source;
    private Path project;

    @BeforeEach
    void database() {
        source = TestDatabase.postgres();
        source.execute("CREATE TABLE events (id int PRIMARY KEY, v text, created_at timestamptz)",
                "INSERT INTO events VALUES (1, 'a', '2026-01-01 10:00+00'), (2, 'b', '2026-01-02 10:00+00'), (3, 'c', '2026-01-03 10:00+00'), "
                        + "(4, 'later', '2026-01-09 10:00+00')");
    }

    @AfterEach
    void drop() {
        source.close();
    }

    private void project(String metadata) throws Exception {
        project = dir.resolve("shop");
        Files.createDirectories(project.resolve("pipelines"));
        Files.writeString(project.resolve("tributary.yml"), "name: shop\nconnections:\n" + source.connectionYaml("pg") + metadata);
        Files.writeString(project.resolve("pipelines/events.yml"), "name: events\n"
                + "source: {type: database, connection: pg, table: events, incremental: {cursor: created_at}}\nload: {table: events, mode: append}\n");
        Files.createDirectories(project.resolve("data"));
        Files.writeString(project.resolve("data/a.csv"), "id\n1\n");
        Files.writeString(project.resolve("pipelines/files.yml"), "name: files\nsource: {type: file, path: data/a.csv}\nload: {table: files}\n");
    }

    @Test
    void thePreviewListsTheWindowsThenEachWindowPrintsItsResultAndASecondBackfillRunsNothing() throws Exception {
        project("");
        Files.createDirectories(project.resolve("models"));
        Files.writeString(project.resolve("models/event_count.sql"), "SELECT count(*) AS n FROM events\n");
        CliTest.Result preview = CliTest.cli("-p", project.toString(), "backfill", "events", "--from", "2026-01-01", "--to", "2026-01-04", "--dry-run");
        assertThat(preview.code()).as("%s", preview).isZero();
        assertThat(preview.out()).contains("3 of 3 windows would run")
                .contains("[2026-01-01 00:00 +00:00, 2026-01-02 00:00 +00:00)").contains("[2026-01-03 00:00 +00:00, 2026-01-04 00:00 +00:00)");

        CliTest.Result run = CliTest.cli("-p", project.toString(), "backfill", "events", "--from", "2026-01-01", "--to", "2026-01-04");
        assertThat(run.code()).as("%s", run).isZero();
        assertThat(run.out()).contains("window 1/3 [2026-01-01 00:00 +00:00, 2026-01-02 00:00 +00:00)").contains("window 3/3")
                .contains("OK  events -> events: read 1, loaded 1").contains("complete: 3 windows done");
        assertThat(run.out().lines().filter(l -> l.contains("event_count")).count()).as("the model downstream, built once after the windows\n%s", run.out())
                .isEqualTo(1);

        CliTest.Result again = CliTest.cli("-p", project.toString(), "backfill", "events", "--from", "2026-01-01", "--to", "2026-01-04");
        assertThat(again.code()).as("%s", again).isZero();
        assertThat(again.out()).contains("nothing to run: all 3 windows").doesNotContain("OK  events");
        CliTest.Result dry = CliTest.cli("-p", project.toString(), "backfill", "events", "--from", "2026-01-01", "--to", "2026-01-05", "--dry-run");
        assertThat(dry.out()).contains("1 of 4 windows would run").contains("done (run 1, backfill 1)").contains("would run");
        CliTest.Result schedule = CliTest.cli("-p", project.toString(), "schedule", "events", "--backfill", "--from", "2026-01-01", "--to", "2026-01-05");
        assertThat(schedule.code()).as("%s", schedule).isZero();
        assertThat(schedule.out()).isEqualTo(dry.out());

        CliTest.Result status = CliTest.cli("-p", project.toString(), "backfill", "--status", "events");
        assertThat(status.code()).as("%s", status).isZero();
        assertThat(status.out()).contains("backfill 1 of events").contains("3 of 3 windows done");
        assertThat(ids()).containsExactly(1L, 2L, 3L);

        CliTest.Result refused = CliTest.cli("-p", project.toString(), "backfill", "files", "--from", "2026-01-01", "--to", "2026-01-04");
        assertThat(refused.code()).as("%s", refused).isEqualTo(2);
        assertThat(refused.all()).contains("pipeline files (files.yml) cannot be backfilled");
        Files.writeString(project.resolve("pipelines/numbered.yml"), "name: numbered\n"
                + "source: {type: database, connection: pg, table: events, incremental: {cursor: id}}\nload: {table: numbered, mode: append}\n");
        CliTest.Result number = CliTest.cli("-p", project.toString(), "backfill", "numbered", "--from", "2026-01-01", "--to", "2026-01-04");
        assertThat(number.code()).as("the window's run found the cursor is no time: invalid input\n%s", number).isEqualTo(2);
        assertThat(number.out()).contains("FAILED  numbered").contains("the cursor id of table events is a number");
        CliTest.Result bad = CliTest.cli("-p", project.toString(), "backfill", "events", "--from", "January", "--to", "2026-01-04");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.all()).contains("--from 'January' is not a date");
    }

    @Test
    @Timeout(180)
    void aBackfillKilledAfterAWindowPublishedResumesAtTheNextWindowAndLoadsNoRowTwice() throws Exception {
        try (TestDatabase ops = TestDatabase.postgres()) {
            // the history elsewhere: a window's publish and its run's end are two commits, the kill falls between them
            project("");
            Files.writeString(project.resolve("tributary.yml"), "name: shop\nconnections:\n" + source.connectionYaml("pg")
                    + ops.connectionYaml("ops") + "metadata: {connection: ops}\n");
            CliProcess killed = CliProcess.start(dir.resolve("killed.log"), dir.resolve("tmp"), List.of(HOOK), Map.of(),
                    "-p", project.toString(), "backfill", "events", "--from", "2026-01-01", "--to", "2026-01-04");
            assertThat(killed.killAfter(PAUSED + "1", 1, 0)).as("killed at the hook; output:\n%s", killed.output()).isNotNegative();
            assertThat(ids()).as("window 1 committed before the kill").containsExactly(1L);

            CliTest.Result resumed = CliTest.cli("-p", project.toString(), "backfill", "events", "--from", "2026-01-01", "--to", "2026-01-04");

            assertThat(resumed.code()).as("%s", resumed).isZero();
            assertThat(resumed.out()).contains("2 of 3 windows to run (resuming)").doesNotContain("window 1/3").contains("window 2/3");
            assertThat(ids()).as("no row loaded twice").containsExactly(1L, 2L, 3L);
        }
    }

    private List<Long> ids() throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + project.resolve(".tributary/warehouse.duckdb"));
             Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT id FROM events ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
