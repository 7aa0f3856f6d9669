package io.tributary.cli;

import static io.tributary.cli.CliTest.cli;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.cli.CliTest.Result;
import io.tributary.testkit.TestProject;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tributary schedule}: next fire times in the pipeline's zone, and what a restart would create, from the real history. */
class ScheduleCommandTest {
    @TempDir
    Path dir;

    @Test
    void previewsFireTimesInTheZoneAndTheCatchUpRunsARestartWouldCreate() {
        TestProject project = TestProject.in(dir);
        project.file("tributary.yml", "name: shop\ntimezone: Europe/Berlin\n");
        project.file("data/orders.csv", "id\n1\n");
        project.pipeline("orders", "schedule: \"30 2 * * *\"\ncatchup: all\nsource: {type: file, path: data/orders.csv}\nload: {table: orders}\n");
        project.pipeline("hourly", "schedule: \"@hourly\"\ntimezone: UTC\nsource: {type: file, path: data/orders.csv}\nload: {table: hourly}\n");
        project.pipeline("manual", "source: {type: file, path: data/orders.csv}\nload: {table: manual}\n");

        Result before = cli("-p", dir.toString(), "schedule", "--at", "2026-03-28T12:00:00Z", "-n", "2");
        assertThat(before.code()).as("%s", before).isZero();
        assertThat(before.out()).contains("orders: \"30 2 * * *\" in Europe/Berlin, catchup: all")
                .contains("2026-03-29 03:00 +02:00  2026-03-29 01:00 +00:00", "2026-03-30 02:30 +02:00")
                .contains("hourly: \"@hourly\" in UTC, catchup: latest", "2026-03-28 13:00 +00:00")
                .contains("manual: no schedule", "never ran: a start now creates no catch-up run");

        assertThat(cli("-p", dir.toString(), "run", "orders").code()).isZero();
        // an hour after the third 02:30 (Berlin) since the run: each missed one, for catchup: all, whatever the time of day now
        java.time.ZonedDateTime ran = Instant.now().atZone(java.time.ZoneId.of("Europe/Berlin"));
        java.time.ZonedDateTime first = ran.toLocalDate().atTime(2, 30).atZone(ran.getZone());
        if (!first.isAfter(ran)) {
            first = first.plusDays(1);
        }
        Result later = cli("-p", dir.toString(), "schedule", "orders", "--at", first.plusDays(2).plusHours(1).toInstant().toString());
        assertThat(later.out()).contains("fire times missed since: 3", "a restart now would create 3 catch-up runs");

        Result unknown = cli("-p", dir.toString(), "schedule", "ordres");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("ordres", "orders");
        project.pipeline("bad", "schedule: \"@sometimes\"\ntimezone: Mars/Olympus\ncatchup: maybe\nsource: {type: file, path: data/orders.csv}\n"
                + "load: {table: bad}\n");
        Result invalid = cli("-p", dir.toString(), "validate");
        assertThat(invalid.code()).isEqualTo(2);
        assertThat(invalid.err()).contains("bad.yml:2:11", "bad.yml:3:11", "bad.yml:4:10", "unknown nickname @sometimes", "'Mars/Olympus' is not a time zone", "catchup");
    }

    @Test
    void pauseAndResumeAreKeptAndTheScheduleShowsExactlyWhatAResumeWouldCreateAndWhatRunsAfterWhat() {
        TestProject project = TestProject.in(dir);
        project.file("data/orders.csv", "id\n1\n");
        project.pipeline("hourly", "schedule: \"@hourly\"\ncatchup: all\nsource: {type: file, path: data/orders.csv}\nload: {table: hourly}\n");
        project.pipeline("report", "after: [hourly]\nsource: {type: file, path: data/orders.csv}\nload: {table: report}\n");

        Result paused = cli("-p", dir.toString(), "pause", "hourly", "--reason", "supplier migrating");
        assertThat(paused.code()).as("%s", paused).isZero();
        assertThat(paused.out()).contains("paused hourly (supplier migrating)");
        assertThat(cli("-p", dir.toString(), "pause", "hourly").out()).contains("hourly is already paused", "supplier migrating");

        Result schedule = cli("-p", dir.toString(), "schedule", "--at", Instant.now().plusSeconds(3 * 3_600 + 60).toString());
        assertThat(schedule.out()).contains("PAUSED since", "(supplier migrating)", "a resume now would create 3 catch-up runs")
                .contains("report: runs after hourly, once their runs for one fire time have all succeeded");
        assertThat(cli("-p", dir.toString(), "status").out()).contains("paused   hourly since", "supplier migrating", "tributary resume hourly");

        Result resumed = cli("-p", dir.toString(), "resume", "hourly");
        assertThat(resumed.code()).isZero();
        assertThat(resumed.out()).contains("resumed hourly");
        assertThat(cli("-p", dir.toString(), "resume", "hourly").out()).contains("hourly was not paused");
        assertThat(cli("-p", dir.toString(), "schedule").out()).doesNotContain("PAUSED");

        Result unknown = cli("-p", dir.toString(), "pause", "hourli");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no pipeline named 'hourli'", "Did you mean 'hourly'?");
    }

    @Test
    void theServersLimitIsMaxRunsElseServerMaxRunsOfTheProjectElseTheCores() {
        var project = new io.tributary.project.ServerSpec(3, null);
        assertThat(io.tributary.cli.commands.ServerCommand.maxRuns(5, project)).as("--max-runs wins").isEqualTo(5);
        assertThat(io.tributary.cli.commands.ServerCommand.maxRuns(null, project)).isEqualTo(3);
        assertThat(io.tributary.cli.commands.ServerCommand.maxRuns(null, io.tributary.project.ServerSpec.DEFAULTS))
                .isEqualTo(Runtime.getRuntime().availableProcessors());
    }
}
