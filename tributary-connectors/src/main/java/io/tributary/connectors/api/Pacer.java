package io.tributary.connectors.api;

import java.time.Duration;

/**
 * Time as the API source sees it: the current instant and waiting. Every pause of the source goes
 * through here, so a test can record the pauses (and skip them) while the HTTP stays real.
 */
interface Pacer {
    Pacer SYSTEM = new Pacer() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long currentMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public void sleep(Duration duration, String reason) throws InterruptedException {
            if (!duration.isNegative() && !duration.isZero()) {
                Thread.sleep(duration.toMillis(), (int) (duration.toNanosPart() % 1_000_000));
            }
        }
    };

    long nanoTime();

    long currentMillis();

    /** Waits; {@code reason} says why (rate limit, retry), for tests and debug logs. */
    void sleep(Duration duration, String reason) throws InterruptedException;

    /**
     * The pacer new API sources use. Tests in this package replace it to record pauses; production
     * code never changes it.
     */
    final class Current {
        static volatile Pacer pacer = SYSTEM;

        private Current() {}
    }
}
