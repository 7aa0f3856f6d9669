package io.tributary.metadata;

import java.time.Instant;

/**
 * How one alert channel's deliveries went, kept in the store so {@code tributary status} and
 * {@code /api/alerts} show a failing channel (the alert path failing silently is what users fear).
 *
 * @param lastFailure why the latest failed delivery failed, null when none ever did
 */
public record AlertChannelState(String channel, Instant lastAttemptAt, boolean lastDelivered, Instant lastSuccessAt,
                                Instant lastFailureAt, String lastFailure, long delivered, long failed) {

    /** True when the newest delivery to the channel failed. */
    public boolean failing() {
        return !lastDelivered;
    }
}
