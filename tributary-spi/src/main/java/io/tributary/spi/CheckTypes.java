package io.tributary.spi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/** The check types on the class path, by the key a check starts with, in registration order. */
public final class CheckTypes {
    private final Map<String, CheckType> types = new LinkedHashMap<>();

    public static CheckTypes load() {
        CheckTypes registry = new CheckTypes();
        for (CheckType type : ServiceLoader.load(CheckType.class)) {
            registry.types.putIfAbsent(type.name(), type);
        }
        return registry;
    }

    public CheckType get(String name) {
        return types.get(name);
    }

    public List<String> names() {
        return new ArrayList<>(types.keySet());
    }
}
