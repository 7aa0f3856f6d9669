package io.tributary.project;

import io.tributary.config.Location;
import io.tributary.spi.ConnectionSpec;

/**
 * Where the run history, check results, run logs and pipeline leases live ({@code metadata:} in
 * {@code tributary.yml}): inside the DuckDB warehouse (the default), or in the PostgreSQL database of a
 * named connection, which several processes (and later machines) can share.
 *
 * @param connection the PostgreSQL connection, or null for the warehouse
 * @param location   where {@code metadata:} is written, or null when it is not
 */
public record MetadataSpec(ConnectionSpec connection, Location location) {
    /** The default: in the warehouse. */
    public static final MetadataSpec IN_WAREHOUSE = new MetadataSpec(null, null);

    public boolean inWarehouse() {
        return connection == null;
    }
}
