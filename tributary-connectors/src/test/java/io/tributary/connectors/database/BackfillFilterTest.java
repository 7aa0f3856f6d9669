package io.tributary.connectors.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.error.TributaryException;
import io.tributary.jdbc.Dialect;
import io.tributary.spi.TimeWindow;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** A window's WHERE condition per cursor kind: instants for timestamptz, local date and time in the window's zone otherwise. */
class BackfillFilterTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    // 2026-01-01 00:00 and 2026-01-02 00:00 in Berlin (UTC+1)
    private static final TimeWindow DAY = new TimeWindow(Instant.parse("2025-12-31T23:00:00Z"), Instant.parse("2026-01-01T23:00:00Z"), BERLIN);

    @Test
    void aTimestampWithTimeZoneComparesAsAnInstant() {
        assertThat(BackfillFilter.of(Dialect.POSTGRES, new SourceColumn("at", "timestamptz", "TIMESTAMPTZ", ValueKind.TIMESTAMPTZ), DAY, "t"))
                .isEqualTo("\"at\" >= CAST('2025-12-31 23:00:00.000000+00' AS timestamptz) AND \"at\" < CAST('2026-01-01 23:00:00.000000+00' AS timestamptz)");
    }

    @Test
    void aTimestampWithoutTimeZoneAndADateCompareAsLocalTimeInTheWindowsZone() {
        assertThat(BackfillFilter.of(Dialect.POSTGRES, new SourceColumn("at", "timestamp", "TIMESTAMP", ValueKind.TIMESTAMP), DAY, "t"))
                .isEqualTo("\"at\" >= CAST('2026-01-01 00:00:00.000000' AS timestamp) AND \"at\" < CAST('2026-01-02 00:00:00.000000' AS timestamp)");
        assertThat(BackfillFilter.of(Dialect.MYSQL, new SourceColumn("d", "DATE", "DATE", ValueKind.DATE), DAY, "t"))
                .isEqualTo("`d` >= '2026-01-01' AND `d` < '2026-01-02'");
    }

    @Test
    void aDateCursorNeedsWholeDaysAndANumberIsNoTimeCursor() {
        TimeWindow sixHours = new TimeWindow(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T06:00:00Z"), ZoneId.of("UTC"));
        assertThatThrownBy(() -> BackfillFilter.of(Dialect.POSTGRES, new SourceColumn("d", "date", "DATE", ValueKind.DATE), sixHours, "table t"))
                .isInstanceOf(TributaryException.class).hasMessageContaining("must start and end at midnight").hasMessageContaining("--window 1d");
        assertThatThrownBy(() -> BackfillFilter.of(Dialect.POSTGRES, new SourceColumn("n", "bigint", "BIGINT", ValueKind.BIGINT), DAY, "table t"))
                .isInstanceOf(TributaryException.class).hasMessageContaining("is a number");
    }
}
