package io.tributary.cli.demo.shop;

import io.tributary.cli.output.TextTable;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the shop owner reads after the demo: the last 30 days' KPIs against the 30 days before, the
 * customer segments and the five best products, from the pack's models ({@code daily_summary},
 * {@code customer_segments}, {@code product_performance}) and, for customers counted once over a
 * whole window, {@code orders}. "The last 30 days" end on the data's newest day, as in the models.
 *
 * @param newestDay the last day of the window (the newest day with sales)
 * @param current   the 30 days ending on {@code newestDay}
 * @param previous  the 30 days before those
 */
public record DemoReport(LocalDate newestDay, Kpis current, Kpis previous, List<Segment> segments, List<Product> topProducts) {
    static final int WINDOW_DAYS = 30;
    static final int TOP = 5;

    /** One window's numbers; the average order is revenue / orders, rounded half up to the cent. */
    public record Kpis(BigDecimal revenue, long orders, long customers) {
        public BigDecimal averageOrderValue() {
            return orders == 0 ? BigDecimal.ZERO.setScale(2) : revenue.divide(BigDecimal.valueOf(orders), 2, RoundingMode.HALF_UP);
        }
    }

    public record Segment(String name, long customers, BigDecimal averageLifetimeValue, BigDecimal averageOrders) {}

    public record Product(long rank, String title, long units, BigDecimal revenue, long orders, BigDecimal averagePrice) {}

    /** Reads the report from a database holding the pack's tables and models (the warehouse, or PostgreSQL). */
    public static DemoReport read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            LocalDate newest;
            try (ResultSet rs = statement.executeQuery("SELECT CAST(MAX(date) AS VARCHAR(10)) FROM daily_summary")) {
                rs.next();
                if (rs.getString(1) == null) {
                    throw new SQLException("daily_summary is empty: no order has been loaded yet");
                }
                newest = LocalDate.parse(rs.getString(1));
            }
            Kpis current = kpis(statement, newest.minusDays(WINDOW_DAYS), newest);
            Kpis previous = kpis(statement, newest.minusDays(2 * WINDOW_DAYS), newest.minusDays(WINDOW_DAYS));
            List<Segment> segments = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT segment, customers, average_lifetime_value, average_orders_per_customer "
                    + "FROM customer_segments ORDER BY segment_order")) {
                while (rs.next()) {
                    segments.add(new Segment(rs.getString(1), rs.getLong(2), rs.getBigDecimal(3), rs.getBigDecimal(4)));
                }
            }
            List<Product> products = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT rank, product_title, units_sold, revenue, orders, average_selling_price "
                    + "FROM product_performance WHERE rank <= " + TOP + " ORDER BY rank")) {
                while (rs.next()) {
                    products.add(new Product(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4), rs.getLong(5), rs.getBigDecimal(6)));
                }
            }
            return new DemoReport(newest, current, previous, List.copyOf(segments), List.copyOf(products));
        }
    }

    /** The days after {@code after} up to {@code last}: revenue and orders from daily_summary, customers once each from orders. */
    private static Kpis kpis(Statement statement, LocalDate after, LocalDate last) throws SQLException {
        String days = "date > DATE '" + after + "' AND date <= DATE '" + last + "'";
        BigDecimal revenue;
        long orders;
        try (ResultSet rs = statement.executeQuery("SELECT COALESCE(SUM(total_revenue), 0), COALESCE(SUM(total_orders), 0) FROM daily_summary WHERE " + days)) {
            rs.next();
            revenue = rs.getBigDecimal(1).setScale(2, RoundingMode.UNNECESSARY);
            orders = rs.getLong(2);
        }
        // The same sales the models count: not refunded, by UTC day.
        try (ResultSet rs = statement.executeQuery("SELECT COUNT(DISTINCT customer_id) FROM (SELECT customer_id, "
                + "CAST(created_at AT TIME ZONE 'UTC' AS DATE) AS date FROM orders WHERE status IS DISTINCT FROM 'refunded') sales WHERE " + days)) {
            rs.next();
            return new Kpis(revenue, orders, rs.getLong(1));
        }
    }

    public void print(PrintWriter out) {
        LocalDate first = newestDay.minusDays(WINDOW_DAYS - 1);
        out.println("== Your shop, the last 30 days (" + first + " to " + newestDay + "), against the 30 days before");
        TextTable kpis = new TextTable(List.of("", "last 30 days", "change"));
        kpis.add(List.of("Revenue ($)", money(current.revenue()), change(current.revenue(), previous.revenue())));
        kpis.add(List.of("Orders", count(current.orders()), change(BigDecimal.valueOf(current.orders()), BigDecimal.valueOf(previous.orders()))));
        kpis.add(List.of("Average order ($)", money(current.averageOrderValue()), change(current.averageOrderValue(), previous.averageOrderValue())));
        kpis.add(List.of("Customers", count(current.customers()),
                change(BigDecimal.valueOf(current.customers()), BigDecimal.valueOf(previous.customers()))));
        kpis.print(out);
        out.println();

        out.println("== Customer segments (VIP: 10+ orders and $1,000+; Loyal: 5+ orders or $500+; Regular: 2+ orders; New: one)");
        TextTable segmentTable = new TextTable(List.of("segment", "customers", "avg lifetime value ($)", "avg orders"));
        for (Segment segment : segments) {
            segmentTable.add(List.of(segment.name(), count(segment.customers()), money(segment.averageLifetimeValue()),
                    segment.averageOrders().toPlainString()));
        }
        segmentTable.print(out);
        out.println();

        out.println("== Top " + TOP + " products, the last 30 days");
        TextTable productTable = new TextTable(List.of("#", "product", "units", "revenue ($)", "orders", "avg price ($)"));
        for (Product product : topProducts) {
            productTable.add(List.of(String.valueOf(product.rank()), product.title(), count(product.units()), money(product.revenue()),
                    count(product.orders()), money(product.averagePrice())));
        }
        productTable.print(out);
    }

    /** {@code +12.3%} against the previous window, {@code new} when it had nothing. */
    static String change(BigDecimal now, BigDecimal before) {
        if (before.signum() == 0) {
            return now.signum() == 0 ? "0.0%" : "new";
        }
        BigDecimal percent = now.subtract(before).multiply(BigDecimal.valueOf(100)).divide(before, 1, RoundingMode.HALF_UP);
        return (percent.signum() > 0 ? "+" : "") + percent.toPlainString() + "%";
    }

    /** {@code 1,234.56}: digits first, so the tables align amounts on the right. */
    static String money(BigDecimal amount) {
        return new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(amount);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
