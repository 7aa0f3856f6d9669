package io.tributary.alert;

import java.time.Duration;
import java.util.function.Supplier;

/** Runs one delivery's attempts under a {@link RetryPolicy} and turns their outcomes into a {@link Delivery}. */
final class Retrying {

    /** What one attempt came to. */
    sealed interface Outcome {
        record Delivered() implements Outcome {}

        /** Worth another try (no connection, 5xx, 429); {@code retryAfter} is the receiver's wish, null when it said none. */
        record Retry(String reason, Duration retryAfter) implements Outcome {}

        /** Trying again would fail the same way (4xx other than 429, a refused login). */
        record Fail(String reason) implements Outcome {}
    }

    private Retrying() {}

    static Delivery run(RetryPolicy policy, Supplier<Outcome> attempt) {
        String reason = null;
        for (int n = 1; n <= policy.attempts(); n++) {
            Outcome outcome;
            try {
                outcome = attempt.get();
            } catch (RuntimeException e) {
                // a sender's own bug must not escape to the caller either: the alert path must not die silently
                return Delivery.failed("unexpected error: " + e, n);
            }
            if (outcome instanceof Outcome.Delivered) {
                return Delivery.ok(n);
            }
            if (outcome instanceof Outcome.Fail fail) {
                return Delivery.failed(fail.reason(), n);
            }
            Outcome.Retry retry = (Outcome.Retry) outcome;
            reason = retry.reason();
            if (n < policy.attempts()) {
                try {
                    policy.sleeper().sleep(policy.delayAfter(n, retry.retryAfter()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Delivery.failed(reason + " (interrupted before trying again)", n);
                }
            }
        }
        return Delivery.failed(reason, policy.attempts());
    }
}
