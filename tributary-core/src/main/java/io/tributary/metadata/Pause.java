package io.tributary.metadata;

import java.time.Instant;

/**
 * A paused pipeline ({@code tributary pause}): not scheduled until resumed.
 *
 * @param reason why, as the user said it ({@code --reason}); null when not said
 */
public record Pause(String pipeline, Instant pausedAt, String reason) {}
