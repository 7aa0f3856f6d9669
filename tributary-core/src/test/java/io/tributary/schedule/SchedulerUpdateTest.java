package io.tributary.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Scheduler#update}: the schedules of a reloaded project, without catch-up storms. */
class SchedulerUpdateTest {
    static Scheduling every(String cron) {
        return new Scheduling(Cron.parse(cron, ZoneOffset.UTC), CatchUp.ALL);
    }

    @Test
    void addedChangedAndRemovedSchedulesCountFromTheReloadAndUnchangedOnesKeepTheirFireTime() {
        Instant start = Instant.parse("2026-12-01T10:00:30Z");
        Scheduler scheduler = new Scheduler(Map.of("hourly", every("0 * * * *"), "minutely", every("* * * * *"), "gone", every("* * * * *")));
        scheduler.start(start, name -> null);
        assertThat(scheduler.next("minutely")).contains(Instant.parse("2026-12-01T10:01:00Z"));

        // the reload comes hours later, ticks missed: a changed and an added schedule do not catch up what came before
        Instant reload = Instant.parse("2026-12-01T13:20:30Z");
        var touched = scheduler.update(Map.of("hourly", every("0 0 * * *"), "minutely", every("* * * * *"), "fresh", every("*/5 * * * *"),
                "manual", Scheduling.NONE), reload);

        assertThat(touched).containsExactlyInAnyOrder("hourly", "fresh", "gone");
        assertThat(scheduler.schedules()).containsOnlyKeys("hourly", "minutely", "fresh");
        assertThat(scheduler.next("hourly")).contains(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(scheduler.next("fresh")).contains(Instant.parse("2026-12-01T13:25:00Z"));
        assertThat(scheduler.next("minutely")).as("unchanged: its fire time as it was").contains(Instant.parse("2026-12-01T10:01:00Z"));
        assertThat(scheduler.next("gone")).isEmpty();
        assertThat(scheduler.tick(reload)).extracting(Scheduler.Due::pipeline).containsOnly("minutely");
    }

    @Test
    void cronsAreEqualByExpressionAndZone() {
        assertThat(Cron.parse("0 * * * *", ZoneOffset.UTC)).isEqualTo(Cron.parse("0 * * * *", ZoneOffset.UTC))
                .hasSameHashCodeAs(Cron.parse("0 * * * *", ZoneOffset.UTC))
                .isNotEqualTo(Cron.parse("0 * * * *", java.time.ZoneId.of("Europe/Berlin"))).isNotEqualTo(Cron.parse("5 * * * *", ZoneOffset.UTC));
    }
}
