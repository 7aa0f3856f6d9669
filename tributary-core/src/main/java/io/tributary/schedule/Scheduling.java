package io.tributary.schedule;

/**
 * When a pipeline runs by itself: its cron in its time zone (null: only when asked), and what
 * happens to fire times missed while nothing ran.
 *
 * @param concurrency what a fire time does while the previous run still goes ({@code concurrency:})
 * @param timeout     a run going longer is stopped and fails ({@code timeout:}); null: no limit
 * @param after       the pipelines whose runs of one fire time must all succeed before this one runs
 *                    ({@code after:}); such a pipeline has no cron of its own
 */
public record Scheduling(Cron cron, CatchUp catchUp, Retries retries, Concurrency concurrency, java.time.Duration timeout,
                         java.util.List<String> after) {
    public static final Scheduling NONE = new Scheduling(null, CatchUp.LATEST, Retries.NONE);

    public Scheduling(Cron cron, CatchUp catchUp) {
        this(cron, catchUp, Retries.NONE);
    }

    public Scheduling(Cron cron, CatchUp catchUp, Retries retries) {
        this(cron, catchUp, retries, Concurrency.SKIP, null, java.util.List.of());
    }

    public Scheduling {
        retries = retries == null ? Retries.NONE : retries;
        concurrency = concurrency == null ? Concurrency.SKIP : concurrency;
        after = after == null ? java.util.List.of() : java.util.List.copyOf(after);
    }

    /** Runs after other pipelines ({@code after:}) rather than on a cron. */
    public boolean follows() {
        return !after.isEmpty();
    }

    /**
     * {@code retries: {attempts, backoff}}: a failed scheduled run is tried again up to
     * {@code attempts} times in all, waiting {@code backoff}, then twice that, and so on, each wait
     * with up to 20% random jitter (so pipelines that failed together do not retry together).
     */
    public record Retries(int attempts, java.time.Duration backoff) {
        public static final Retries NONE = new Retries(1, java.time.Duration.ZERO);

        /** The wait before attempt {@code attempt} (2, 3, ...): backoff × 2^(attempt-2), plus up to 20% jitter. */
        public java.time.Duration delayBefore(int attempt, java.util.random.RandomGenerator random) {
            long base = backoff.toMillis() << Math.min(attempt - 2, 20);
            return java.time.Duration.ofMillis(base + (long) (base * 0.2 * random.nextDouble()));
        }
    }

    public boolean scheduled() {
        return cron != null;
    }
}
