package io.tributary.project;

import java.util.Map;

/** The alert channels of {@code tributary.yml}, by name in the order written, and the project they belong to. */
public record AlertChannels(String project, Map<String, AlertChannel> channels) {}
