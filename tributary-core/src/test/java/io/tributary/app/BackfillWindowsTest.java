package io.tributary.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.error.TributaryException;
import io.tributary.spi.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a backfill's range is cut into windows, and how its bounds are read. */
class BackfillWindowsTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void wholeDaysStepByCalendarDaysAcrossADaylightSavingChange() {
        Instant from = Backfills.bound("2026-03-28", BERLIN, "--from");
        Instant to = Backfills.bound("2026-03-31", BERLIN, "--to");
        List<TimeWindow> windows = Backfills.cut(new Backfills.Request(from, to, Duration.ofDays(1), "1d", BERLIN));
        assertThat(windows).extracting(w -> Duration.between(w.from(), w.to()).toHours()).containsExactly(24L, 23L, 24L);
        assertThat(windows).extracting(TimeWindow::describe).containsExactly(
                "[2026-03-28 00:00 +01:00, 2026-03-29 00:00 +01:00)", "[2026-03-29 00:00 +01:00, 2026-03-30 00:00 +02:00)",
                "[2026-03-30 00:00 +02:00, 2026-03-31 00:00 +02:00)");
    }

    @Test
    void otherSizesStepByTheDurationAndTheLastWindowEndsAtTo() {
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        List<TimeWindow> windows = Backfills.cut(new Backfills.Request(from, from.plus(Duration.ofHours(15)), Duration.ofHours(6), "6h", ZoneId.of("UTC")));
        assertThat(windows).extracting(w -> Duration.between(w.from(), w.to()).toHours()).containsExactly(6L, 6L, 3L);
        assertThatThrownBy(() -> Backfills.cut(new Backfills.Request(from, from.plus(Duration.ofDays(30)), Duration.ofMinutes(1), "1m", ZoneId.of("UTC"))))
                .isInstanceOf(TributaryException.class).hasMessageContaining("more than 10000 windows");
    }

    @Test
    void boundsAreDatesLocalTimesOrInstants() {
        assertThat(Backfills.bound("2026-01-01", BERLIN, "--from")).isEqualTo(Instant.parse("2025-12-31T23:00:00Z"));
        assertThat(Backfills.bound("2026-01-01T06:00", BERLIN, "--from")).isEqualTo(Instant.parse("2026-01-01T05:00:00Z"));
        assertThat(Backfills.bound("2026-01-01T06:00:00Z", BERLIN, "--from")).isEqualTo(Instant.parse("2026-01-01T06:00:00Z"));
        assertThatThrownBy(() -> Backfills.bound("yesterday", BERLIN, "--to")).isInstanceOf(TributaryException.class)
                .hasMessageContaining("--to 'yesterday' is not a date or time").hasMessageContaining("Europe/Berlin");
    }
}
