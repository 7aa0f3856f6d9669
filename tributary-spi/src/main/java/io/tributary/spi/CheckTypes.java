package io.tributary.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The check types on the class path, by the key a check starts with, in registration order. */
public final class CheckTypes {
    private final Map<String, CheckType> types;

    private CheckTypes(Map<String, CheckType> types) {
        this.types = types;
    }

    public static CheckTypes load() {
        return new CheckTypes(Plugins.byName(CheckType.class, t -> List.of(t.name())));
    }

    public CheckType get(String name) {
        return types.get(name);
    }

    public List<String> names() {
        return new ArrayList<>(types.keySet());
    }
}
