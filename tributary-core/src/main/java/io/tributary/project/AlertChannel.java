package io.tributary.project;

import io.tributary.config.Location;

/** A named alert channel from {@code tributary.yml}; pipelines refer to it by name. */
public record AlertChannel(String name, String type, Location location) {}
