package io.tributary.project;

import java.util.Set;

/**
 * One channel a pipeline alerts, and on which events.
 *
 * @param on the events; null when the rule did not say, so the project's {@code alerting.on} applies
 */
public record AlertRule(String channel, Set<AlertEvent> on) {
    public AlertRule {
        on = on == null ? null : Set.copyOf(on);
    }
}
