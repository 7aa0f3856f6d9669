package io.tributary.connectors.api;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Keeps the source within the API's rate limits: a fixed request budget
 * ({@code requests_per_second}), a leaky bucket reported by a header (Shopify's
 * {@code X-Shopify-Shop-Api-Call-Limit: 32/40}: wait for the bucket to drain below the threshold
 * before it fills, rather than being refused), and the server's own {@code Retry-After} on a 429.
 */
final class Throttle {
    private final ApiSpec.RateLimit limit;
    private final Pacer pacer;
    private long nextRequestNanos;
    private boolean started;

    Throttle(ApiSpec.RateLimit limit, Pacer pacer) {
        this.limit = limit;
        this.pacer = pacer;
    }

    /** Waits until the request budget allows the next request. */
    void beforeRequest() throws InterruptedException {
        if (limit.requestsPerSecond() <= 0) {
            return;
        }
        long now = pacer.nanoTime();
        if (started && now < nextRequestNanos) {
            pacer.sleep(Duration.ofNanos(nextRequestNanos - now), "requests_per_second");
            now = nextRequestNanos;
        }
        started = true;
        nextRequestNanos = now + (long) (1_000_000_000L / limit.requestsPerSecond());
    }

    /** Reads the call-limit header of a response and waits when the bucket is nearly full. */
    void afterResponse(HttpHeaders headers) throws InterruptedException {
        if (limit.callLimitHeader() == null) {
            return;
        }
        Optional<String> value = headers.firstValue(limit.callLimitHeader());
        if (value.isEmpty()) {
            return;
        }
        String[] parts = value.get().strip().split("/");
        if (parts.length != 2) {
            return;
        }
        try {
            double used = Double.parseDouble(parts[0].strip());
            double capacity = Double.parseDouble(parts[1].strip());
            if (capacity > 0 && used / capacity >= limit.threshold()) {
                double excess = used - Math.floor(capacity * limit.threshold()) + 1;
                pacer.sleep(Duration.ofMillis((long) Math.ceil(excess / limit.leakRate() * 1000)),
                        limit.callLimitHeader() + " " + value.get().strip());
            }
        } catch (NumberFormatException e) {
            // a header we do not understand is no reason to fail the run
        }
    }

    /**
     * How long a 429 asks us to wait: {@code Retry-After} in seconds or as an HTTP date; empty when
     * the header is absent or unreadable (the caller then backs off as for any failure).
     */
    Optional<Duration> retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After");
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String text = value.get().strip();
        try {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(text) * 1000)));
        } catch (NumberFormatException e) {
            // an HTTP date below
        }
        try {
            long at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Optional.of(Duration.ofMillis(Math.max(0, at - pacer.currentMillis())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
