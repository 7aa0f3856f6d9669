package io.tributary.cli.demo;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes the demo business: a small online shop's exports in every file format Tributary reads
 * (customers CSV, monthly order CSVs, a products Parquet file, web events as JSON lines, stores in an
 * Excel workbook) and one pipeline per source. The data is generated from a fixed seed, so every
 * demo shows the same numbers.
 */
public final class DemoProject {
    static final String[] COUNTRIES = {"US", "GB", "DE", "FR", "CA", "AU"};
    static final String[] STATUSES = {"paid", "paid", "paid", "paid", "shipped", "refunded", "pending"};
    static final String[] CATEGORIES = {"coffee", "tea", "mugs", "grinders", "gift cards"};
    static final int CUSTOMERS = 400;
    static final int PRODUCTS = 60;

    private final Path dir;
    private final Random random = new Random(42);
    private long nextOrderId = 10_001;

    public DemoProject(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public void write() throws IOException, SQLException {
        Scaffold.write(dir.resolve("tributary.yml"), Scaffold.PROJECT.formatted("demo-shop"));
        Scaffold.write(dir.resolve(".gitignore"), ".tributary/\n.env\n");
        customers();
        orders("2026-09", 1_400, LocalDate.of(2026, 9, 1), true);
        orders("2026-10", 1_700, LocalDate.of(2026, 10, 1), false);
        products();
        events();
        stores();
        pipelines();
    }

    /** A new month of orders, as the shop's nightly export would drop it into the folder. */
    public Path addOrdersMonth(String month, int count, LocalDate first) throws IOException {
        return orders(month, count, first, false);
    }

    private void customers() throws IOException {
        StringBuilder csv = new StringBuilder("id,email,name,country,signed_up\n");
        for (int i = 1; i <= CUSTOMERS; i++) {
            csv.append(i).append(",customer").append(i).append("@example.com,\"Customer ").append(i).append("\",")
                    .append(COUNTRIES[random.nextInt(COUNTRIES.length)]).append(',')
                    .append(LocalDate.of(2025, 1, 1).plusDays(random.nextInt(600))).append('\n');
        }
        Scaffold.write(dir.resolve("data/customers.csv"), csv.toString());
    }

    private Path orders(String month, int count, LocalDate first, boolean withBadRow) throws IOException {
        Path file = dir.resolve("data/orders/" + month + ".csv");
        Files.createDirectories(file.getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("id,created_at,customer_id,product_id,quantity,total_price,currency,status\n");
            for (int i = 0; i < count; i++) {
                if (withBadRow && i == 700) {
                    // An export glitch, as real exports have: Tributary rejects this line with its reason instead of dropping it silently.
                    out.write(nextOrderId++ + ",2026-09-15 12:00:00,17,3,2,n/a,USD,paid\n");
                    continue;
                }
                LocalDateTime created = first.atStartOfDay().plusMinutes((long) random.nextInt(28 * 24 * 60));
                int quantity = 1 + random.nextInt(4);
                double price = quantity * (4.5 + random.nextInt(9000) / 100.0);
                out.write(String.format(Locale.ROOT, "%d,%s,%d,%d,%d,%.2f,USD,%s%n", nextOrderId++, created.toString().replace('T', ' '),
                        1 + random.nextInt(CUSTOMERS), 1 + random.nextInt(PRODUCTS), quantity, price, STATUSES[random.nextInt(STATUSES.length)]));
            }
        }
        return file;
    }

    /** Parquet written by DuckDB itself, as a data team's export would be. */
    private void products() throws IOException, SQLException {
        Path file = dir.resolve("data/products.parquet");
        Files.createDirectories(file.getParent());
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            statement.execute("COPY (SELECT i AS id, 'Product ' || i AS name, "
                    + "(['coffee', 'tea', 'mugs', 'grinders', 'gift cards'])[1 + i % 5] AS category, "
                    + "round(3.5 + (i * 7919 % 9000) / 100.0, 2)::DECIMAL(10,2) AS price, i % 7 <> 0 AS active "
                    + "FROM range(1, " + (PRODUCTS + 1) + ") t(i)) TO '" + file.toString().replace("'", "''") + "' (FORMAT parquet)");
        }
    }

    private void events() throws IOException {
        Path file = dir.resolve("data/events/2026-10.ndjson");
        Files.createDirectories(file.getParent());
        String[] kinds = {"page_view", "page_view", "page_view", "add_to_cart", "checkout"};
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 1; i <= 3_000; i++) {
                LocalDateTime at = LocalDate.of(2026, 10, 1).atStartOfDay().plusSeconds(random.nextInt(31 * 24 * 3600));
                out.write(String.format(Locale.ROOT, "{\"id\": %d, \"at\": \"%s\", \"type\": \"%s\", \"user\": {\"id\": %d, \"country\": \"%s\"}, "
                                + "\"page\": {\"path\": \"/products/%d\", \"referrer\": %s}}%n",
                        i, at, kinds[random.nextInt(kinds.length)], 1 + random.nextInt(CUSTOMERS), COUNTRIES[random.nextInt(COUNTRIES.length)],
                        1 + random.nextInt(PRODUCTS), random.nextBoolean() ? "\"search\"" : "null"));
            }
        }
    }

    private void stores() throws IOException {
        Path file = dir.resolve("data/stores.xlsx");
        Files.createDirectories(file.getParent());
        try (OutputStream stream = Files.newOutputStream(file); Workbook workbook = new Workbook(stream, "Tributary demo", "1.0")) {
            Worksheet sheet = workbook.newWorksheet("Stores");
            List<String> header = List.of("store_id", "city", "opened", "staff", "monthly_rent");
            for (int c = 0; c < header.size(); c++) {
                sheet.value(0, c, header.get(c));
            }
            String[] cities = {"Portland", "Leeds", "Hamburg", "Lyon", "Halifax", "Perth"};
            for (int r = 1; r <= cities.length; r++) {
                sheet.value(r, 0, r);
                sheet.value(r, 1, cities[r - 1]);
                sheet.value(r, 2, LocalDate.of(2019 + r % 5, 1 + r, 1));
                sheet.style(r, 2).format("yyyy-mm-dd").set();
                sheet.value(r, 3, 3 + random.nextInt(10));
                sheet.value(r, 4, 1500 + random.nextInt(3000) + 0.5);
            }
        }
    }

    private void pipelines() throws IOException {
        Scaffold.write(dir.resolve("pipelines/customers.yml"), """
                name: customers
                description: The shop's customer list, exported daily in full
                schedule: "30 2 * * *"
                source:
                  type: file
                  path: data/customers.csv
                checks:
                  - not_null: [id, email]
                  - unique: id
                load:
                  table: customers
                  mode: merge
                  key: id
                """);
        Scaffold.write(dir.resolve("pipelines/orders.yml"), """
                name: orders
                description: Monthly order exports; each new file is loaded once
                schedule: "0 * * * *"
                source:
                  type: file
                  path: data/orders/*.csv
                  csv:
                    columns: {total_price: "DECIMAL(10,2)"}   # declared: a value that is not a price is rejected, not guessed
                transform:
                  - derive: {order_month: "strftime(created_at, '%Y-%m')"}
                checks:
                  - not_null: [id, customer_id, total_price]
                  - unique: id
                  - range: {column: total_price, min: 0, max: 10000}
                  - accepted_values: {column: status, values: [paid, shipped, refunded, pending]}
                load:
                  table: orders
                  mode: merge
                  key: id
                """);
        Scaffold.write(dir.resolve("pipelines/products.yml"), """
                name: products
                description: Product catalogue from the data team's Parquet export
                schedule: "0 3 * * *"
                source:
                  type: file
                  path: data/products.parquet
                load:
                  table: products
                  mode: replace
                """);
        Scaffold.write(dir.resolve("pipelines/web_events.yml"), """
                name: web_events
                description: Website events as JSON lines; nested objects become user__id, page__path, ...
                schedule: "*/15 * * * *"
                source:
                  type: file
                  path: data/events/*.ndjson
                load:
                  table: web_events
                  mode: append
                """);
        Scaffold.write(dir.resolve("pipelines/stores.yml"), """
                name: stores
                description: Store list kept by hand in a spreadsheet
                schedule: "0 6 * * 1"
                source:
                  type: file
                  path: data/stores.xlsx
                  excel:
                    sheet: Stores
                load:
                  table: stores
                  mode: replace
                """);
    }
}
