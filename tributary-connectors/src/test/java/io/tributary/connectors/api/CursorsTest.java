package io.tributary.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The incremental cursor compares instants and numbers, not texts, and moves back by the lookback. */
class CursorsTest {
    private static final ApiSpec.Incremental ISO = new ApiSpec.Incremental("updated_at", "since", Duration.ofMinutes(10), "iso", null);
    private static final ApiSpec.Incremental UNIX = new ApiSpec.Incremental("created", "created[gte]", Duration.ofSeconds(30), "unix", null);

    @Test
    void theLatestInstantWinsEvenWhenItsTextSortsFirst() {
        Cursors cursors = new Cursors(ISO, null);
        cursors.offer("2024-01-01T12:00:00Z");
        cursors.offer("2024-01-01T10:00:00-05:00");   // 15:00 UTC: later, though "10" < "12"
        cursors.offer("2024-01-01T09:00:00-05:00");
        cursors.offer("not a date");
        cursors.offer("2024-01-01T14:59:59Z");

        assertThat(cursors.max()).isEqualTo("2024-01-01T10:00:00-05:00");
    }

    @Test
    void valuesOfTheSameShapeAreComparedWithoutParsingAndStillCorrectly() {
        Cursors cursors = new Cursors(ISO, "2024-03-01T10:00:00Z");
        cursors.offer("2024-02-28T23:59:59Z");
        cursors.offer("2024-03-01T10:00:01Z");
        cursors.offer("2024-03-01T09:59:59Z");

        assertThat(cursors.max()).isEqualTo("2024-03-01T10:00:01Z");
    }

    @Test
    void theNextRunStartsTheLookbackBeforeTheSavedCursorInItsOwnOffset() {
        assertThat(Cursors.since(ISO, "2024-03-01T00:05:00Z")).isEqualTo("2024-02-29T23:55:00Z");
        assertThat(Cursors.since(ISO, "2024-03-01T10:00:00-05:00")).isEqualTo("2024-03-01T09:50:00-05:00");
        assertThat(Cursors.since(ISO, "2024-03-01T10:00:00")).isEqualTo("2024-03-01T09:50:00Z");
    }

    @Test
    void unixCursorsCompareAsNumbers() {
        Cursors cursors = new Cursors(UNIX, null);
        cursors.offer("999999999");
        cursors.offer("1700000000");
        cursors.offer("1600000000");

        assertThat(cursors.max()).isEqualTo("1700000000");
        assertThat(Cursors.since(UNIX, "1700000000")).isEqualTo("1699999970");
    }
}
