package io.tributary.spi;

import io.tributary.config.ConfigReader;

/**
 * A type of alert channel under {@code tributary.yml}'s {@code alerts:}, chosen by its {@code type:}
 * and registered through {@code META-INF/services/io.tributary.spi.AlertChannelType}. The built-in
 * types (slack, email, webhook, pagerduty) register the same way, so a new one never touches the engine.
 */
public interface AlertChannelType {

    /** The word users write as {@code type:}. */
    String type();

    /**
     * Called when the project is loaded: reads and checks the channel's keys (besides {@code type},
     * already read), reporting each problem to {@code config.problems()} and calling
     * {@link ConfigReader#finish()}. Must not touch the network. May return null when unusable.
     */
    AlertChannelSettings read(String name, ConfigReader config);
}
