package io.tributary.spi;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The destination kinds on the class path, by connection kind. */
public final class DestinationRegistry {
    private final Map<String, DestinationFactory> factories = new TreeMap<>();

    public static DestinationRegistry load() {
        DestinationRegistry registry = new DestinationRegistry();
        for (DestinationFactory factory : ServiceLoader.load(DestinationFactory.class)) {
            for (String kind : factory.kinds()) {
                registry.factories.put(kind, factory);
            }
        }
        return registry;
    }

    public DestinationFactory get(String kind) {
        return factories.get(kind);
    }

    public java.util.Set<String> kinds() {
        return factories.keySet();
    }
}
