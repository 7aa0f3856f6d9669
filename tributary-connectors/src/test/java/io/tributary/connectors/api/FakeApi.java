package io.tributary.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP server (JDK's HttpServer on a free local port) that behaves like the documented list
 * endpoints of Shopify's Admin REST API and Stripe's API, plus a few generic styles, with faults
 * that tests queue up. Every request is recorded.
 *
 * <ul>
 *   <li>{@code /admin/api/2025-01/{resource}.json}: Shopify: {@code X-Shopify-Access-Token}, {@code limit},
 *       {@code updated_at_min}, {@code status}, {@code page_info} in the {@code Link} header, sorted by id,
 *       {@code X-Shopify-Shop-Api-Call-Limit}.</li>
 *   <li>{@code /v1/{resource}}: Stripe: Bearer key, {@code limit}, {@code starting_after}, {@code created[gte]}, {@code created[lt]},
 *       {@code {"object":"list","data":[…],"has_more":…}}, newest first.</li>
 *   <li>{@code /generic/next_url}, {@code /generic/offset}, {@code /generic/pages}: the other pagination styles.</li>
 *   <li>{@code /oauth/token} and {@code /secure/items}: OAuth2 client credentials; tokens stop working after
 *       {@link #tokenUses} requests (a token expiring mid-run).</li>
 * </ul>
 */
final class FakeApi implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SHOPIFY_TOKEN = "shpat_test_secret_0123456789";
    static final String STRIPE_KEY = "sk_test_secret_9876543210";

    /** One request as the server saw it. */
    record Request(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
        String param(String name) {
            return query.get(name);
        }
    }

    /** How a canned answer ends: whole, cut off half-way (the connection closed), or stalled half-way (the connection kept open, silent). */
    enum Ending { WHOLE, CUT_OFF, STALL }

    /** A canned answer for the next request whose path (with its query) matches. */
    record Fault(Predicate<String> path, int status, Map<String, String> headers, String body, long delayMillis, Ending ending) {}

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newCachedThreadPool();
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();
    /** Holds stalled answers until the server closes. */
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    private final Map<String, Map<String, ObjectNode>> data = new LinkedHashMap<>();
    /** Shopify's bucket: the header value for each request (null: "1/40"). */
    volatile String callLimit;
    volatile int tokenUses = Integer.MAX_VALUE;
    volatile int tokenLifetimeSeconds = 3600;
    final AtomicInteger tokensIssued = new AtomicInteger();
    private volatile String currentToken;
    private final AtomicInteger currentTokenUses = new AtomicInteger();

    private FakeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        // One thread per request, as a real server: a slow answer must not hold up the client's retry.
        server.setExecutor(executor);
        server.start();
    }

    static FakeApi start() {
        try {
            return new FakeApi();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds or replaces (by id) a record of a resource. */
    synchronized void put(String resource, ObjectNode record) {
        data.computeIfAbsent(resource, r -> new LinkedHashMap<>()).put(record.get("id").asText(), record);
    }

    synchronized List<ObjectNode> records(String resource) {
        return new ArrayList<>(data.getOrDefault(resource, Map.of()).values());
    }

    void fault(String pathPart, int status, Map<String, String> headers, String body) {
        faults.add(new Fault(p -> p.contains(pathPart), status, headers, body, 0, Ending.WHOLE));
    }

    void fault(Fault fault) {
        faults.add(fault);
    }

    List<Request> requests(String pathPart) {
        synchronized (requests) {
            return requests.stream().filter(r -> r.path().contains(pathPart)).toList();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    /**
     * A pipeline reading a Shopify shop's orders at {@code baseUrl} (its {@code /admin/api/<version>})
     * with {@code preset: shopify}, merged on id; {@code extra}: more source keys, lines indented by two spaces.
     */
    static String shopifyOrders(String baseUrl, String extra) {
        return """
                source:
                  type: api
                  preset: shopify
                  base_url: %s
                  access_token: ${env:SHOPIFY_TOKEN}
                  resource: orders
                %sload: {table: orders, mode: merge, key: id}
                """.formatted(baseUrl, extra);
    }

    // ---- records

    static ObjectNode order(long id, String updatedAt, int lineItems) {
        ObjectNode order = JSON.createObjectNode();
        order.put("id", id);
        order.put("name", "#" + (1000 + id));
        order.put("email", "buyer" + id + "@example.com");
        order.put("total_price", String.format("%d.50", id * 10));
        order.put("updated_at", updatedAt);
        ObjectNode customer = order.putObject("customer");
        customer.put("id", 500 + id);
        customer.put("email", "buyer" + id + "@example.com");
        ArrayNode items = order.putArray("line_items");
        for (int i = 1; i <= lineItems; i++) {
            ObjectNode item = items.addObject();
            item.put("id", id * 100 + i);
            item.put("sku", "SKU-" + i);
            item.put("quantity", i);
            item.put("price", i + ".25");
        }
        order.putArray("tags").add("web").add("vip");
        return order;
    }

    static ObjectNode charge(String id, long created, long amount) {
        ObjectNode charge = JSON.createObjectNode();
        charge.put("id", id);
        charge.put("object", "charge");
        charge.put("amount", amount);
        charge.put("currency", "usd");
        charge.put("created", created);
        return charge;
    }

    // ---- serving

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Map<String, String> query = query(uri.getRawQuery());
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = uri.getPath();
            requests.add(new Request(exchange.getRequestMethod(), path, query, headers, body));
            if (!path.startsWith("/oauth")) {
                Fault fault = nextFault(uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery());
                if (fault != null) {
                    serveFault(exchange, fault);
                    return;
                }
            }
            if (path.startsWith("/admin/api/")) {
                shopify(exchange, path, query, headers);
            } else if (path.startsWith("/v1/")) {
                stripe(exchange, path.substring(4), query, headers);
            } else if (path.equals("/oauth/token")) {
                token(exchange, body);
            } else if (path.startsWith("/secure/")) {
                secure(exchange, headers);
            } else if (path.startsWith("/generic/")) {
                generic(exchange, path.substring(9), query);
            } else {
                send(exchange, 404, Map.of(), "{\"error\":\"not found\"}");
            }
        }
    }

    private synchronized Fault nextFault(String path) {
        for (Fault fault : faults) {
            if (fault.path().test(path)) {
                faults.remove(fault);
                return fault;
            }
        }
        return null;
    }

    private void serveFault(HttpExchange exchange, Fault fault) throws IOException {
        if (fault.delayMillis() > 0) {
            try {
                Thread.sleep(fault.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (fault.ending() != Ending.WHOLE) {
            // Promise the whole body and send half; then hang up (the client sees a connection closed
            // mid-body), or stay silent with the connection open until the server closes.
            byte[] bytes = fault.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(fault.status(), bytes.length);
            OutputStream out = exchange.getResponseBody();
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
            if (fault.ending() == Ending.STALL) {
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new IOException("cut off on purpose");
        }
        send(exchange, fault.status(), fault.headers(), fault.body());
    }

    private void shopify(HttpExchange exchange, String path, Map<String, String> query, Map<String, String> headers) throws IOException {
        if (!SHOPIFY_TOKEN.equals(headers.get("x-shopify-access-token"))) {
            send(exchange, 401, Map.of(), "{\"errors\":\"[API] Invalid API key or access token (unrecognized login or wrong password)\"}");
            return;
        }
        String resource = path.substring(path.lastIndexOf('/') + 1).replace(".json", "");
        int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        int offset = 0;
        String since = query.get("updated_at_min");
        if (query.containsKey("page_info")) {
            // Shopify accepts only limit (and fields) beside page_info: the filters travel inside it.
            String[] state = new String(Base64.getUrlDecoder().decode(query.get("page_info")), StandardCharsets.UTF_8).split("\\|", -1);
            offset = Integer.parseInt(state[0]);
            since = state[1].isEmpty() ? null : state[1];
            if (query.size() > 2 || query.containsKey("updated_at_min") || query.containsKey("status")) {
                send(exchange, 400, Map.of(), "{\"errors\":{\"page_info\":\"Invalid value.\"}}");
                return;
            }
        }
        String min = since;
        List<ObjectNode> matching = records(resource).stream()
                .filter(r -> min == null || !OffsetDateTime.parse(r.get("updated_at").asText()).toInstant().isBefore(Instant.parse(normalize(min))))
                .sorted(Comparator.comparingLong(r -> r.get("id").asLong()))
                .toList();
        List<ObjectNode> page = matching.subList(Math.min(offset, matching.size()), Math.min(offset + limit, matching.size()));
        Map<String, String> out = new LinkedHashMap<>();
        if (offset + limit < matching.size()) {
            String pageInfo = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    ((offset + limit) + "|" + (since == null ? "" : since)).getBytes(StandardCharsets.UTF_8));
            out.put("Link", "<" + url() + path + "?limit=" + limit + "&page_info=" + pageInfo + ">; rel=\"next\"");
        }
        out.put("X-Shopify-Shop-Api-Call-Limit", callLimit == null ? "1/40" : callLimit);
        ObjectNode body = JSON.createObjectNode();
        body.putArray(resource).addAll(page);
        send(exchange, 200, out, JSON.writeValueAsString(body));
    }

    private static String normalize(String time) {
        return OffsetDateTime.parse(time).toInstant().toString();
    }

    private void stripe(HttpExchange exchange, String resource, Map<String, String> query, Map<String, String> headers) throws IOException {
        if (!("Bearer " + STRIPE_KEY).equals(headers.get("authorization"))) {
            send(exchange, 401, Map.of(), "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Invalid API Key provided\"}}");
            return;
        }
        int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        String gte = query.get("created[gte]");
        String lt = query.get("created[lt]");
        List<ObjectNode> matching = new ArrayList<>(records(resource).stream()
                .filter(r -> gte == null || r.get("created").asLong() >= Long.parseLong(gte))
                .filter(r -> lt == null || r.get("created").asLong() < Long.parseLong(lt))
                .sorted(Comparator.comparingLong((ObjectNode r) -> r.get("created").asLong()).reversed()
                        .thenComparing(r -> r.get("id").asText()))
                .toList());
        int start = 0;
        if (query.containsKey("starting_after")) {
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).get("id").asText().equals(query.get("starting_after"))) {
                    start = i + 1;
                }
            }
        }
        List<ObjectNode> page = matching.subList(Math.min(start, matching.size()), Math.min(start + limit, matching.size()));
        ObjectNode body = JSON.createObjectNode();
        body.put("object", "list");
        body.put("url", "/v1/" + resource);
        body.put("has_more", start + limit < matching.size());
        body.putArray("data").addAll(page);
        send(exchange, 200, Map.of(), JSON.writeValueAsString(body));
    }

    private void token(HttpExchange exchange, String body) throws IOException {
        Map<String, String> form = query(body);
        if (!"client_credentials".equals(form.get("grant_type")) || !"client-1".equals(form.get("client_id"))
                || !"client-secret-xyz".equals(form.get("client_secret"))) {
            send(exchange, 401, Map.of(), "{\"error\":\"invalid_client\"}");
            return;
        }
        currentToken = "token-" + tokensIssued.incrementAndGet() + "-abcdef";
        currentTokenUses.set(0);
        send(exchange, 200, Map.of(), "{\"access_token\":\"" + currentToken + "\",\"token_type\":\"bearer\",\"expires_in\":"
                + tokenLifetimeSeconds + ",\"scope\":\"" + form.getOrDefault("scope", "") + "\"}");
    }

    private void secure(HttpExchange exchange, Map<String, String> headers) throws IOException {
        String given = headers.get("authorization");
        if (currentToken == null || !("Bearer " + currentToken).equals(given) || currentTokenUses.incrementAndGet() > tokenUses) {
            send(exchange, 401, Map.of(), "{\"error\":\"invalid_token\",\"error_description\":\"The access token expired\"}");
            return;
        }
        generic(exchange, "pages", query(exchange.getRequestURI().getRawQuery()));
    }

    /** Records of resource "items", sorted by id. */
    private void generic(HttpExchange exchange, String style, Map<String, String> query) throws IOException {
        List<ObjectNode> items = records("items").stream().sorted(Comparator.comparingLong(r -> r.get("id").asLong())).toList();
        switch (style) {
            case "next_url" -> {
                int cursor = Integer.parseInt(query.getOrDefault("cursor", "0"));
                int size = 2;
                ObjectNode body = JSON.createObjectNode();
                ObjectNode results = body.putObject("results");
                results.putArray("items").addAll(items.subList(Math.min(cursor, items.size()), Math.min(cursor + size, items.size())));
                ObjectNode links = body.putObject("links");
                if (cursor + size < items.size()) {
                    links.put("next", "/generic/next_url?cursor=" + (cursor + size));
                } else {
                    links.putNull("next");
                }
                send(exchange, 200, Map.of(), JSON.writeValueAsString(body));
            }
            case "offset" -> {
                int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
                int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
                ArrayNode body = JSON.createArrayNode().addAll(items.subList(Math.min(offset, items.size()), Math.min(offset + limit, items.size())));
                send(exchange, 200, Map.of(), JSON.writeValueAsString(body));
            }
            case "pages" -> {
                int page = Integer.parseInt(query.getOrDefault("page", "1"));
                int size = Integer.parseInt(query.getOrDefault("per_page", "2"));
                ObjectNode body = JSON.createObjectNode();
                body.putArray("items").addAll(items.subList(Math.min((page - 1) * size, items.size()), Math.min(page * size, items.size())));
                send(exchange, 200, Map.of(), JSON.writeValueAsString(body));
            }
            default -> send(exchange, 404, Map.of(), "{\"error\":\"no such endpoint\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
