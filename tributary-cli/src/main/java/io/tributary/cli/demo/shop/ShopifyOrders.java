package io.tributary.cli.demo.shop;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.cli.demo.shop.ShopData.LineItem;
import io.tributary.cli.demo.shop.ShopData.Order;
import io.tributary.cli.demo.shop.ShopServer.Response;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * {@code GET /admin/api/<version>/orders.json} as Shopify's Admin REST API answers it
 * (https://shopify.dev/docs/api/admin-rest/latest/resources/order#get-orders): the
 * {@code X-Shopify-Access-Token} header, {@code limit} (default 50, at most 250), {@code status},
 * {@code created_at_min/max} and {@code updated_at_min/max}, cursor pagination through the
 * {@code Link} header's {@code page_info} (which carries the filters: beside it only {@code limit} is
 * accepted), and the leaky bucket of 40 calls draining 2 a second reported in
 * {@code X-Shopify-Shop-Api-Call-Limit} (a full bucket answers 429 with {@code Retry-After}).
 * Orders come by id, line items nested, money as text, times with their offset.
 *
 * <p>The flawed {@link ShopData.Flaws#duplicateOrderId() duplicate} is listed a second time
 * {@value #DUPLICATE_DISTANCE} places after itself, as an order updated while a client pages is
 * listed again: one id, two pages.
 */
final class ShopifyOrders {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 250;
    static final int BUCKET = 40;
    static final double LEAK_PER_SECOND = 2;
    static final int DUPLICATE_DISTANCE = 300;
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx");
    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> FILTERS = Set.of("created_at_min", "created_at_max", "updated_at_min", "updated_at_max", "status");

    private final ShopData data;
    private final String token;
    private final Supplier<String> url;
    private final LongSupplier nanoTime;
    private final Map<Long, String> rendered = new LinkedHashMap<>();
    private double bucket;
    private long lastCall;

    ShopifyOrders(ShopData data, String token, Supplier<String> url) {
        this(data, token, url, System::nanoTime);
    }

    ShopifyOrders(ShopData data, String token, Supplier<String> url, LongSupplier nanoTime) {
        this.data = data;
        this.token = token;
        this.url = url;
        this.nanoTime = nanoTime;
        this.lastCall = nanoTime.getAsLong();
        for (Order order : data.orders()) {
            rendered.put(order.id(), render(order));
        }
    }

    Response list(String path, Map<String, String> query, String accessToken) {
        if (!token.equals(accessToken)) {
            return Response.json(401, "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
        }
        String callLimit = call();
        if (callLimit == null) {
            return new Response(429, Map.of("Retry-After", "2", "X-Shopify-Shop-Api-Call-Limit", BUCKET + "/" + BUCKET),
                    "{\"errors\":\"Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.\"}");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Shopify-Shop-Api-Call-Limit", callLimit);
        int limit;
        try {
            limit = Integer.parseInt(query.getOrDefault("limit", String.valueOf(DEFAULT_LIMIT)));
        } catch (NumberFormatException e) {
            return new Response(400, headers, "{\"errors\":{\"limit\":\"Invalid value.\"}}");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return new Response(400, headers, "{\"errors\":{\"limit\":\"must be between 1 and " + MAX_LIMIT + "\"}}");
        }
        Map<String, String> filters = new LinkedHashMap<>();
        int offset = 0;
        if (query.containsKey("page_info")) {
            // Shopify: "page_info" carries the filters of the first request; only limit (and fields) may accompany it.
            if (query.keySet().stream().anyMatch(FILTERS::contains)) {
                return new Response(400, headers, "{\"errors\":{\"page_info\":\"Invalid value.\"}}");
            }
            try {
                String[] state = new String(Base64.getUrlDecoder().decode(query.get("page_info")), StandardCharsets.UTF_8).split("\n", -1);
                offset = Integer.parseInt(state[0]);
                for (int i = 1; i + 1 < state.length; i += 2) {
                    filters.put(state[i], state[i + 1]);
                }
            } catch (IllegalArgumentException e) {   // not one of ours: Shopify's answer to a made-up cursor
                return new Response(400, headers, "{\"errors\":{\"page_info\":\"Invalid value.\"}}");
            }
        } else {
            query.forEach((key, value) -> {
                if (FILTERS.contains(key)) {
                    filters.put(key, value);
                }
            });
        }
        List<Long> matching;
        try {
            matching = matching(filters);
        } catch (IllegalArgumentException e) {
            return new Response(400, headers, "{\"errors\":" + quote(e.getMessage()) + "}");
        }
        int end = Math.min(offset + limit, matching.size());
        List<String> links = new ArrayList<>();
        if (offset > 0) {
            links.add(link(path, limit, Math.max(0, offset - limit), filters, "previous"));
        }
        if (end < matching.size()) {
            links.add(link(path, limit, end, filters, "next"));
        }
        if (!links.isEmpty()) {
            headers.put("Link", String.join(", ", links));
        }
        StringBuilder body = new StringBuilder("{\"orders\":[");
        for (int i = Math.min(offset, end); i < end; i++) {
            body.append(i > offset ? "," : "").append(rendered.get(matching.get(i)));
        }
        return new Response(200, headers, body.append("]}").toString());
    }

    /** One call into the bucket: its new level as Shopify writes it ({@code "3/40"}), or null when it is full. */
    private synchronized String call() {
        long at = nanoTime.getAsLong();
        bucket = Math.max(0, bucket - (at - lastCall) / 1e9 * LEAK_PER_SECOND);
        lastCall = at;
        if (bucket + 1 > BUCKET) {
            return null;
        }
        bucket += 1;
        return (int) Math.ceil(bucket) + "/" + BUCKET;
    }

    private List<Long> matching(Map<String, String> filters) {
        Instant createdMin = time(filters, "created_at_min");
        Instant createdMax = time(filters, "created_at_max");
        Instant updatedMin = time(filters, "updated_at_min");
        Instant updatedMax = time(filters, "updated_at_max");
        String status = filters.getOrDefault("status", "open");
        if (!Set.of("open", "closed", "cancelled", "any").contains(status)) {
            throw new IllegalArgumentException("status must be open, closed, cancelled or any, not '" + status + "'");
        }
        List<Long> ids = new ArrayList<>();
        if (status.equals("closed") || status.equals("cancelled")) {
            return ids;   // the demo shop archives and cancels nothing
        }
        int duplicateAt = -1;
        for (Order order : data.orders()) {
            if (createdMin != null && order.createdAt().isBefore(createdMin) || createdMax != null && order.createdAt().isAfter(createdMax)
                    || updatedMin != null && order.updatedAt().isBefore(updatedMin) || updatedMax != null && order.updatedAt().isAfter(updatedMax)) {
                continue;
            }
            if (order.id() == data.flaws().duplicateOrderId()) {
                duplicateAt = ids.size() + DUPLICATE_DISTANCE;
            }
            ids.add(order.id());
        }
        if (duplicateAt >= 0) {
            ids.add(Math.min(duplicateAt, ids.size()), data.flaws().duplicateOrderId());
        }
        return ids;
    }

    private static Instant time(Map<String, String> filters, String name) {
        String value = filters.get(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO 8601 date-time with an offset, such as 2026-03-01T10:00:00-05:00, not '"
                    + value + "'");
        }
    }

    private String link(String path, int limit, int offset, Map<String, String> filters, String rel) {
        StringBuilder state = new StringBuilder().append(offset);
        filters.forEach((key, value) -> state.append('\n').append(key).append('\n').append(value));
        String pageInfo = Base64.getUrlEncoder().withoutPadding().encodeToString(state.toString().getBytes(StandardCharsets.UTF_8));
        return "<" + url.get() + path + "?limit=" + limit + "&page_info=" + pageInfo + ">; rel=\"" + rel + "\"";
    }

    static String render(Order order) {
        StringWriter out = new StringWriter(1_500);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("id", order.id());
            json.writeStringField("admin_graphql_api_id", "gid://shopify/Order/" + order.id());
            json.writeStringField("name", "#" + order.number());
            json.writeNumberField("order_number", order.number());
            json.writeStringField("email", order.email());
            json.writeStringField("created_at", time(order.createdAt()));
            json.writeStringField("updated_at", time(order.updatedAt()));
            json.writeStringField("processed_at", time(order.createdAt()));
            json.writeStringField("currency", "USD");
            json.writeStringField("financial_status", order.financialStatus());
            json.writeStringField("fulfillment_status", order.fulfillmentStatus());
            json.writeBooleanField("test", order.test());
            json.writeStringField("subtotal_price", order.subtotalPrice().toPlainString());
            json.writeStringField("total_tax", order.totalTax().toPlainString());
            json.writeStringField("total_discounts", "0.00");
            json.writeStringField("total_price", order.totalPrice().toPlainString());
            json.writeObjectFieldStart("customer");
            json.writeNumberField("id", order.customer().id());
            json.writeStringField("email", order.customer().email());
            json.writeStringField("first_name", order.customer().firstName());
            json.writeStringField("last_name", order.customer().lastName());
            json.writeEndObject();
            json.writeArrayFieldStart("line_items");
            for (LineItem item : order.lineItems()) {
                json.writeStartObject();
                json.writeNumberField("id", item.id());
                json.writeNumberField("product_id", item.product().id());
                json.writeNumberField("variant_id", item.variant().id());
                json.writeStringField("title", item.product().title());
                json.writeStringField("variant_title", item.variant().title());
                json.writeStringField("name", item.product().title() + " - " + item.variant().title());
                json.writeStringField("sku", item.variant().sku());
                json.writeStringField("vendor", item.product().vendor());
                json.writeNumberField("quantity", item.quantity());
                json.writeStringField("price", item.variant().price().toPlainString());
                json.writeStringField("total_discount", "0.00");
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static String time(Instant instant) {
        return TIME.format(instant.atOffset(ZoneOffset.UTC));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
