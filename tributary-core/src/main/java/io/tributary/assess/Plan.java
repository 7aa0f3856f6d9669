package io.tributary.assess;

import java.time.Duration;
import java.util.List;

/**
 * What to do with a table: how urgent (priority, from the business impact), how hard (complexity),
 * how often to load it (a cron schedule from how often it actually changes), and how big it is.
 *
 * @param impact   1–10, as given or the default of the kind of source
 * @param schedule cron, five fields
 * @param intervalSeconds how far apart its runs are
 * @param why      why this schedule, in one line
 */
public record Plan(String priority, int impact, String complexity, String schedule, long intervalSeconds, String why, String volume) {
    /** How far apart the schedule's runs are. */
    public Duration interval() {
        return Duration.ofSeconds(intervalSeconds);
    }

    /** The business impact assumed when none is given: a database behind an application matters most, a file least. */
    public static int defaultImpact(String sourceKind) {
        return switch (sourceKind) {
            case "database" -> 7;
            case "api" -> 6;
            case "file" -> 4;
            default -> 5;
        };
    }

    public static final String EVERY_15_MINUTES = "*/15 * * * *";
    public static final String HOURLY = "0 * * * *";
    public static final String DAILY = "0 2 * * *";

    /** @param tables how many tables the assessment covers (more tables, more work) */
    public static Plan of(TableProfile table, int impact, int tables) {
        Schedule schedule = schedule(table);
        return new Plan(priority(impact), impact, complexity(table, tables), schedule.cron, schedule.interval.toSeconds(), schedule.why, volume(table.rows()));
    }

    /** 7–10 high, 4–6 medium, 1–3 low. */
    static String priority(int impact) {
        return impact >= 7 ? "high" : impact >= 4 ? "medium" : "low";
    }

    /**
     * Points: more than 15 columns 1, more than 50 columns 2; nested columns 1; mixed-type columns 1;
     * more than one table 1, more than 5 tables 2. 0–1 low, 2–3 medium, 4 or more high.
     */
    static String complexity(TableProfile table, int tables) {
        int points = complexityReasons(table, tables).size() + (table.columns().size() > 50 ? 1 : 0) + (tables > 5 ? 1 : 0);
        return points <= 1 ? "low" : points <= 3 ? "medium" : "high";
    }

    /** What makes the table harder to load, in words (each is at least one complexity point). */
    public static List<String> complexityReasons(TableProfile table, int tables) {
        List<String> reasons = new java.util.ArrayList<>();
        int columns = table.columns().size();
        if (columns > 15) {
            reasons.add(columns + " columns");
        }
        List<String> nested = table.columns().stream().filter(ColumnProfile::isNested).map(ColumnProfile::name).toList();
        if (!nested.isEmpty()) {
            reasons.add("nested or JSON columns (" + String.join(", ", nested) + ")");
        }
        List<String> mixed = table.columns().stream().filter(ColumnProfile::mixedTypes).map(ColumnProfile::name).toList();
        if (!mixed.isEmpty()) {
            reasons.add("mixed types (" + String.join(", ", mixed) + ")");
        }
        if (tables > 1) {
            reasons.add(tables + " tables");
        }
        return reasons;
    }

    record Schedule(String cron, Duration interval, String why) {}

    /** From the median interval between distinct update times: under 30 min every 15 min, under 6 h hourly, else daily. */
    static Schedule schedule(TableProfile table) {
        Long median = table.medianChangeSeconds();
        if (median == null) {
            return new Schedule(DAILY, Duration.ofDays(1), "no update-timestamp column with two or more values: daily by default");
        }
        String every = "changes every " + Scores.age(median) + " (median, " + table.updateColumn() + ")";
        if (median < 30 * 60) {
            return new Schedule(EVERY_15_MINUTES, Duration.ofMinutes(15), every + ": every 15 minutes");
        }
        if (median < 6 * 3600) {
            return new Schedule(HOURLY, Duration.ofHours(1), every + ": hourly");
        }
        return new Schedule(DAILY, Duration.ofDays(1), every + ": daily");
    }

    /** Under 100,000 rows small, under 10 million medium, else large. */
    static String volume(long rows) {
        return rows < 100_000 ? "small" : rows < 10_000_000 ? "medium" : "large";
    }

}
