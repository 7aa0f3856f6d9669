package io.tributary.engine;

import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;
import io.tributary.spi.DestinationFactory;
import io.tributary.spi.DestinationRegistry;
import io.tributary.warehouse.Warehouse;
import io.tributary.warehouse.WarehouseDestination;
import java.util.function.LongPredicate;

/** Where each pipeline publishes: the warehouse, or the database its {@code load.destination} names. */
public final class Destinations {
    private final java.util.function.Supplier<ProjectSpec> project;
    private final Warehouse warehouse;
    private final DestinationRegistry registry;
    private final LongPredicate runningHere;

    /** @param runningHere whether a run id is of a run going on in this process (see {@link WarehouseDestination}) */
    public Destinations(ProjectSpec project, Warehouse warehouse, DestinationRegistry registry, LongPredicate runningHere) {
        this(() -> project, warehouse, registry, runningHere);
    }

    /** @param project the project as it is now (a server reloads it while it runs) */
    public Destinations(java.util.function.Supplier<ProjectSpec> project, Warehouse warehouse, DestinationRegistry registry, LongPredicate runningHere) {
        this.project = project;
        this.warehouse = warehouse;
        this.registry = registry;
        this.runningHere = runningHere;
    }

    public static boolean isWarehouse(PipelineSpec pipeline) {
        return pipeline.load().destination() == null;
    }

    /** The warehouse as a destination. */
    public WarehouseDestination warehouse() {
        return new WarehouseDestination(warehouse, runningHere);
    }

    /** Opens the pipeline's destination; the caller closes it. */
    public Destination open(PipelineSpec pipeline) throws DestinationException {
        String name = pipeline.load().destination();
        if (name == null) {
            return warehouse();
        }
        ConnectionSpec connection = project.get().connections().get(name);
        if (connection == null) {
            throw new DestinationException("load.destination names the connection '" + name + "', which tributary.yml does not define");
        }
        DestinationFactory factory = registry.get(connection.kind());
        if (factory == null) {
            throw new DestinationException("connection '" + name + "' is of kind " + connection.kind()
                    + ", which cannot be a destination; destinations can be " + String.join(", ", registry.kinds())
                    + " (or leave out load.destination to load into the DuckDB warehouse)");
        }
        return factory.open(connection, project.get().dir());
    }
}
