package io.tributary.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The alert channel types on the class path, by their {@code type:}, in registration order. */
public final class AlertChannelTypes {
    private final Map<String, AlertChannelType> types = new LinkedHashMap<>();

    public static AlertChannelTypes load() {
        AlertChannelTypes registry = new AlertChannelTypes();
        for (AlertChannelType type : ServiceLoader.load(AlertChannelType.class)) {
            registry.types.putIfAbsent(type.type(), type);
        }
        return registry;
    }

    public AlertChannelType get(String type) {
        return types.get(type);
    }

    public List<String> types() {
        return new ArrayList<>(types.keySet());
    }
}
