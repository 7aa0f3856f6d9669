package io.tributary.cli.demo.shop;

import io.tributary.config.Problems;
import io.tributary.models.Materialization;
import io.tributary.models.ModelBuilder;
import io.tributary.models.ModelGraph;
import io.tributary.models.ModelReader;
import io.tributary.models.ModelSpec;
import io.tributary.project.ProjectKinds;
import io.tributary.quality.CheckContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A small shop, written by hand so that every number of the pack's models can be followed: the
 * {@code orders} and {@code order_line_items} tables as the pack's pipelines load them, the models
 * built from the pack's SQL files (in dependency order, as tables or views as their headers say), and
 * the models' numbers computed again in plain Java from the same rows ({@link Expected}).
 *
 * <p>What is in it (newest day 2026-03-15):
 * <ul>
 *   <li>customer 10: an order a day from 03-06 to 03-15, 110.00 each: 10 orders, 1,100 spent: VIP;</li>
 *   <li>customer 20: five orders of 20.00 (03-10 to 03-14): Loyal by count;</li>
 *   <li>customer 30: one order of 600.00 on 02-20: Loyal by what was spent;</li>
 *   <li>customer 40: 10.00 on 01-20 (the 30 days before) and 10.01 at 23:30 New York time on 03-14, which
 *       is 03-15 in UTC: Regular; on 03-15 the average order is 120.01 / 2 = 60.005, rounded half up 60.01;</li>
 *   <li>customer 50: one order on 02-13, the day before the last 30 days begin: New;</li>
 *   <li>customer 60: one refunded order (not a sale, so in no model);</li>
 *   <li>on 03-13 two products tie for the day's revenue: the name decides (Kettle before Mocha Beans, though
 *       Mocha Beans has the lower id); a line item of an order that is not there counts nowhere.</li>
 * </ul>
 */
final class ShopFixture {
    static final LocalDate NEWEST = LocalDate.of(2026, 3, 15);
    static final List<String> MODELS = List.of("daily_summary", "revenue_trend", "customer_segments", "product_performance");

    record Order(long id, OffsetDateTime createdAt, BigDecimal total, long customer, String status) {
        LocalDate day() {
            return createdAt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        }
    }

    record Item(long orderId, long id, long productId, String title, int quantity, BigDecimal price) {
        BigDecimal total() {
            return price.multiply(BigDecimal.valueOf(quantity));
        }
    }

    final List<Order> orders = new ArrayList<>();
    final List<Item> items = new ArrayList<>();

    ShopFixture() {
        long id = 1;
        for (int day = 6; day <= 15; day++) {
            OffsetDateTime at = OffsetDateTime.of(2026, 3, day, 10, 0, 0, 0, ZoneOffset.UTC);
            orders.add(new Order(id, at, money("110.00"), 10, "paid"));
            if (day == 13) {
                items.add(new Item(id, id * 10 + 1, 1, "Mocha Beans", 1, money("55.00")));
                items.add(new Item(id, id * 10 + 2, 3, "Kettle", 1, money("55.00")));
            } else {
                items.add(new Item(id, id * 10 + 1, 1, "Mocha Beans", 2, money("55.00")));
            }
            id++;
        }
        for (int day = 10; day <= 14; day++) {
            orders.add(new Order(id, OffsetDateTime.of(2026, 3, day, 12, 0, 0, 0, ZoneOffset.UTC), money("20.00"), 20, "paid"));
            items.add(new Item(id, id * 10 + 1, 2, "Earl Grey", 2, money("10.00")));
            id++;
        }
        orders.add(new Order(id, OffsetDateTime.of(2026, 2, 20, 9, 0, 0, 0, ZoneOffset.UTC), money("600.00"), 30, "paid"));
        items.add(new Item(id, id * 10 + 1, 3, "Kettle", 4, money("150.00")));
        id++;
        orders.add(new Order(id, OffsetDateTime.of(2026, 1, 20, 15, 0, 0, 0, ZoneOffset.UTC), money("10.00"), 40, "paid"));
        items.add(new Item(id, id * 10 + 1, 2, "Earl Grey", 1, money("10.00")));
        id++;
        orders.add(new Order(id, OffsetDateTime.of(2026, 3, 14, 23, 30, 0, 0, ZoneOffset.ofHours(-5)), money("10.01"), 40, "pending"));
        items.add(new Item(id, id * 10 + 1, 2, "Earl Grey", 1, money("10.01")));
        id++;
        orders.add(new Order(id, OffsetDateTime.of(2026, 2, 13, 8, 0, 0, 0, ZoneOffset.UTC), money("45.50"), 50, "paid"));
        items.add(new Item(id, id * 10 + 1, 1, "Mocha Beans", 1, money("45.50")));
        id++;
        orders.add(new Order(id, OffsetDateTime.of(2026, 3, 12, 18, 0, 0, 0, ZoneOffset.UTC), money("999.00"), 60, "refunded"));
        items.add(new Item(id, id * 10 + 1, 3, "Kettle", 1, money("999.00")));
        items.add(new Item(999, 9991, 2, "Earl Grey", 5, money("10.00")));   // its order is missing
    }

    static BigDecimal money(String text) {
        return new BigDecimal(text);
    }

    /** Creates and fills the two tables, then builds the models from the pack's SQL. */
    void load(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id BIGINT, created_at TIMESTAMPTZ, total_price DECIMAL(18,2), customer_id BIGINT, "
                    + "customer_email VARCHAR, status VARCHAR, order_value_bucket VARCHAR)");
            statement.execute("CREATE TABLE order_line_items (order_id BIGINT, id BIGINT, product_id BIGINT, variant_id BIGINT, title VARCHAR, "
                    + "quantity BIGINT, price DECIMAL(18,2))");
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO orders VALUES (?, CAST(? AS TIMESTAMPTZ), ?, ?, ?, ?, NULL)")) {
            for (Order order : orders) {
                insert.setLong(1, order.id());
                insert.setString(2, order.createdAt().toString());
                insert.setBigDecimal(3, order.total());
                insert.setLong(4, order.customer());
                insert.setString(5, "c" + order.customer() + "@example.com");
                insert.setString(6, order.status());
                insert.executeUpdate();
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO order_line_items VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (Item item : items) {
                insert.setLong(1, item.orderId());
                insert.setLong(2, item.id());
                insert.setLong(3, item.productId());
                insert.setLong(4, item.productId() * 100);
                insert.setString(5, item.title());
                insert.setLong(6, item.quantity());
                insert.setBigDecimal(7, item.price());
                insert.executeUpdate();
            }
        }
        buildModels(connection);
    }

    /**
     * Builds the pack's models as {@code tributary models} does ({@link ModelReader}, {@link ModelGraph},
     * {@link ModelBuilder}: in dependency order, write-audit-publish), twice, so that the second build
     * replaces tables a view reads (PostgreSQL drops such a view with its table and creates it again).
     */
    static void buildModels(Connection connection) throws SQLException {
        Path project;
        try {
            project = Files.createTempDirectory("shop-models-");
            for (String model : MODELS) {
                Path file = project.resolve("models").resolve(model + ".sql");
                Files.createDirectories(file.getParent());
                Files.writeString(file, sql(model));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Problems problems = new Problems();
        List<ModelSpec> specs = new ModelReader(ProjectKinds.load().checks(), Set.of()).read(project, problems);
        ModelGraph graph = ModelGraph.of(specs, List.of("orders", "order_line_items"), problems);
        if (!problems.isEmpty()) {
            throw new AssertionError(problems.list());
        }
        ModelBuilder builder = new ModelBuilder(connection);
        for (int round = 0; round < 2; round++) {
            for (ModelSpec model : graph.models()) {
                List<ModelSpec> views = graph.downstreamOf(List.of(model.name())).stream()
                        .filter(m -> m.materialized() == Materialization.VIEW).toList();
                try {
                    builder.build(model, 0, false, views, CheckContext.standalone());
                } catch (ModelBuilder.ModelFailure e) {
                    throw new AssertionError(e.getMessage(), e);
                }
            }
        }
    }

    static String sql(String model) {
        try {
            return ShopDemo.pack("models/" + model + ".sql");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The models' rows computed in Java from the fixture, as text in the models' column order. */
    final class Expected {
        final List<Order> sales = orders.stream().filter(o -> !o.status().equals("refunded")).toList();
        final Set<Long> saleIds = sales.stream().map(Order::id).collect(Collectors.toSet());

        List<String> dailySummary() {
            return days(true, LocalDate.MIN);
        }

        List<String> revenueTrend() {
            return days(false, NEWEST.minusDays(30));
        }

        /** A row per day after {@code after}: date, orders, revenue, average, customers (and the top product). */
        private List<String> days(boolean withTopProduct, LocalDate after) {
            List<String> rows = new ArrayList<>();
            Map<LocalDate, List<Order>> byDay = new TreeMap<>(sales.stream().collect(Collectors.groupingBy(Order::day)));
            byDay.forEach((day, ofDay) -> {
                if (!day.isAfter(after)) {
                    return;
                }
                BigDecimal revenue = sum(ofDay.stream().map(Order::total).toList());
                Map<Long, BigDecimal> products = new LinkedHashMap<>();
                Map<Long, String> titles = new LinkedHashMap<>();
                Set<Long> ids = ofDay.stream().map(Order::id).collect(Collectors.toSet());
                for (Item item : items) {
                    if (ids.contains(item.orderId())) {
                        products.merge(item.productId(), item.total(), BigDecimal::add);
                        titles.put(item.productId(), item.title());
                    }
                }
                String top = products.keySet().stream().sorted(Comparator.comparing((Long p) -> products.get(p)).reversed()
                        .thenComparing(titles::get).thenComparing(p -> p)).map(titles::get).findFirst().orElse(null);
                rows.add(day + " " + ofDay.size() + " " + revenue + " " + average(revenue, ofDay.size()) + " "
                        + ofDay.stream().map(Order::customer).distinct().count() + (withTopProduct ? " " + top : ""));
            });
            return rows;
        }

        List<String> customerSegments() {
            Map<Long, List<Order>> byCustomer = sales.stream().collect(Collectors.groupingBy(Order::customer));
            Map<String, List<List<Order>>> segments = new TreeMap<>();
            byCustomer.values().forEach(bought -> {
                BigDecimal spent = sum(bought.stream().map(Order::total).toList());
                int n = bought.size();
                String segment = n >= 10 && spent.compareTo(BigDecimal.valueOf(1000)) >= 0 ? "VIP"
                        : n >= 5 || spent.compareTo(BigDecimal.valueOf(500)) >= 0 ? "Loyal" : n >= 2 ? "Regular" : "New";
                segments.computeIfAbsent(segment, s -> new ArrayList<>()).add(bought);
            });
            List<String> rows = new ArrayList<>();
            segments.forEach((segment, customers) -> {
                BigDecimal value = sum(customers.stream().map(c -> sum(c.stream().map(Order::total).toList())).toList());
                int orderCount = customers.stream().mapToInt(List::size).sum();
                rows.add(segment + " " + (List.of("VIP", "Loyal", "Regular", "New").indexOf(segment) + 1) + " " + customers.size() + " "
                        + average(value, customers.size()) + " " + average(BigDecimal.valueOf(orderCount), customers.size()));
            });
            return rows;
        }

        List<String> productPerformance() {
            Set<Long> recent = sales.stream().filter(o -> o.day().isAfter(NEWEST.minusDays(30))).map(Order::id).collect(Collectors.toSet());
            record Product(long id, String title, long units, BigDecimal revenue, Set<Long> orders) {}
            Map<Long, Product> products = new LinkedHashMap<>();
            for (Item item : items) {
                if (recent.contains(item.orderId())) {
                    Product old = products.getOrDefault(item.productId(), new Product(item.productId(), item.title(), 0, BigDecimal.ZERO, new HashSet<>()));
                    old.orders().add(item.orderId());
                    products.put(item.productId(), new Product(old.id(), old.title(), old.units() + item.quantity(), old.revenue().add(item.total()),
                            old.orders()));
                }
            }
            List<Product> ranked = products.values().stream().sorted(Comparator.comparing(Product::revenue).reversed()
                    .thenComparing(Product::title).thenComparing(Product::id)).limit(20).toList();
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < ranked.size(); i++) {
                Product p = ranked.get(i);
                rows.add((i + 1) + " " + p.id() + " " + p.title() + " " + p.units() + " " + p.revenue() + " " + p.orders().size() + " "
                        + average(p.revenue(), p.units()));
            }
            return rows;
        }
    }

    static BigDecimal sum(List<BigDecimal> values) {
        return values.stream().reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }

    static BigDecimal average(BigDecimal total, long count) {
        return total.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
    }
}
