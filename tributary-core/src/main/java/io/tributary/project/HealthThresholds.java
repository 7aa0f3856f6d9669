package io.tributary.project;

import java.time.Duration;
import java.util.Locale;

/**
 * When a pipeline counts as degraded or critical ({@code health:} in tributary.yml, overridden key by
 * key in a pipeline file). The defaults are the rules of docs/server.md (Health).
 *
 * @param window               how many of the newest runs the success rate counts
 * @param degradedBelow        degraded when the success rate over {@code window} runs is under this fraction
 * @param criticalErrors24h    critical when more runs than this failed in the last 24 hours
 * @param criticalFailedInARow critical when this many newest runs all failed
 * @param staleAfter           degraded (stale) when the newest loaded data is older than this
 * @param criticalStaleAfter   critical when the newest loaded data is older than this
 */
public record HealthThresholds(int window, double degradedBelow, int criticalErrors24h, int criticalFailedInARow,
                               Staleness staleAfter, Staleness criticalStaleAfter) {
    public static final HealthThresholds DEFAULT = new HealthThresholds(20, 0.95, 10, 3, Staleness.intervals(1), Staleness.intervals(2));

    public HealthThresholds {
        staleAfter = staleAfter == null ? Staleness.OFF : staleAfter;
        criticalStaleAfter = criticalStaleAfter == null ? Staleness.OFF : criticalStaleAfter;
    }

    /**
     * How old a pipeline's data may get: a multiple of its schedule's interval ({@code 1x}, {@code 1.5x}:
     * only scheduled pipelines go stale), a fixed age ({@code 6h}: any pipeline, also one that runs
     * {@code after:} others), or {@code off}.
     *
     * @param intervals the multiple of the schedule's interval, when {@code age} is null (0: off)
     * @param age       the fixed age, or null
     */
    public record Staleness(double intervals, Duration age) {
        public static final Staleness OFF = new Staleness(0, null);

        public static Staleness intervals(double multiple) {
            return new Staleness(multiple, null);
        }

        public static Staleness age(Duration age) {
            return new Staleness(0, age);
        }

        public boolean off() {
            return age == null && intervals <= 0;
        }

        /** The age past which data is too old, for a schedule of {@code interval} (null: not scheduled); null when none. */
        public Duration limit(Duration interval) {
            if (age != null) {
                return age;
            }
            if (intervals <= 0 || interval == null) {
                return null;
            }
            return Duration.ofMillis(Math.round(interval.toMillis() * intervals));
        }

        /** As a user writes it: {@code 2x}, {@code 1.5x}, {@code 6h}, {@code off}. */
        public String words() {
            if (age != null) {
                long minutes = age.toMinutes();
                if (!age.isZero() && age.toDays() * 1440 == minutes) {
                    return age.toDays() + "d";
                }
                if (age.toHours() * 60 == minutes) {
                    return age.toHours() + "h";
                }
                return minutes + "m";
            }
            if (off()) {
                return "off";
            }
            return (intervals == Math.rint(intervals) ? String.valueOf((long) intervals) : String.format(Locale.ROOT, "%s", intervals)) + "x";
        }
    }
}
