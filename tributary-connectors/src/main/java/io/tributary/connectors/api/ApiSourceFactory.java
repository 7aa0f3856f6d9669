package io.tributary.connectors.api;

import io.tributary.config.Durations;
import io.tributary.config.ConfigNode;
import io.tributary.config.ConfigNode.ScalarNode;
import io.tributary.config.ConfigReader;
import io.tributary.spi.LoadMode;
import io.tributary.spi.Source;
import io.tributary.spi.SourceContext;
import io.tributary.spi.SourceFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code type: api} — records from a REST endpoint that returns JSON pages: authentication,
 * pagination, incremental reads, rate limits and retries, nested objects flattened and arrays of
 * objects as child tables. {@code preset: shopify} and {@code preset: stripe} fill in the keys for
 * those APIs (see {@link Presets}). Phase one only: nothing here touches the network.
 */
public final class ApiSourceFactory implements SourceFactory {
    static final List<String> METHODS = List.of("GET", "POST");

    @Override
    public String type() {
        return "api";
    }

    @Override
    public Source create(ConfigReader config, SourceContext context) {
        String preset = null;
        List<String> credentials = List.of();
        if (config.has("preset")) {
            preset = config.oneOf("preset", null, Presets.NAMES);
            if (preset == null) {
                config.keys().forEach(config::accept);
                return null;
            }
            Presets.Applied applied = Presets.apply(preset, config);
            config.finish();
            if (applied == null) {
                return null;
            }
            applied.config().accept("type", "preset");
            config = applied.config();
            credentials = applied.credentials();
        }
        int before = config.problems().size();
        ApiSpec spec = read(config, context, preset, credentials.isEmpty() ? "source.auth"
                : credentials.stream().map(key -> "source." + key).collect(java.util.stream.Collectors.joining(" and ")));
        config.finish();
        if (spec == null || config.problems().size() > before) {
            return null;
        }
        return new ApiSource(spec, context.load(), context.projectDir());
    }

    private static ApiSpec read(ConfigReader config, SourceContext context, String preset, String credentials) {
        String baseUrl = config.requiredString("base_url", "the API's address, e.g. base_url: https://api.example.com/v1");
        if (baseUrl != null && !baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            config.problem("base_url", "'" + baseUrl + "' is not an http:// or https:// address", "e.g. base_url: https://api.example.com/v1");
        }
        if (baseUrl != null) {
            while (baseUrl.endsWith("/")) {
                baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
            }
        }
        String endpoint = config.string("endpoint", "");
        if (!endpoint.isEmpty() && !endpoint.startsWith("/")) {
            endpoint = "/" + endpoint;
        }
        String method = config.string("method", "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            config.problem("method", "'" + method + "' is not a method this source sends", "GET (the default) or POST");
        }
        String body = config.string("body", null);
        if (body != null && !method.equals("POST")) {
            config.problem("body", "a body is only sent with method: POST", "add method: POST, or remove body");
        }
        Map<String, String> params = config.stringMap("params");
        Map<String, String> headers = config.stringMap("headers");
        Auth auth = readAuth(config);
        String records = config.string("records", "");
        String idField = config.string("id_field", "id");
        ApiSpec.Pagination pagination = readPagination(config, idField);
        ApiSpec.Incremental incremental = readIncremental(config, context);
        ApiSpec.RateLimit rateLimit = readRateLimit(config);
        ApiSpec.Retry retry = readRetry(config);
        Duration timeout = Durations.read(config, "timeout", Duration.ofSeconds(30));
        Map<String, ApiSpec.Child> children = readChildren(config, context);
        Map<String, ColumnType> columns = ColumnType.readAll(config, "columns");
        String rawColumn = readRawColumn(config);
        boolean flatten = config.bool("flatten", true);
        if (baseUrl == null) {
            return null;
        }
        String describe = (preset != null ? preset + " " : "api ") + method + " " + baseUrl + endpoint;
        return new ApiSpec(baseUrl, endpoint, method, body, params, headers, auth, records, idField, pagination, incremental, rateLimit,
                retry, timeout, children, columns, rawColumn, flatten, describe, credentials);
    }

    private static Auth readAuth(ConfigReader config) {
        ConfigReader auth = config.map("auth");
        if (auth == null) {
            return new Auth.None();
        }
        String type = auth.oneOf("type", null, Auth.TYPES);
        if (type == null && !auth.has("type")) {
            auth.problem("type", "the key 'type' is required", "one of " + String.join(", ", Auth.TYPES));
        }
        Auth result = switch (type == null ? "" : type) {
            case "api_key" -> {
                String header = auth.string("header", null);
                String param = auth.string("param", null);
                if ((header == null) == (param == null)) {
                    auth.problem("header", "an api_key is sent either in a header or in a query parameter",
                            "write header: X-Api-Key (or param: api_key), not both");
                }
                yield new Auth.ApiKey(header, param, auth.requiredString("value", "e.g. value: ${env:API_KEY}"));
            }
            case "bearer" -> new Auth.Bearer(auth.requiredString("token", "e.g. token: ${env:API_TOKEN}"));
            case "basic" -> new Auth.Basic(auth.requiredString("user", "the user name"),
                    auth.requiredString("password", "e.g. password: ${env:API_PASSWORD}"));
            case "oauth2" -> new Auth.OAuth2(auth.requiredString("token_url", "e.g. token_url: https://auth.example.com/oauth/token"),
                    auth.requiredString("client_id", "e.g. client_id: ${env:CLIENT_ID}"),
                    auth.requiredString("client_secret", "e.g. client_secret: ${env:CLIENT_SECRET}"),
                    auth.stringOrList("scopes"));
            default -> new Auth.None();
        };
        auth.finish();
        return result;
    }

    private static ApiSpec.Pagination readPagination(ConfigReader config, String idField) {
        ConfigReader p = config.map("pagination");
        if (p == null) {
            return new ApiSpec.Pagination("none", null, null, null, null, null, null, 0, null, 0, 10_000);
        }
        String style = p.oneOf("style", "none", ApiSpec.Pagination.STYLES);
        if (!p.has("style")) {
            p.problem("style", "the key 'style' is required", "one of " + String.join(", ", ApiSpec.Pagination.STYLES));
        }
        long maxPages = p.integer("max_pages", 10_000L, 1, Long.MAX_VALUE);
        ApiSpec.Pagination result = switch (style) {
            case "cursor" -> new ApiSpec.Pagination(style, p.string("has_more", "has_more"), p.string("cursor_param", "starting_after"),
                    p.string("cursor_field", idField), null, null, null, 0, null, 0, maxPages);
            case "next_url" -> new ApiSpec.Pagination(style, null, null, null,
                    p.requiredString("next_url", "the body path holding the next page's address, e.g. next_url: links.next"),
                    null, null, 0, null, 0, maxPages);
            case "offset" -> new ApiSpec.Pagination(style, null, null, null, null, p.string("offset_param", "offset"),
                    p.string("limit_param", "limit"), p.integer("limit", 100L, 1, 1_000_000), null, 0, maxPages);
            case "page_number" -> new ApiSpec.Pagination(style, null, null, null, null, null, p.string("size_param", null),
                    p.integer("size", 0L, 0, 1_000_000), p.string("page_param", "page"), p.integer("start_page", 1L, 0, Long.MAX_VALUE), maxPages);
            default -> new ApiSpec.Pagination(style, null, null, null, null, null, null, 0, null, 0, maxPages);
        };
        p.finish();
        return result;
    }

    private static ApiSpec.Incremental readIncremental(ConfigReader config, SourceContext context) {
        ConfigNode node = config.node("incremental");
        if (node == null || node instanceof ScalarNode scalar && "false".equals(scalar.text()) && scalar.kind() == ScalarNode.Kind.BOOLEAN) {
            return null;
        }
        ConfigReader inc = config.map("incremental");
        if (inc == null) {
            return null;
        }
        String cursorField = inc.requiredString("cursor_field", "the record field that grows when a record changes, e.g. cursor_field: updated_at");
        String param = inc.requiredString("param", "the query parameter that filters by it, e.g. param: updated_at_min");
        Duration lookback = Durations.read(inc, "lookback", Duration.ZERO);
        String format = inc.oneOf("format", "iso", ApiSpec.Incremental.FORMATS);
        String start = inc.string("start", null);
        String untilParam = inc.string("until_param", null);
        if (start != null && format.equals("iso") && Cursors.parseInstant(start) == null) {
            inc.problem("start", "'" + start + "' is not an ISO-8601 date-time", "e.g. start: 2024-01-01T00:00:00Z");
        } else if (start != null && format.equals("unix") && !start.matches("\\d+")) {
            inc.problem("start", "'" + start + "' is not a unix time in seconds", "e.g. start: 1704067200");
        }
        inc.finish();
        if (context.load() != null && context.load().mode() == LoadMode.APPEND) {
            config.problem("incremental", "an incremental api source reads records again (changed ones, and those within the lookback),"
                    + " so with load mode append they would be duplicated",
                    "set load: {mode: merge, key: " + "id} (or incremental: false to read everything each run, with mode: replace)");
        }
        return new ApiSpec.Incremental(cursorField, param, lookback, format, start, untilParam);
    }

    private static ApiSpec.RateLimit readRateLimit(ConfigReader config) {
        ConfigReader r = config.map("rate_limit");
        if (r == null) {
            return new ApiSpec.RateLimit(0, null, 2, 0.8);
        }
        double perSecond = r.number("requests_per_second", 0.0);
        String header = r.string("call_limit_header", null);
        double leak = r.number("leak_rate", 2.0);
        double threshold = r.number("threshold", 0.8);
        if (perSecond < 0) {
            r.problem("requests_per_second", "must not be negative", null);
        }
        if (leak <= 0) {
            r.problem("leak_rate", "must be more than 0", "calls the API's bucket drains per second, e.g. 2 for Shopify");
        }
        if (threshold <= 0 || threshold > 1) {
            r.problem("threshold", "must be more than 0 and at most 1", "the fill ratio at which to slow down, e.g. 0.8");
        }
        r.finish();
        return new ApiSpec.RateLimit(perSecond, header, leak, threshold);
    }

    private static ApiSpec.Retry readRetry(ConfigReader config) {
        ConfigReader r = config.map("retry");
        if (r == null) {
            return new ApiSpec.Retry(5, Duration.ofSeconds(1), Duration.ofSeconds(60));
        }
        long attempts = r.integer("max_attempts", 5L, 1, 100);
        Duration initial = Durations.read(r, "initial_delay", Duration.ofSeconds(1));
        Duration max = Durations.read(r, "max_delay", Duration.ofSeconds(60));
        r.finish();
        return new ApiSpec.Retry((int) attempts, initial, max);
    }

    private static Map<String, ApiSpec.Child> readChildren(ConfigReader config, SourceContext context) {
        Map<String, ApiSpec.Child> children = new LinkedHashMap<>();
        ConfigReader c = config.map("children");
        if (c == null) {
            return children;
        }
        String main = context.load() == null ? null : context.load().table().name();
        for (String field : c.keys()) {
            ConfigNode node = c.node(field);
            if (node instanceof ScalarNode scalar && scalar.kind() == ScalarNode.Kind.BOOLEAN && "false".equals(scalar.text())) {
                continue;
            }
            ConfigReader child = node == null ? null : c.map(field);
            String table = child == null ? null : child.string("table", null);
            String parentKey = child == null ? null : child.string("parent_key", null);
            Map<String, ColumnType> columns = child == null ? Map.of() : ColumnType.readAll(child, "columns");
            if (child != null) {
                child.finish();
            }
            if (table == null) {
                table = (main == null ? "parent" : main) + "__" + field;
            }
            if (parentKey == null) {
                parentKey = singular(main) + "_id";
            }
            if (table.equals(main)) {
                c.problem(field, "the child table '" + table + "' is the pipeline's own table", "name another table: table: " + main + "__" + field);
            }
            if (columns.containsKey(parentKey)) {
                child.problem("columns", "the column " + parentKey + " holds the parent's " + "id and takes its type",
                        "leave " + parentKey + " out of columns (declare the parent's id_field in source.columns instead)");
            }
            children.put(field, new ApiSpec.Child(field, table, parentKey, columns));
        }
        return children;
    }

    /** {@code orders} → {@code order}, {@code categories} → {@code category}; no table → {@code parent}. */
    static String singular(String table) {
        if (table == null || table.isEmpty()) {
            return "parent";
        }
        if (table.endsWith("ies") && table.length() > 3) {
            return table.substring(0, table.length() - 3) + "y";
        }
        if (table.endsWith("sses")) {
            return table.substring(0, table.length() - 2);
        }
        if (table.endsWith("s") && !table.endsWith("ss") && table.length() > 1) {
            return table.substring(0, table.length() - 1);
        }
        return table;
    }

    private static String readRawColumn(ConfigReader config) {
        ConfigNode node = config.node("keep_raw");
        if (node == null) {
            return null;
        }
        if (node instanceof ScalarNode scalar && scalar.kind() == ScalarNode.Kind.BOOLEAN) {
            return Boolean.parseBoolean(scalar.text()) ? "_raw" : null;
        }
        String column = config.string("keep_raw", null);
        if (column != null && column.isBlank()) {
            config.problem("keep_raw", "the column name is empty", "keep_raw: true (column _raw) or a column name");
            return null;
        }
        return column;
    }
}
