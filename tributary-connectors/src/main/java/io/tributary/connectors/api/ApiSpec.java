package io.tributary.connectors.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated {@code type: api} source: everything needed to walk an endpoint's pages.
 *
 * @param baseUrl     scheme, host and base path, without a trailing slash
 * @param endpoint    the path after {@code baseUrl}
 * @param method      GET or POST
 * @param body        the POST body (JSON text), or null
 * @param params      query parameters sent on the first request
 * @param headers     extra request headers
 * @param records     dotted path of the records array in the response body; empty for a top-level array
 * @param idField     the record field identifying a record (cursor pagination, parent key of child tables)
 * @param incremental null when every run reads everything
 * @param children    array fields that become child tables, by field name
 * @param columns     declared types of the main table's columns, by column name (as in the table: {@code customer__id})
 * @param rawColumn   column keeping each record's JSON text, or null
 * @param flatten     nested objects become {@code parent__child} columns
 * @param describe    one line for summaries, e.g. {@code shopify orders (https://my-shop.myshopify.com/...)}
 * @param credentials the keys holding the credentials, as the user wrote them, for messages:
 *                    {@code source.auth}, or a preset's {@code source.access_token}
 */
record ApiSpec(String baseUrl, String endpoint, String method, String body, Map<String, String> params, Map<String, String> headers,
               Auth auth, String records, String idField, Pagination pagination, Incremental incremental, RateLimit rateLimit,
               Retry retry, Duration timeout, Map<String, Child> children, Map<String, ColumnType> columns, String rawColumn, boolean flatten,
               String describe, String credentials) {

    /** How the next page is found. */
    record Pagination(String style, String hasMorePath, String cursorParam, String cursorField, String nextUrlPath,
                      String offsetParam, String limitParam, long limit, String pageParam, long startPage, long maxPages) {
        static final List<String> STYLES = List.of("none", "link_header", "cursor", "next_url", "offset", "page_number");
    }

    /**
     * @param format  {@code iso} (ISO-8601 date-times) or {@code unix} (seconds since 1970)
     * @param start      the value sent on the first run, or null to read everything
     * @param untilParam the query parameter that ends the range (Stripe {@code created[lt]}, Shopify {@code updated_at_max}),
     *                   which a backfill window needs; null when the API has none
     */
    record Incremental(String cursorField, String param, Duration lookback, String format, String start, String untilParam) {
        static final List<String> FORMATS = List.of("iso", "unix");

        Incremental(String cursorField, String param, Duration lookback, String format, String start) {
            this(cursorField, param, lookback, format, start, null);
        }
    }

    /**
     * @param requestsPerSecond at most this many requests a second (0: no budget)
     * @param callLimitHeader   a leaky-bucket header such as Shopify's {@code X-Shopify-Shop-Api-Call-Limit: 32/40}, or null
     * @param leakRate          calls the bucket drains per second
     * @param threshold         the fill ratio at which requests wait for the bucket to drain
     */
    record RateLimit(double requestsPerSecond, String callLimitHeader, double leakRate, double threshold) {}

    record Retry(int maxAttempts, Duration initialDelay, Duration maxDelay) {}

    /**
     * An array of objects in each record that becomes its own table.
     *
     * @param field     the record's array field
     * @param table     the child table (unqualified, in load.table's schema)
     * @param parentKey the child table's column holding the parent record's {@code idField}
     * @param columns   declared types of the child table's columns, by column name
     */
    record Child(String field, String table, String parentKey, Map<String, ColumnType> columns) {}
}
