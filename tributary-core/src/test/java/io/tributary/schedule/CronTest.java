package io.tributary.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fire times from cron expressions in a time zone, across the two daylight-saving changes (Berlin,
 * 2026: clocks jump 02:00 → 03:00 on 29 March and fall back 03:00 → 02:00 on 25 October), and the
 * catch-up policies after downtime.
 */
class CronTest {
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void aTimeInTheSpringGapFiresOnceAtTheEndOfTheGap() {
        Cron cron = Cron.parse("30 2 * * *", BERLIN);

        assertThat(cron.between(Instant.parse("2026-03-27T12:00:00Z"), Instant.parse("2026-03-30T12:00:00Z"), 10)).containsExactly(
                Instant.parse("2026-03-28T01:30:00Z"),   // 02:30 CET
                Instant.parse("2026-03-29T01:00:00Z"),   // 02:30 does not exist: 03:00 CEST, the first instant after the gap
                Instant.parse("2026-03-30T00:30:00Z"));  // 02:30 CEST
    }

    @Test
    void aTimeThatHappensTwiceInAutumnFiresOnceAtItsFirstOccurrence() {
        Cron cron = Cron.parse("30 2 * * *", BERLIN);

        assertThat(cron.between(Instant.parse("2026-10-24T12:00:00Z"), Instant.parse("2026-10-26T12:00:00Z"), 10)).containsExactly(
                Instant.parse("2026-10-25T00:30:00Z"),   // 02:30 CEST; 02:30 CET an hour later does not fire again
                Instant.parse("2026-10-26T01:30:00Z"));  // 02:30 CET
        assertThat(Cron.parse("0 * * * *", BERLIN).between(Instant.parse("2026-10-24T23:30:00Z"), Instant.parse("2026-10-25T02:30:00Z"), 10))
                .as("hourly: the repeated 02:00 fires once").containsExactly(Instant.parse("2026-10-25T00:00:00Z"),
                        Instant.parse("2026-10-25T02:00:00Z"));
    }

    @Test
    void nicknamesAndUtcAndInvalidExpressions() {
        assertThat(Cron.parse("@daily", ZoneOffset.UTC).next(Instant.parse("2026-12-04T10:00:00Z"))).contains(Instant.parse("2026-12-05T00:00:00Z"));
        assertThat(Cron.parse("@hourly", ZoneOffset.UTC).next(Instant.parse("2026-12-04T10:00:00Z"))).contains(Instant.parse("2026-12-04T11:00:00Z"));
        assertThat(Cron.parse("*/15 * * * 1-5", ZoneOffset.UTC).next(Instant.parse("2026-12-05T10:00:00Z")))
                .as("Saturday: next Monday").contains(Instant.parse("2026-12-07T00:00:00Z"));
        assertThatThrownBy(() -> Cron.parse("@sometimes", ZoneOffset.UTC)).hasMessageContaining("unknown nickname").hasMessageContaining("@hourly");
        assertThatThrownBy(() -> Cron.parse("61 * * * *", ZoneOffset.UTC)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void catchUpAfterDowntimeNoneLatestOrEveryMissedFireTime() {
        Cron hourly = Cron.parse("0 * * * *", ZoneOffset.UTC);
        Instant last = Instant.parse("2026-12-04T06:00:00Z");
        Instant now = Instant.parse("2026-12-04T10:30:00Z");

        assertThat(CatchUp.NONE.missed(hourly, last, now)).isEmpty();
        assertThat(CatchUp.LATEST.missed(hourly, last, now)).containsExactly(Instant.parse("2026-12-04T10:00:00Z"));
        assertThat(CatchUp.ALL.missed(hourly, last, now)).containsExactly(Instant.parse("2026-12-04T07:00:00Z"),
                Instant.parse("2026-12-04T08:00:00Z"), Instant.parse("2026-12-04T09:00:00Z"), Instant.parse("2026-12-04T10:00:00Z"));
        assertThat(CatchUp.LATEST.missed(hourly, null, now)).as("never ran: nothing missed").isEmpty();
        assertThat(CatchUp.LATEST.missed(hourly, Instant.parse("2026-12-04T10:00:00Z"), now)).isEmpty();

        Cron everyMinute = Cron.parse("* * * * *", ZoneOffset.UTC);
        Instant weekAgo = now.minusSeconds(7 * 86_400);
        assertThat(CatchUp.ALL.missed(everyMinute, weekAgo, now)).as("bounded").hasSize(CatchUp.MAX_RUNS);
        assertThat(CatchUp.LATEST.missed(everyMinute, weekAgo, now)).containsExactly(Instant.parse("2026-12-04T10:30:00Z"));
    }

    @Test
    void retriesWaitTheBackoffThenTwiceItAndSoOnWithAtMostAFifthOfJitter() {
        Scheduling.Retries retries = new Scheduling.Retries(4, java.time.Duration.ofSeconds(10));
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 100; i++) {
            assertThat(retries.delayBefore(2, random).toMillis()).isBetween(10_000L, 12_000L);
            assertThat(retries.delayBefore(3, random).toMillis()).isBetween(20_000L, 24_000L);
            assertThat(retries.delayBefore(4, random).toMillis()).isBetween(40_000L, 48_000L);
        }
    }
}
