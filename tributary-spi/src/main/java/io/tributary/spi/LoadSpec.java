package io.tributary.spi;

import io.tributary.sql.SchemaPolicy;
import java.util.List;

/**
 * The {@code load:} block: destination table, mode, merge key and schema policy.
 *
 * @param destination the connection name of a destination database, or null for the DuckDB warehouse
 */
public record LoadSpec(TableName table, LoadMode mode, List<String> key, SchemaPolicy schema, String destination) {

    public LoadSpec(TableName table, LoadMode mode, List<String> key, SchemaPolicy schema) {
        this(table, mode, key, schema, null);
    }
}
