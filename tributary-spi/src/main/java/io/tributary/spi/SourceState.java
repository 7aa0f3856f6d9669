package io.tributary.spi;

import java.util.Map;
import java.util.Optional;

/** What earlier successful runs of this pipeline committed, one value per unit key. */
public record SourceState(Map<String, String> values) {
    public static final SourceState EMPTY = new SourceState(Map.of());

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }
}
