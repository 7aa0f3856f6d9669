package io.tributary.alert;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * What every sender shares: one HTTP client, the retry policy, the clock (webhook timestamps) and how
 * long one request may take. Tests shorten the delays; the server will keep one context for all alerts.
 */
public record DeliveryContext(HttpClient http, RetryPolicy retry, Clock clock, Duration requestTimeout) {

    public static DeliveryContext standard() {
        return withRetry(RetryPolicy.DEFAULT);
    }

    public static DeliveryContext withRetry(RetryPolicy retry) {
        Duration timeout = Duration.ofSeconds(10);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                // a webhook that redirects is misconfigured; following it would resend secrets' signatures elsewhere
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new DeliveryContext(http, retry, Clock.systemUTC(), timeout);
    }

    public DeliveryContext withClock(Clock clock) {
        return new DeliveryContext(http, retry, clock, requestTimeout);
    }
}
