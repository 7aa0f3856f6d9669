package io.tributary.quality.checks;

import io.tributary.config.ConfigReader;
import io.tributary.config.Durations;
import io.tributary.error.TributaryException;
import io.tributary.spi.Check;
import io.tributary.spi.CheckFinding;
import io.tributary.spi.CheckTable;
import io.tributary.spi.CheckType;
import io.tributary.sql.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code freshness: {column, max_age}}: the newest value of a date or timestamp column is older than
 * {@code max_age} at the time of the run (Soda's freshness, dbt's source freshness). A timestamp
 * without a time zone is taken as UTC. No rows at all fails too: nothing is fresh.
 */
public final class FreshnessCheck implements CheckType {

    public record Rule(String column, Duration maxAge) implements Check {
        @Override
        public List<String> columns() {
            return List.of(column);
        }

        @Override
        public List<CheckFinding> measure(CheckTable table) throws SQLException {
            String type = table.columns().get(column).toUpperCase(Locale.ROOT);
            if (!type.startsWith("TIMESTAMP") && !type.equals("DATE")) {
                throw TributaryException.invalid("check freshness(" + column + "): the column is " + type
                        + ", not a date or timestamp. Cast it in transform (cast: {" + column + ": TIMESTAMP}) or check another column");
            }
            String c = Sql.ident(column);
            // epoch() reads a TIMESTAMP as UTC and a TIMESTAMPTZ as its instant, whatever the session's zone
            String sql = "SELECT CAST(max(" + c + ") AS VARCHAR), CAST(epoch_ms(max(CAST(" + c + " AS TIMESTAMP" + (type.contains("TIME ZONE")
                    || type.equals("TIMESTAMPTZ") ? " WITH TIME ZONE" : "") + "))) AS BIGINT) FROM " + table.relation();
            String newest;
            long newestMillis;
            try (Statement statement = table.connection().createStatement(); ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                newest = rs.getString(1);
                newestMillis = rs.getLong(2);
            }
            String name = "freshness(" + column + ")";
            if (newest == null) {
                return List.of(CheckFinding.decided(name, false, 0, List.of("no value at all, expected one newer than " + describe(maxAge))));
            }
            Duration age = Duration.between(Instant.ofEpochMilli(newestMillis), table.now());
            boolean fresh = age.compareTo(maxAge) <= 0;
            return List.of(CheckFinding.decided(name, fresh, 0, fresh ? List.of()
                    : List.of("newest " + newest + " is " + describe(age) + " old, more than " + describe(maxAge))));
        }
    }

    /** {@code 3h 5m}: an age as people read it. */
    static String describe(Duration duration) {
        long minutes = Math.max(0, duration.toMinutes());
        if (minutes < 1) {
            return Math.max(0, duration.toSeconds()) + "s";
        }
        long days = minutes / (24 * 60);
        long hours = minutes / 60 % 24;
        long rest = minutes % 60;
        return ((days > 0 ? days + "d " : "") + (hours > 0 ? hours + "h " : "") + (rest > 0 ? rest + "m" : "")).strip();
    }

    @Override
    public String name() {
        return "freshness";
    }

    @Override
    public Check read(ConfigReader item) {
        ConfigReader options = item.map(name());
        if (options == null) {
            return null;
        }
        String column = CheckOptions.column(options);
        if (!options.has("max_age")) {
            options.problem("max_age", "freshness needs max_age, how old the newest value may be", "e.g. max_age: 2h (or 30m, 1d)");
        }
        Duration maxAge = Durations.read(options, "max_age", null);
        options.finish();
        return column == null || maxAge == null ? null : new Rule(column, maxAge);
    }
}
