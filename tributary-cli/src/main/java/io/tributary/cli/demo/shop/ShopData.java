package io.tributary.cli.demo.shop;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the demo shop holds: a catalogue, customers, orders with their line items and the Stripe
 * charges that paid for them, plus the few bad records a real shop's data has (see {@link Flaws}).
 * Built by {@link ShopGenerator}; served by {@link ShopServer}.
 *
 * @param newestDay the last day with orders (the clock's day, UTC); "the last 30 days" of the pack's models end here
 * @param orders    every order once, by id (the {@link Flaws#duplicateOrderId() duplicate} is served twice but held once)
 * @param charges   one per paid order, by creation time
 */
public record ShopData(LocalDate newestDay, List<Product> products, List<Customer> customers, List<Order> orders, List<Charge> charges,
                       Flaws flaws) {

    public record Product(long id, String title, String vendor, String productType, List<Variant> variants) {}

    public record Variant(long id, long productId, String title, String sku, BigDecimal price) {}

    public record Customer(long id, String firstName, String lastName, String email) {}

    public record LineItem(long id, Product product, Variant variant, int quantity) {
        public BigDecimal total() {
            return variant.price().multiply(BigDecimal.valueOf(quantity));
        }
    }

    /**
     * An order as Shopify's Admin REST API describes it (the fields the demo serves).
     *
     * @param email           the order's contact e-mail (null for the flawed order without one)
     * @param financialStatus {@code paid}, {@code pending} or {@code refunded}
     * @param test            a test order placed through Shopify's bogus gateway
     */
    public record Order(long id, int number, Instant createdAt, Instant updatedAt, Customer customer, String email, String financialStatus,
                        String fulfillmentStatus, boolean test, BigDecimal subtotalPrice, BigDecimal totalTax, BigDecimal totalPrice,
                        List<LineItem> lineItems) {}

    /** A Stripe charge; amounts in cents, times in unix seconds. */
    public record Charge(String id, long created, long amount, boolean refunded, long amountRefunded, long orderId, int orderNumber,
                         String receiptEmail) {}

    /**
     * The bad records, one of each kind a check of the pack catches, by order id.
     *
     * @param missingEmailOrderId an order without an e-mail ({@code not_null: customer_email})
     * @param invalidEmailOrderId an order whose e-mail is not one ({@code pattern: email})
     * @param negativeTotalOrderId an order with a negative total ({@code range: total_price})
     * @param duplicateOrderId    an order listed twice, on two pages ({@code unique: id})
     * @param testOrderId         a test order: the pack's filter leaves it out of {@code orders}, so its line items point at
     *                            an order that is missing ({@code relationships})
     */
    public record Flaws(long missingEmailOrderId, long invalidEmailOrderId, long negativeTotalOrderId, long duplicateOrderId, long testOrderId) {}

    public Order order(long id) {
        return orders.stream().filter(o -> o.id() == id).findFirst().orElseThrow(() -> new IllegalArgumentException("no order " + id));
    }
}
