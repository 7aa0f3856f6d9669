package io.tributary.project;

import io.tributary.spi.AlertChannelTypes;
import io.tributary.spi.CheckTypes;
import io.tributary.spi.ConnectionKinds;
import io.tributary.spi.DestinationRegistry;
import io.tributary.spi.SourceRegistry;

/**
 * Every kind a project may name, as registered on the class path through {@code META-INF/services}:
 * source types, destinations, connection kinds, alert channel types and check types. The built-in
 * ones register exactly like a plug-in's, so the loader knows none of them by name.
 */
public record ProjectKinds(SourceRegistry sources, DestinationRegistry destinations, ConnectionKinds connections,
                           AlertChannelTypes alerts, CheckTypes checks) {

    /** Everything on the class path. */
    public static ProjectKinds load() {
        return withSources(SourceRegistry.load());
    }

    /** The given sources, everything else from the class path. */
    public static ProjectKinds withSources(SourceRegistry sources) {
        return new ProjectKinds(sources, DestinationRegistry.load(), ConnectionKinds.load(), AlertChannelTypes.load(), CheckTypes.load());
    }

    public ProjectKinds withDestinations(DestinationRegistry destinations) {
        return new ProjectKinds(sources, destinations, connections, alerts, checks);
    }
}
