package io.tributary.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline's schedule: a five-field cron expression (minute hour day-of-month month day-of-week,
 * as in crontab, parsed by cron-utils) or a nickname ({@code @hourly}, {@code @daily}, ...), in a
 * time zone.
 *
 * <p>The expression is matched against the zone's wall clock, and each wall-clock match fires once.
 * Across daylight-saving changes that means, as documented in docs/scheduling.md:
 * <ul>
 *   <li>a time that does not exist that day (02:30 when clocks jump from 02:00 to 03:00) fires at the
 *       first instant after the gap (03:00), once, as Vixie cron does;</li>
 *   <li>a time that happens twice (01:30 when clocks go back from 02:00 to 01:00) fires once, at its
 *       first occurrence.</li>
 * </ul>
 */
public final class Cron {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** The nicknames crontab(5) knows, and the five fields each stands for. */
    public static final Map<String, String> NICKNAMES = Map.of("@hourly", "0 * * * *", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime wallClock;

    private Cron(String expression, ZoneId zone, ExecutionTime wallClock) {
        this.expression = expression;
        this.zone = zone;
        this.wallClock = wallClock;
    }

    /**
     * Parses an expression.
     *
     * @throws IllegalArgumentException with cron-utils' reason when it is not one
     */
    public static Cron parse(String expression, ZoneId zone) {
        String trimmed = expression.trim();
        String fields = trimmed.startsWith("@") ? NICKNAMES.get(trimmed.toLowerCase(Locale.ROOT)) : trimmed;
        if (fields == null) {
            throw new IllegalArgumentException("unknown nickname " + trimmed + " (known: " + String.join(", ", NICKNAMES.keySet().stream().sorted().toList()) + ")");
        }
        var cron = PARSER.parse(fields);
        cron.validate();
        return new Cron(trimmed, zone, ExecutionTime.forCron(cron));
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** Same expression in the same zone: a reload of the project tells a changed schedule from an unchanged one by it. */
    @Override
    public boolean equals(Object other) {
        return other instanceof Cron cron && cron.expression.equals(expression) && cron.zone.equals(zone);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(expression, zone);
    }

    /** The first fire time strictly after {@code after}. */
    public Optional<Instant> next(Instant after) {
        // the wall clock as if it were UTC, where no time is missing or repeated
        LocalDateTime wall = LocalDateTime.ofInstant(after, zone);
        LocalDateTime candidate = wall;
        for (int guard = 0; guard < 10_000; guard++) {
            Optional<ZonedDateTime> match = wallClock.nextExecution(candidate.atZone(ZoneOffset.UTC));
            if (match.isEmpty()) {
                return Optional.empty();
            }
            candidate = match.get().toLocalDateTime();
            Instant fire = toInstant(candidate);
            if (fire.isAfter(after)) {
                return Optional.of(fire);
            }
        }
        return Optional.empty();
    }

    /** The fire times after {@code from} up to and including {@code to}, at most {@code limit} of them (the earliest). */
    public List<Instant> between(Instant from, Instant to, int limit) {
        List<Instant> fires = new ArrayList<>();
        Instant at = from;
        while (fires.size() < limit) {
            Optional<Instant> next = next(at);
            if (next.isEmpty() || next.get().isAfter(to)) {
                break;
            }
            fires.add(next.get());
            at = next.get();
        }
        return fires;
    }

    /** A wall-clock time in the zone: in a gap, the first instant after it; in an overlap, the first occurrence. */
    private Instant toInstant(LocalDateTime wall) {
        List<ZoneOffset> offsets = zone.getRules().getValidOffsets(wall);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = zone.getRules().getTransition(wall);
            return gap.getInstant();
        }
        return wall.atOffset(offsets.get(0)).toInstant();
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
