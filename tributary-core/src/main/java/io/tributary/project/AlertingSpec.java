package io.tributary.project;

import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code alerting:} in tributary.yml: the project-wide rule and the defaults of every pipeline's.
 *
 * @param channels channels every pipeline alerts, besides its own {@code alerts:}
 * @param on       the events of the project's channels and of pipeline rules that name none (failure by default)
 * @param remind   how often an open incident is told again; null (the default) for never
 * @param group    how long alerts to one channel are collected into one message; zero sends each at once
 */
public record AlertingSpec(List<String> channels, Set<AlertEvent> on, Duration remind, Duration group) {
    public static final Duration DEFAULT_GROUP = Duration.ofMinutes(1);
    public static final AlertingSpec DEFAULT = new AlertingSpec(List.of(), EnumSet.of(AlertEvent.FAILURE), null, DEFAULT_GROUP);

    public AlertingSpec {
        channels = List.copyOf(channels);
        on = Set.copyOf(on);
    }

    /** A pipeline's rules in effect: which channels hear which events, and its reminder interval (null: none). */
    public record Effective(Map<String, Set<AlertEvent>> channels, Duration remind) {
        /** The channels that hear {@code event}, in order. */
        public List<String> channelsFor(AlertEvent event) {
            return channels.entrySet().stream().filter(e -> e.getValue().contains(event)).map(Map.Entry::getKey).toList();
        }

        /** Whether any channel hears {@code event}. */
        public boolean wants(AlertEvent event) {
            return channels.values().stream().anyMatch(on -> on.contains(event));
        }
    }

    /** The project's channels, then the pipeline's own rules (a pipeline's rule for a project channel replaces it). */
    public Effective effective(PipelineAlerts own) {
        Map<String, Set<AlertEvent>> channels = new LinkedHashMap<>();
        for (String channel : this.channels) {
            channels.put(channel, on);
        }
        for (AlertRule rule : own.rules()) {
            channels.put(rule.channel(), rule.on() == null ? on : rule.on());
        }
        return new Effective(channels, own.remind() != null ? own.remind() : remind);
    }
}
