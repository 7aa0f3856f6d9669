package io.tributary.connectors.database;

import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigNode.ScalarNode;
import io.tributary.config.ConfigReader;
import io.tributary.config.DidYouMean;
import io.tributary.spi.ConnectionSpec;
import io.tributary.spi.LoadMode;
import io.tributary.spi.Source;
import io.tributary.spi.SourceContext;
import io.tributary.spi.SourceFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: database} — one table, several tables, or a custom query from a named connection
 * ({@code connections:} in tributary.yml), read fully or incrementally by a cursor column.
 */
public final class DatabaseSourceFactory implements SourceFactory {
    static final int DEFAULT_FETCH_SIZE = 10_000;

    @Override
    public String type() {
        return "database";
    }

    @Override
    public Source create(ConfigReader config, SourceContext context) {
        ConnectionSpec connection = connection(config, context);
        List<SourceTable> tables = new ArrayList<>();
        boolean several = false;
        String query = null;
        int given = 0;
        if (config.has("table")) {
            given++;
            String table = config.string("table", null);
            if (table != null) {
                tables.add(table(config, "table", table));
            }
        }
        if (config.has("tables")) {
            given++;
            several = true;
            List<String> names = config.stringOrList("tables");
            if (names.isEmpty()) {
                config.problem("tables", "the list of tables is empty", "e.g. tables: [public.customers, public.orders]");
            }
            for (String name : names) {
                SourceTable table = table(config, "tables", name);
                if (tables.stream().anyMatch(t -> t.name().equals(table.name()))) {
                    config.problem("tables", "two tables named " + table.name() + " would land in the same destination table",
                            "read them in separate pipelines");
                }
                tables.add(table);
            }
        }
        if (config.has("query")) {
            given++;
            query = config.string("query", null);
            if (query != null && query.isBlank()) {
                config.problem("query", "the query is empty", "e.g. query: \"SELECT id, total FROM orders WHERE status <> 'test'\"");
            }
        }
        if (given == 0) {
            config.problem("table", "say what to read: table:, tables: or query:",
                    "e.g. table: public.orders, tables: [public.customers, public.orders] or query: \"SELECT ...\"");
        } else if (given > 1) {
            config.problem(config.has("query") ? "query" : "tables", "table:, tables: and query: are alternatives; write only one of them", null);
        }
        Incremental incremental = incremental(config, context, query != null);
        int fetchSize = config.integer("fetch_size", (long) DEFAULT_FETCH_SIZE, 1, 1_000_000).intValue();
        config.finish();
        if (connection == null || given != 1 || (query == null && tables.isEmpty()) || (query != null && query.isBlank())) {
            return null;
        }
        return new DatabaseSource(context.projectDir(), connection, query == null ? tables : List.of(), query, several, incremental,
                fetchSize, context.load() != null && context.load().mode() == LoadMode.MERGE);
    }

    private static ConnectionSpec connection(ConfigReader config, SourceContext context) {
        String name = config.requiredString("connection", context.connections().isEmpty()
                ? "define a connection under connections: in tributary.yml and name it here"
                : "one of " + String.join(", ", context.connections().keySet()));
        if (name == null) {
            return null;
        }
        ConnectionSpec spec = context.connections().get(name);
        if (spec == null) {
            config.problem("connection", "unknown connection '" + name + "'", context.connections().isEmpty()
                    ? "define it under connections: in tributary.yml" : DidYouMean.hint(name, context.connections().keySet()));
        }
        return spec;
    }

    private static SourceTable table(ConfigReader config, String key, String text) {
        SourceTable table = SourceTable.parse(text.strip());
        if (table.name().isEmpty() || (table.schema() != null && table.schema().isEmpty())) {
            config.problem(key, "'" + text + "' is not a table name", "write table or schema.table, e.g. public.orders");
        }
        return table;
    }

    private static Incremental incremental(ConfigReader config, SourceContext context, boolean isQuery) {
        ConfigReader block = config.map("incremental");
        if (block == null) {
            return null;
        }
        String cursor = block.requiredString("cursor", "a timestamp, date or integer column that grows when a row is added or changed, e.g. cursor: updated_at");
        List<String> key = block.stringOrList("key");
        Duration lookbackTime = null;
        Long lookbackNumber = null;
        ConfigNode lookback = block.node("lookback");
        if (lookback instanceof ScalarNode scalar && scalar.kind() == ScalarNode.Kind.INTEGER) {
            lookbackNumber = block.integer("lookback", null, 0, Long.MAX_VALUE);
        } else if (lookback != null) {
            String text = block.string("lookback", null);
            lookbackTime = text == null ? null : Lookback.parse(text);
            if (text != null && lookbackTime == null) {
                block.problem("lookback", "'" + text + "' is not a duration",
                        "a duration such as 30s, 10m, 2h or 1d for a time cursor, or a number for an integer cursor");
            }
        }
        if (lookback != null && context.load() != null && context.load().mode() != LoadMode.MERGE) {
            block.problem("lookback", "lookback re-reads rows that were loaded before, which mode "
                    + context.load().mode().yamlName() + " would load twice",
                    "use load: {mode: merge, key: ...} so re-read rows update themselves, or remove lookback");
        }
        if (isQuery && key.isEmpty() && lookback == null) {
            block.problem("key", "a query has no primary key to break ties between rows with the same " + cursor,
                    "name the column(s) that identify a row, e.g. key: [id]");
        }
        block.finish();
        return cursor == null ? null : new Incremental(cursor, key, lookbackTime, lookbackNumber);
    }
}
