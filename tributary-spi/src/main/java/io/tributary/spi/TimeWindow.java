package io.tributary.spi;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * One window of a backfill: the rows whose time cursor lies in {@code [from, to)}. A source reads
 * only them ({@link Source#within}) and leaves the pipeline's own incremental position alone.
 *
 * @param zone how wall-clock cursor columns (a timestamp without time zone, a date) are compared with
 *             the two instants: their local date and time in this zone
 */
public record TimeWindow(Instant from, Instant to, ZoneId zone) {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx");

    public TimeWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        zone = zone == null ? ZoneId.of("UTC") : zone;
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("a window ends after it starts: " + from + " is not before " + to);
        }
    }

    /** {@code [2026-01-01 00:00 +01:00, 2026-01-02 00:00 +01:00)}, in the window's zone. */
    public String describe() {
        return "[" + SHOWN.format(ZonedDateTime.ofInstant(from, zone)) + ", " + SHOWN.format(ZonedDateTime.ofInstant(to, zone)) + ")";
    }
}
