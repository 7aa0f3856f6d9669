package io.tributary.alert;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded exponential backoff for delivery: {@code attempts} tries in all, waiting {@code firstDelay},
 * then twice that each time up to {@code maxDelay}, each wait shortened by up to {@code jitter} (a
 * fraction) at random so that many senders retrying after one outage do not hit the receiver together.
 * A receiver's {@code Retry-After} is honoured up to {@code retryAfterCap}: an alert waiting minutes is
 * no longer worth much, and the caller is waiting too.
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay, double jitter, Duration retryAfterCap, Sleeper sleeper) {

    /** 3 attempts, 200 ms then 400 ms (at most 800 ms), 20 % jitter, Retry-After up to 5 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofMillis(200), Duration.ofMillis(800), 0.2,
            Duration.ofSeconds(5), Sleeper.THREAD);

    /** Waits; a test may count instead. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter is a fraction between 0 and 1, not " + jitter);
        }
    }

    public RetryPolicy withAttempts(int attempts) {
        return new RetryPolicy(attempts, firstDelay, maxDelay, jitter, retryAfterCap, sleeper);
    }

    public RetryPolicy withDelays(Duration first, Duration max) {
        return new RetryPolicy(attempts, first, max, jitter, retryAfterCap, sleeper);
    }

    public RetryPolicy withRetryAfterCap(Duration cap) {
        return new RetryPolicy(attempts, firstDelay, maxDelay, jitter, cap, sleeper);
    }

    public RetryPolicy withSleeper(Sleeper sleeper) {
        return new RetryPolicy(attempts, firstDelay, maxDelay, jitter, retryAfterCap, sleeper);
    }

    /** The wait after failed attempt number {@code attempt} (1-based), or the receiver's wish when it said one. */
    Duration delayAfter(int attempt, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(retryAfterCap) > 0 ? retryAfterCap : retryAfter;
        }
        long base = firstDelay.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, maxDelay.toMillis());
        long jittered = capped - (long) (capped * jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.max(0, jittered));
    }
}
