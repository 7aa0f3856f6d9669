package io.tributary.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The connection kinds on the class path, by the word written as {@code kind:}, in registration order. */
public final class ConnectionKinds {
    private final Map<String, ConnectionKind> kinds;

    private ConnectionKinds(Map<String, ConnectionKind> kinds) {
        this.kinds = kinds;
    }

    public static ConnectionKinds load() {
        return new ConnectionKinds(Plugins.byName(ConnectionKind.class, ConnectionKind::names));
    }

    public ConnectionKind get(String name) {
        return kinds.get(name);
    }

    public List<String> names() {
        return new ArrayList<>(kinds.keySet());
    }
}
