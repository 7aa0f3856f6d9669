package io.tributary.schedule;

/**
 * When a pipeline runs by itself: its cron in its time zone (null: only when asked), and what
 * happens to fire times missed while nothing ran.
 */
public record Scheduling(Cron cron, CatchUp catchUp) {
    public static final Scheduling NONE = new Scheduling(null, CatchUp.LATEST);

    public boolean scheduled() {
        return cron != null;
    }
}
