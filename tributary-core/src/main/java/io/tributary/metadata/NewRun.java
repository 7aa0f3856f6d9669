package io.tributary.metadata;

/**
 * A run about to start.
 *
 * @param target      the destination table (and connection, when not the warehouse), for the history
 * @param mode        the load mode's YAML word
 */
public record NewRun(String pipeline, String target, String mode, boolean fullRefresh, Owner owner) {}
