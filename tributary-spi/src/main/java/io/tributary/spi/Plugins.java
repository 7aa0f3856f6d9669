package io.tributary.spi;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/** What the kind registries share: the implementations of one interface on the class path, by name. */
final class Plugins {
    private Plugins() {}

    /**
     * Every implementation of {@code type} found by {@link ServiceLoader}, under each of its names, in
     * registration order; when two claim one name, the first found keeps it.
     */
    static <T> Map<String, T> byName(Class<T> type, Function<T, Collection<String>> names) {
        Map<String, T> found = new LinkedHashMap<>();
        for (T plugin : ServiceLoader.load(type)) {
            for (String name : names.apply(plugin)) {
                found.putIfAbsent(name, plugin);
            }
        }
        return found;
    }
}
