package io.tributary.cli.demo.shop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The shop demo's moving parts: a generated shop ({@link ShopGenerator}) served on 127.0.0.1
 * ({@link ShopServer}), and the e-commerce pack ({@code examples/shop}, shipped in the jar) written
 * into a project folder with the server's addresses and keys filled in.
 *
 * <pre>{@code
 * try (ShopDemo demo = ShopDemo.start(Clock.systemUTC())) {
 *     demo.writeProject(dir);
 *     // run the project's pipelines and models, then DemoReport.of(connection).print(out)
 * }
 * }</pre>
 */
public final class ShopDemo implements AutoCloseable {
    /** The demo shop's credentials: not secrets, but sent and checked like real ones. */
    public static final String SHOPIFY_TOKEN = "shpat_demo_4f1c2a9e7b3d";
    public static final String STRIPE_KEY = "sk_test_demo_8e5b1d7c2f9a";
    /**
     * The pack's files, as in {@code examples/shop} (a test keeps the list complete), but its
     * {@code .gitignore}: Maven's jar leaves such files out, so {@link #writeProject} writes its own.
     */
    public static final List<String> PACK_FILES = List.of("tributary.yml", ".env.example", "README.md", "pipelines/orders.yml",
            "pipelines/charges.yml", "models/daily_summary.sql", "models/revenue_trend.sql", "models/customer_segments.sql",
            "models/product_performance.sql");
    static final String PACK = "/io/tributary/cli/demo/shop/pack/";
    static final String SHOP_LINE = "  shop: ${env:SHOPIFY_SHOP}\n";
    static final String STRIPE_PRESET_LINE = "  preset: stripe\n";

    private final ShopData data;
    private final ShopServer server;

    private ShopDemo(ShopData data) {
        this.data = data;
        this.server = ShopServer.start(data, SHOPIFY_TOKEN, STRIPE_KEY);
    }

    /** Generates the shop for 90 days ending at the clock's instant and starts serving it. */
    public static ShopDemo start(Clock clock) {
        return new ShopDemo(ShopGenerator.generate(ShopGenerator.DEFAULT_SEED, clock));
    }

    public ShopData data() {
        return data;
    }

    public ShopServer server() {
        return server;
    }

    /**
     * Writes the pack into {@code dir}: the pipelines read this demo shop ({@code base_url} instead of
     * {@code shop}, Stripe's address beside its preset), and {@code .env} holds the demo keys.
     */
    public Path writeProject(Path dir) {
        try {
            for (String file : PACK_FILES) {
                String text = pack(file);
                if (file.equals("pipelines/orders.yml")) {
                    text = replaceLine(file, text, SHOP_LINE, "  base_url: " + server.shopifyBaseUrl() + "   # the demo shop; yours: shop: my-shop\n");
                } else if (file.equals("pipelines/charges.yml")) {
                    text = replaceLine(file, text, STRIPE_PRESET_LINE, STRIPE_PRESET_LINE + "  base_url: " + server.stripeBaseUrl() + "   # the demo shop\n");
                }
                Path target = dir.resolve(file);
                Files.createDirectories(target.getParent());
                Files.writeString(target, text, StandardCharsets.UTF_8);
            }
            Files.writeString(dir.resolve(".gitignore"), ".tributary/\n.env\n", StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(".env"), "SHOPIFY_TOKEN=" + SHOPIFY_TOKEN + "\nSTRIPE_SECRET_KEY=" + STRIPE_KEY + "\n", StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo project into " + dir + ": " + e.getMessage(), e);
        }
    }

    /** A file of the pack as the jar holds it. */
    public static String pack(String file) throws IOException {
        try (InputStream in = ShopDemo.class.getResourceAsStream(PACK + file)) {
            if (in == null) {
                throw new IOException("the pack's " + file + " is missing from the class path (" + PACK + file + "): rebuild with Maven");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String replaceLine(String file, String text, String line, String replacement) {
        if (!text.contains(line)) {
            throw new IllegalStateException("the pack's " + file + " no longer holds the line '" + line.strip() + "' the demo fills in");
        }
        return text.replace(line, replacement);
    }

    @Override
    public void close() {
        server.close();
    }
}
