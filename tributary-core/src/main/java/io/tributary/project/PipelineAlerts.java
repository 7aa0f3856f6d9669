package io.tributary.project;

import java.time.Duration;
import java.util.List;

/**
 * A pipeline's own {@code alerts:}: its rules, and how often an open incident is told again.
 *
 * @param remind null when the pipeline did not say (the project's {@code alerting.remind} applies)
 */
public record PipelineAlerts(List<AlertRule> rules, Duration remind) {
    public static final PipelineAlerts NONE = new PipelineAlerts(List.of(), null);

    public PipelineAlerts {
        rules = List.copyOf(rules);
    }

    /** {@code alerts: [a, b]}, the list of channel names it has always been: each on the project's default events. */
    public static PipelineAlerts of(List<String> channels) {
        return new PipelineAlerts(channels.stream().map(c -> new AlertRule(c, null)).toList(), null);
    }

    /** The channels named, in order. */
    public List<String> channels() {
        return rules.stream().map(AlertRule::channel).distinct().toList();
    }
}
