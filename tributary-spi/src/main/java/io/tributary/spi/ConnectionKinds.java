package io.tributary.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The connection kinds on the class path, by the word written as {@code kind:}, in registration order. */
public final class ConnectionKinds {
    private final Map<String, ConnectionKind> kinds = new LinkedHashMap<>();

    public static ConnectionKinds load() {
        ConnectionKinds registry = new ConnectionKinds();
        for (ConnectionKind kind : ServiceLoader.load(ConnectionKind.class)) {
            for (String name : kind.names()) {
                registry.kinds.putIfAbsent(name, kind);
            }
        }
        return registry;
    }

    public ConnectionKind get(String name) {
        return kinds.get(name);
    }

    public List<String> names() {
        return new ArrayList<>(kinds.keySet());
    }
}
