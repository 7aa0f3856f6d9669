package io.tributary.spi;

import io.tributary.config.ConfigReader;

/**
 * A kind of source, registered under its YAML {@code type:} through
 * {@code META-INF/services/io.tributary.spi.SourceFactory}. Built-in connectors register exactly
 * like third-party ones, so adding a connector never touches the engine.
 */
public interface SourceFactory {

    /** The word users write as {@code source.type}. */
    String type();

    /**
     * Phase one, called when the project is loaded (by {@code validate} and before every run):
     * read and check this source's keys from {@code config}, reporting each problem to
     * {@code config.problems()} and calling {@link ConfigReader#finish()} so unknown keys are caught.
     * Must not touch files, networks or databases. May return null when the config is unusable.
     */
    Source create(ConfigReader config, SourceContext context);
}
