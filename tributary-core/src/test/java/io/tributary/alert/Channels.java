package io.tributary.alert;

import io.tributary.project.AlertChannel;
import io.tributary.project.AlertChannels;
import io.tributary.project.ProjectKinds;
import io.tributary.project.ProjectLoader;
import io.tributary.testkit.TestProject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Channels read from a real tributary.yml, as the project loader reads them, and a delivery context with short waits. */
final class Channels {
    static final Instant NOW = Instant.parse("2026-12-04T20:15:30Z");

    /** The waits the retries asked for (recorded, not slept, so tests stay fast). */
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    private Channels() {}

    static Channels create() {
        return new Channels();
    }

    DeliveryContext context() {
        RetryPolicy retry = RetryPolicy.DEFAULT.withSleeper(waits::add);
        return DeliveryContext.withRetry(retry).withClock(java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
    }

    AlertSenders senders() {
        return new AlertSenders(io.tributary.spi.AlertChannelTypes.load(), context());
    }

    /** Writes {@code alerts:} (indented entries) into the project's tributary.yml and loads the channels. */
    static AlertChannels load(TestProject project, String alerts, Map<String, String> environment) {
        project.file("tributary.yml", "name: shop\nalerts:\n" + alerts);
        return new ProjectLoader(ProjectKinds.load(), environment).loadAlerts(project.dir());
    }

    static AlertChannel one(TestProject project, String alerts) {
        AlertChannels channels = load(project, alerts, Map.of());
        return channels.channels().values().iterator().next();
    }

    Delivery send(AlertChannel channel, Alert alert) {
        return senders().sender(channel).send(alert);
    }

    static Alert failure(AlertSeverity severity) {
        return Alert.of(severity, AlertKind.FAILURE, "orders", "orders: run 42 failed",
                "cannot read data/orders/2026-12-04.csv: line 7 has 5 fields, expected 4 <bad & wrong>", 42L,
                URI.create("https://tributary.example.com/runs/42"), NOW);
    }
}
