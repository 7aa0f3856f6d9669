package io.tributary.project;

import io.tributary.config.Location;
import io.tributary.spi.AlertChannelSettings;

/**
 * A named alert channel from {@code tributary.yml}; pipelines refer to it by name.
 *
 * @param type     its {@code type:}, null when missing or unknown (a problem already reported)
 * @param settings what its {@link io.tributary.spi.AlertChannelType} read, null when unusable
 */
public record AlertChannel(String name, String type, AlertChannelSettings settings, Location location) {}
