package io.tributary.warehouse;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps in the metadata tables are UTC without a zone, written from Java for one source of time. */
final class Clock {
    private static final DateTimeFormatter SQL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private Clock() {}

    static LocalDateTime utcNow() {
        return LocalDateTime.now(ZoneOffset.UTC);
    }

    static String sqlNow() {
        return "TIMESTAMP '" + SQL.format(utcNow()) + "'";
    }
}
