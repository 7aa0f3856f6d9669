package io.tributary.alert;

import io.tributary.project.AlertChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one alert to several channels, each on its own thread with its own deadline, so a dead or
 * slow channel never delays or blocks the others; every channel gets a {@link Delivery}.
 */
public final class AlertDispatcher {
    /** Enough for 3 attempts of a 10 s request plus the waits between them. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(45);

    private final AlertSenders senders;
    private final Duration deadline;

    /** What one channel got. */
    public record Sent(AlertChannel channel, Delivery delivery) {}

    public AlertDispatcher(AlertSenders senders, Duration deadline) {
        this.senders = senders;
        this.deadline = deadline;
    }

    public AlertDispatcher(AlertSenders senders) {
        this(senders, DEFAULT_DEADLINE);
    }

    /** The deliveries in the order of {@code channels}. */
    public List<Sent> send(Alert alert, List<AlertChannel> channels) {
        if (channels.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(channels.size(), task -> {
            Thread thread = new Thread(task, "tributary-alert");
            thread.setDaemon(true); // a stuck receiver must not keep the program alive
            return thread;
        });
        try {
            List<Future<Delivery>> futures = new ArrayList<>();
            for (AlertChannel channel : channels) {
                futures.add(pool.submit(() -> senders.sender(channel).send(alert)));
            }
            long end = System.nanoTime() + deadline.toNanos();
            List<Sent> sent = new ArrayList<>();
            for (int i = 0; i < channels.size(); i++) {
                sent.add(new Sent(channels.get(i), await(futures.get(i), end)));
            }
            return sent;
        } finally {
            pool.shutdownNow();
        }
    }

    private Delivery await(Future<Delivery> future, long end) {
        try {
            return future.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return Delivery.failed("no delivery within " + deadline.toMillis() + " ms: given up (the receiver is too slow or hangs)", 0);
        } catch (ExecutionException e) {
            return Delivery.failed("unexpected error: " + e.getCause(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.failed("interrupted before the delivery ended", 0);
        }
    }
}
