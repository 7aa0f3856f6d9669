package io.tributary.project;

import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigReader;
import io.tributary.config.DidYouMean;
import io.tributary.config.Durations;
import io.tributary.config.Location;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads alert rules: a pipeline's {@code alerts:} and tributary.yml's {@code alerting:}. A pipeline
 * writes its channels as ever ({@code alerts: [ops_slack]}), per channel with its events
 * ({@code alerts: [{channel: pager, on: [failure, stale]}]}), or as one rule
 * ({@code alerts: {channels: [ops_slack], on: [failure, check_warn], remind: 4h}}). Every channel
 * named must be defined under tributary.yml's {@code alerts:}; every event is one of
 * {@link AlertEvent#NAMES}; near misses get a suggestion.
 */
public final class AlertRulesReader {
    private static final String EVENTS_HINT = "one of " + String.join(", ", AlertEvent.NAMES);

    private AlertRulesReader() {}

    /** A pipeline's {@code alerts:}; {@code defined} are the channels of tributary.yml. */
    public static PipelineAlerts pipeline(ConfigReader config, Set<String> defined) {
        ConfigNode node = config.node("alerts");
        if (node == null) {
            return PipelineAlerts.NONE;
        }
        String path = config.pathOf("alerts");
        if (node instanceof ConfigNode.MapNode) {
            ConfigReader rule = config.map("alerts");
            List<String> channels = channels(rule, rule.has("channels") ? "channels" : "channel", defined);
            if (!rule.has("channels") && !rule.has("channel")) {
                rule.problem("channels", "the key 'channels' is required", "e.g. alerts: {channels: [ops_slack], on: [failure, stale]}");
            }
            Set<AlertEvent> on = events(rule, "on");
            Duration remind = Durations.read(rule, "remind", null);
            rule.finish();
            return new PipelineAlerts(channels.stream().map(c -> new AlertRule(c, on)).toList(), remind);
        }
        List<ConfigNode> items = node instanceof ConfigNode.ListNode list ? list.items() : List.of(node);
        List<AlertRule> rules = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ConfigNode item = items.get(i);
            String at = node instanceof ConfigNode.ListNode ? path + "[" + i + "]" : path;
            if (item instanceof ConfigNode.ScalarNode scalar && scalar.text() != null) {
                String channel = config.secrets().resolve(scalar.text(), scalar.location(), at, config.problems());
                if (known(config, channel, scalar.location(), path, defined)) {
                    rules.add(new AlertRule(channel, null));
                }
            } else if (item instanceof ConfigNode.MapNode) {
                ConfigReader rule = ConfigReader.of(item, at, config.problems(), config.secrets());
                List<String> channel = channels(rule, "channel", defined);
                if (!rule.has("channel")) {
                    rule.problem("channel", "the key 'channel' is required", "e.g. - {channel: ops_slack, on: [failure, check_warn]}");
                }
                Set<AlertEvent> on = events(rule, "on");
                rule.finish();
                channel.forEach(c -> rules.add(new AlertRule(c, on)));
            } else {
                config.problems().add(item.location(), at, "expected a channel name or {channel: NAME, on: [...]} but found " + item.kindName(),
                        "e.g. alerts: [ops_slack] or alerts: [{channel: ops_slack, on: [failure, stale]}]");
            }
        }
        return new PipelineAlerts(rules, null);
    }

    /** tributary.yml's {@code alerting:}: project-wide channels and events, reminders and grouping. */
    public static AlertingSpec project(ConfigReader config, Set<String> defined) {
        ConfigReader alerting = config.map("alerting");
        if (alerting == null) {
            return AlertingSpec.DEFAULT;
        }
        List<String> channels = channels(alerting, "channels", defined);
        Set<AlertEvent> on = events(alerting, "on");
        Duration remind = Durations.read(alerting, "remind", null);
        Duration group = Durations.read(alerting, "group", AlertingSpec.DEFAULT_GROUP);
        alerting.finish();
        return new AlertingSpec(channels, on == null ? AlertingSpec.DEFAULT.on() : on, remind, group);
    }

    /** Channel names (one or a list), each checked against the defined ones; unknown ones are reported and left out. */
    private static List<String> channels(ConfigReader config, String key, Set<String> defined) {
        ConfigNode node = config.node(key);
        List<String> names = config.stringOrList(key);
        List<ConfigNode> items = node instanceof ConfigNode.ListNode list ? list.items() : node == null ? List.of() : List.of(node);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            Location at = i < items.size() ? items.get(i).location() : config.locationOf(key);
            String path = node instanceof ConfigNode.ListNode ? config.pathOf(key) + "[" + i + "]" : config.pathOf(key);
            if (known(config, names.get(i), at, path, defined)) {
                out.add(names.get(i));
            }
        }
        return out;
    }

    private static boolean known(ConfigReader config, String channel, Location at, String path, Set<String> defined) {
        if (defined.contains(channel)) {
            return true;
        }
        config.problems().add(at, path, "unknown alert channel '" + channel + "'", defined.isEmpty()
                ? "define it under alerts: in " + ProjectLoader.PROJECT_FILE : DidYouMean.hint(channel, defined));
        return false;
    }

    /** {@code on: [failure, stale]}, or null when absent; unknown words are reported with a suggestion. */
    private static Set<AlertEvent> events(ConfigReader config, String key) {
        if (!config.has(key)) {
            return null;
        }
        ConfigNode node = config.node(key);
        List<String> words = config.stringOrList(key);
        List<ConfigNode> items = node instanceof ConfigNode.ListNode list ? list.items() : List.of(node);
        Set<AlertEvent> on = EnumSet.noneOf(AlertEvent.class);
        for (int i = 0; i < words.size(); i++) {
            AlertEvent event = AlertEvent.parse(words.get(i));
            if (event == null) {
                Location at = i < items.size() ? items.get(i).location() : config.locationOf(key);
                config.problems().add(at, config.pathOf(key), "'" + words.get(i) + "' is not an alert event",
                        DidYouMean.hint(words.get(i), AlertEvent.NAMES));
            } else {
                on.add(event);
            }
        }
        if (words.isEmpty()) {
            config.problem(key, "no events: the rule would never alert", EVENTS_HINT);
        }
        return on;
    }
}
