package io.tributary.spi;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The source kinds on the class path, by their YAML {@code type:}. */
public final class SourceRegistry {
    private final Map<String, SourceFactory> factories = new TreeMap<>();

    public static SourceRegistry load() {
        SourceRegistry registry = new SourceRegistry();
        for (SourceFactory factory : ServiceLoader.load(SourceFactory.class)) {
            registry.factories.put(factory.type(), factory);
        }
        return registry;
    }

    public SourceFactory get(String type) {
        return factories.get(type);
    }

    public java.util.Set<String> types() {
        return factories.keySet();
    }
}
