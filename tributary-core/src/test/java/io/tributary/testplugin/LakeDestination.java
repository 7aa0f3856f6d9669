package io.tributary.testplugin;

import io.tributary.config.ConfigReader;
import io.tributary.spi.ConnectionKind;
import io.tributary.spi.ConnectionSettings;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import io.tributary.spi.DestinationFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * TEST ONLY: a Parquet-lake-like destination, {@code kind: test_lake}: a connection kind with
 * {@code path} and {@code format}, and a destination factory serving that kind. It proves a new
 * destination is chosen and validated without the engine knowing it; it publishes nowhere.
 */
public final class LakeDestination {
    private LakeDestination() {}

    public record Settings(String path, String format) implements ConnectionSettings {
        @Override
        public String describe() {
            return "test_lake:" + path + " (" + format + ")";
        }
    }

    public static final class Kind implements ConnectionKind {
        @Override
        public List<String> names() {
            return List.of("test_lake");
        }

        @Override
        public ConnectionSpec read(String name, String kind, ConfigReader config) {
            String path = config.requiredString("path", "the lake's folder, e.g. path: lake/");
            String format = config.oneOf("format", "parquet", List.of("parquet", "csv"));
            config.finish();
            return ConnectionSpec.of(name, kind, new Settings(path, format), config.location());
        }
    }

    public static final class Factory implements DestinationFactory {
        @Override
        public Set<String> kinds() {
            return Set.of("test_lake");
        }

        @Override
        public Destination open(ConnectionSpec connection, Path projectDir) throws DestinationException {
            throw new DestinationException("the test lake " + connection.settings(Settings.class).describe() + " only validates");
        }
    }
}
