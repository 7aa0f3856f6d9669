package io.tributary.cli.demo.shop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The demo shop on the network: an HTTP server on 127.0.0.1 (a free port) answering like Shopify's
 * Admin REST API orders list ({@link ShopifyOrders}) and Stripe's charges list ({@link StripeCharges}),
 * so the pack's pipelines read it with the {@code shopify} and {@code stripe} presets exactly as they
 * would read a real shop. Nothing but the demo data is served; it stops on {@link #close()}.
 */
public final class ShopServer implements AutoCloseable {
    public static final String API_VERSION = "2025-01";

    private final HttpServer server;
    private final ExecutorService executor;
    private final ShopifyOrders shopify;
    private final StripeCharges stripe;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ShopServer(ShopData data, String shopifyToken, String stripeKey) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        shopify = new ShopifyOrders(data, shopifyToken, this::url);
        stripe = new StripeCharges(data, stripeKey);
        server.createContext("/", this::handle);
        // The connector asks for the next page while it parses the current one: two threads serve both.
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "demo-shop");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
    }

    /** Starts serving {@code data}; requests must carry the given Shopify access token and Stripe key. */
    public static ShopServer start(ShopData data, String shopifyToken, String stripeKey) {
        try {
            return new ShopServer(data, shopifyToken, stripeKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the demo shop on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** What the shopify preset's {@code base_url} is for this shop. */
    public String shopifyBaseUrl() {
        return url() + "/admin/api/" + API_VERSION;
    }

    /** What the stripe preset's {@code base_url} is for this shop. */
    public String stripeBaseUrl() {
        return url() + "/v1";
    }

    /** Every request so far, as {@code GET /path?query} (the query as sent, still encoded), oldest first. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String raw = exchange.getRequestURI().getRawQuery();
            requests.add(exchange.getRequestMethod() + " " + path + (raw == null ? "" : "?" + raw));
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Response response;
            if (!exchange.getRequestMethod().equals("GET")) {
                response = Response.json(405, "{\"errors\":\"only GET is served\"}");
            } else if (path.matches("/admin/api/[0-9]{4}-[0-9]{2}/orders\\.json")) {
                response = shopify.list(path, query, exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token"));
            } else if (path.equals("/v1/charges")) {
                response = stripe.list(query, exchange.getRequestHeaders().getFirst("Authorization"));
            } else {
                response = Response.json(404, "{\"errors\":\"Not Found\"}");
            }
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** An answer: status, extra headers, JSON body. */
    record Response(int status, Map<String, String> headers, String body) {
        static Response json(int status, String body) {
            return new Response(status, Map.of(), body);
        }
    }

    /** The query's parameters, decoded; a repeated parameter keeps its last value. */
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
}
