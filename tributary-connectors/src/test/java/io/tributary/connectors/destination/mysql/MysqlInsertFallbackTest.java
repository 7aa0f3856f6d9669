package io.tributary.connectors.destination.mysql;

import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.Destination;
import io.tributary.spi.DestinationException;

/**
 * The contract again with multi-row INSERTs instead of LOAD DATA LOCAL INFILE: the path taken when
 * the server's {@code local_infile} is off (switching the shared server's setting would disturb other tests).
 */
class MysqlInsertFallbackTest extends MysqlDestinationTest {
    @Override
    protected Destination open(ConnectionSpec spec) throws DestinationException {
        return MysqlDestinationFactory.open(spec, projectDir(), true);
    }
}
