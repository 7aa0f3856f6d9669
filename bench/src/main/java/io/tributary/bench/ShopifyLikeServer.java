package io.tributary.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A local server answering like Shopify's Admin REST API orders list, for the {@code api} benchmark:
 * {@code GET /admin/api/2025-01/orders.json?limit=250}, cursor pagination through the {@code Link}
 * header ({@code page_info}), the {@code X-Shopify-Access-Token} header required, and
 * {@code X-Shopify-Shop-Api-Call-Limit} reported (always with room left, so the client's own
 * throttling is not what is measured).
 *
 * <p>Usage: {@code java -cp ... io.tributary.bench.ShopifyLikeServer ORDERS TOKEN}. Every page body is
 * rendered before the server starts listening (deterministic: the same ORDERS give the same bytes),
 * so the benchmark times the client, not the rendering. Prints {@code PORT <n>} when ready; runs
 * until killed.
 */
public final class ShopifyLikeServer {
    static final int PAGE = 250;
    static final int LINE_ITEMS = 3;

    private ShopifyLikeServer() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ShopifyLikeServer ORDERS TOKEN");
            System.exit(2);
        }
        int orders = Integer.parseInt(args[0]);
        String token = args[1];
        int pages = (orders + PAGE - 1) / PAGE;
        byte[][] bodies = new byte[pages][];
        for (int page = 0; page < pages; page++) {
            bodies[page] = page(page * PAGE + 1, Math.min(orders, (page + 1) * PAGE)).getBytes(StandardCharsets.UTF_8);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/admin/api/2025-01/orders.json", exchange -> serve(exchange, bodies, token));
        server.start();
        System.out.println("PORT " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void serve(HttpExchange exchange, byte[][] bodies, String token) throws IOException {
        try (exchange) {
            if (!token.equals(exchange.getRequestHeaders().getFirst("X-Shopify-Access-Token"))) {
                send(exchange, 401, "{\"errors\":\"[API] Invalid API key or access token\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String query = exchange.getRequestURI().getRawQuery();
            int page = 0;
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.startsWith("page_info=p")) {
                        page = Integer.parseInt(pair.substring("page_info=p".length()));
                    }
                }
            }
            if (page + 1 < bodies.length) {
                String self = "http://127.0.0.1:" + exchange.getLocalAddress().getPort() + "/admin/api/2025-01/orders.json";
                exchange.getResponseHeaders().set("Link", "<" + self + "?limit=250&page_info=p" + (page + 1) + ">; rel=\"next\"");
            }
            exchange.getResponseHeaders().set("X-Shopify-Shop-Api-Call-Limit", "1/40");
            send(exchange, 200, page < bodies.length ? bodies[page] : "{\"orders\":[]}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Orders {@code first..last} as a Shopify orders page. */
    static String page(int first, int last) {
        StringBuilder out = new StringBuilder(2_000 * PAGE).append("{\"orders\":[");
        for (int id = first; id <= last; id++) {
            if (id > first) {
                out.append(',');
            }
            order(out, id);
        }
        return out.append("]}").toString();
    }

    private static void order(StringBuilder out, long id) {
        long customer = 7_000_000 + id % 50_000;
        String day = String.format("2024-%02d-%02dT%02d:%02d:%02d-05:00", 1 + id % 12, 1 + id % 28, id % 24, id % 60, (id * 7) % 60);
        long cents = 1_000 + (id * 7919) % 50_000;
        out.append("{\"id\":").append(5_000_000_000L + id)
                .append(",\"admin_graphql_api_id\":\"gid://shopify/Order/").append(5_000_000_000L + id).append('"')
                .append(",\"name\":\"#").append(1000 + id).append('"')
                .append(",\"email\":\"customer").append(customer).append("@example.com\"")
                .append(",\"created_at\":\"").append(day).append('"')
                .append(",\"updated_at\":\"").append(day).append('"')
                .append(",\"currency\":\"USD\"")
                .append(",\"total_price\":\"").append(cents / 100).append('.').append(String.format("%02d", cents % 100)).append('"')
                .append(",\"total_tax\":\"").append(cents / 1000).append(".00\"")
                .append(",\"financial_status\":\"").append(id % 10 == 0 ? "refunded" : "paid").append('"')
                .append(",\"fulfillment_status\":").append(id % 3 == 0 ? "null" : "\"fulfilled\"")
                .append(",\"tags\":\"").append(id % 5 == 0 ? "vip, repeat" : "").append('"')
                .append(",\"customer\":{\"id\":").append(customer)
                .append(",\"email\":\"customer").append(customer).append("@example.com\"")
                .append(",\"first_name\":\"First").append(customer % 997).append('"')
                .append(",\"last_name\":\"Last").append(customer % 991).append('"')
                .append(",\"orders_count\":").append(1 + id % 9).append('}')
                .append(",\"shipping_address\":{\"city\":\"City ").append(id % 200).append('"')
                .append(",\"country_code\":\"").append(id % 4 == 0 ? "CA" : "US").append('"')
                .append(",\"zip\":\"").append(10000 + id % 89999).append("\"}")
                .append(",\"line_items\":[");
        for (int i = 1; i <= LINE_ITEMS; i++) {
            if (i > 1) {
                out.append(',');
            }
            long product = 8_000_000 + (id * i) % 1_000;
            out.append("{\"id\":").append(9_000_000_000L + id * 10 + i)
                    .append(",\"product_id\":").append(product)
                    .append(",\"variant_id\":").append(product * 10 + i)
                    .append(",\"title\":\"Product ").append(product % 1000).append('"')
                    .append(",\"sku\":\"SKU-").append(product).append('"')
                    .append(",\"quantity\":").append(1 + (id + i) % 4)
                    .append(",\"price\":\"").append(5 + (id * i) % 95).append(".99\"")
                    .append(",\"taxable\":").append(i % 2 == 0)
                    .append('}');
        }
        out.append("]}");
    }
}
