package io.tributary.connectors.database;

import io.tributary.error.TributaryException;
import io.tributary.jdbc.Dialect;
import io.tributary.spi.TimeWindow;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The WHERE condition of one backfill window: {@code cursor >= from AND cursor < to}, so windows that
 * touch never share a row. A timestamp with a time zone compares as an instant; a timestamp without
 * one and a date compare with the window's bounds as local date and time in the window's zone.
 */
final class BackfillFilter {
    private BackfillFilter() {}

    static String of(Dialect dialect, SourceColumn cursor, TimeWindow window, String what) {
        if (cursor.kind().isWholeNumber()) {
            throw TributaryException.invalid("a backfill selects rows by time, but the cursor " + cursor.name() + " of " + what + " is a number ("
                    + cursor.sourceType() + "). Backfill a pipeline whose incremental.cursor is a timestamp or date column");
        }
        String c = dialect.ident(cursor.name());
        return c + " >= " + CursorState.literal(dialect, cursor.kind(), text(cursor, window.from(), window, what))
                + " AND " + c + " < " + CursorState.literal(dialect, cursor.kind(), text(cursor, window.to(), window, what));
    }

    /** The bound in the state's text form of the cursor's kind ({@link CursorState}). */
    private static String text(SourceColumn cursor, java.time.Instant at, TimeWindow window, String what) {
        return switch (cursor.kind()) {
            case TIMESTAMPTZ -> LocalDateTime.ofInstant(at, ZoneOffset.UTC).format(CursorState.MICROS) + "+00";
            case TIMESTAMP -> LocalDateTime.ofInstant(at, window.zone()).format(CursorState.MICROS);
            default -> {
                LocalDateTime local = LocalDateTime.ofInstant(at, window.zone());
                if (!local.toLocalTime().equals(java.time.LocalTime.MIDNIGHT)) {
                    throw TributaryException.invalid("the cursor " + cursor.name() + " of " + what + " is a date, so a backfill window must "
                            + "start and end at midnight (" + window.zone() + "), but " + window.describe() + " does not. Use whole days: "
                            + "--window 1d (or 7d) and dates for --from and --to");
                }
                yield local.toLocalDate().toString();
            }
        };
    }
}
