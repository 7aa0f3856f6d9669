package io.tributary.spec;

import java.util.List;

/** The {@code load:} block: destination table, mode, merge key and schema policy. */
public record LoadSpec(TableName table, LoadMode mode, List<String> key, SchemaPolicy schema) {}
