package io.tributary.testplugin;

import io.tributary.config.ConfigReader;
import io.tributary.spi.ConnectionKind;
import io.tributary.spi.ConnectionSettings;
import io.tributary.spi.ConnectionSpec;
import java.util.List;

/**
 * TEST ONLY: a Kafka-like connection kind, {@code kind: test_queue}, registered from the test class
 * path: brokers as {@code host:port} and a folder whose {@code TOPIC.csv} files stand for the topics.
 */
public final class QueueConnectionKind implements ConnectionKind {

    public record Settings(List<String> brokers, String fixtures) implements ConnectionSettings {
        @Override
        public String describe() {
            return "test_queue://" + String.join(",", brokers);
        }
    }

    @Override
    public List<String> names() {
        return List.of("test_queue");
    }

    @Override
    public ConnectionSpec read(String name, String kind, ConfigReader config) {
        List<String> brokers = config.stringOrList("brokers");
        if (brokers.isEmpty()) {
            config.requiredString("brokers", "e.g. brokers: [kafka1:9092]");
        }
        for (String broker : brokers) {
            if (!broker.matches("[^:\\s]+:\\d{1,5}")) {
                config.problem("brokers", "'" + broker + "' is not host:port", "e.g. kafka1:9092");
            }
        }
        String fixtures = config.string("fixtures", "queue");
        config.finish();
        return ConnectionSpec.of(name, kind, new Settings(brokers, fixtures), config.location());
    }
}
