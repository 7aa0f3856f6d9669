package io.tributary.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The alert channel types on the class path, by their {@code type:}, in registration order. */
public final class AlertChannelTypes {
    private final Map<String, AlertChannelType> types;

    private AlertChannelTypes(Map<String, AlertChannelType> types) {
        this.types = types;
    }

    public static AlertChannelTypes load() {
        return new AlertChannelTypes(Plugins.byName(AlertChannelType.class, t -> List.of(t.type())));
    }

    public AlertChannelType get(String type) {
        return types.get(type);
    }

    public List<String> types() {
        return new ArrayList<>(types.keySet());
    }
}
