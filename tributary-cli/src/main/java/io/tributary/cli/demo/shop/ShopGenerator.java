package io.tributary.cli.demo.shop;

import io.tributary.cli.demo.shop.ShopData.Charge;
import io.tributary.cli.demo.shop.ShopData.Customer;
import io.tributary.cli.demo.shop.ShopData.Flaws;
import io.tributary.cli.demo.shop.ShopData.LineItem;
import io.tributary.cli.demo.shop.ShopData.Order;
import io.tributary.cli.demo.shop.ShopData.Product;
import io.tributary.cli.demo.shop.ShopData.Variant;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates {@link ShopData}: 90 days of a small coffee shop's trade ending on the clock's day, from a
 * fixed seed. The same seed and clock give the same data; the days before the clock's day do not
 * depend on its time of day (everything is drawn first, then the orders after the clock's instant are
 * left out), so a demo run later in the day shows the same history.
 *
 * <p>What makes it look real: customers buy with a skewed frequency (a few regulars buy every week, most
 * buy once or twice), so all four segments of the pack's {@code customer_segments} model are filled;
 * popular products sell more; weekends sell more than weekdays and the shop grows by about half over
 * the 90 days; some orders are refunded.
 */
public final class ShopGenerator {
    public static final long DEFAULT_SEED = 20_26L;
    public static final int DAYS = 90;
    static final int CUSTOMERS = 400;
    static final long FIRST_ORDER_ID = 5_100_000_001L;
    /** Tax on every order, as one rate keeps the totals easy to follow. */
    static final BigDecimal TAX_RATE = new BigDecimal("0.08");

    private static final String[][] CATALOGUE = {
            // title, vendor, type, price, variant titles ("|"-separated; each further variant costs more)
            {"House Blend Coffee", "Tributary Roasters", "Coffee", "12.50", "250 g|1 kg"},
            {"Ethiopia Yirgacheffe", "Tributary Roasters", "Coffee", "16.00", "250 g|1 kg"},
            {"Colombia Huila", "Tributary Roasters", "Coffee", "14.50", "250 g|1 kg"},
            {"Decaf Swiss Water", "Tributary Roasters", "Coffee", "13.50", "250 g|1 kg"},
            {"Espresso Forte", "Tributary Roasters", "Coffee", "13.00", "250 g|1 kg"},
            {"Kenya AA", "Tributary Roasters", "Coffee", "18.00", "250 g|1 kg"},
            {"Guatemala Antigua", "Tributary Roasters", "Coffee", "15.00", "250 g|1 kg"},
            {"Sumatra Mandheling", "Tributary Roasters", "Coffee", "15.50", "250 g|1 kg"},
            {"Cold Brew Blend", "Tributary Roasters", "Coffee", "14.00", "250 g|1 kg"},
            {"Single Origin Sampler", "Tributary Roasters", "Coffee", "29.00", "4 x 100 g"},
            {"Earl Grey", "Leaf & Kettle", "Tea", "9.50", "100 g|250 g"},
            {"Sencha Green", "Leaf & Kettle", "Tea", "11.00", "100 g|250 g"},
            {"Assam Breakfast", "Leaf & Kettle", "Tea", "8.50", "100 g|250 g"},
            {"Chamomile", "Leaf & Kettle", "Tea", "8.00", "100 g"},
            {"Masala Chai", "Leaf & Kettle", "Tea", "10.50", "100 g|250 g"},
            {"Jasmine Pearls", "Leaf & Kettle", "Tea", "17.00", "50 g|100 g"},
            {"Rooibos Vanilla", "Leaf & Kettle", "Tea", "9.00", "100 g"},
            {"Matcha Ceremonial", "Leaf & Kettle", "Tea", "24.00", "30 g"},
            {"Stoneware Mug", "Clayworks", "Mugs", "18.00", "White|Charcoal|Sage"},
            {"Enamel Camp Mug", "Clayworks", "Mugs", "14.00", "Blue|Red"},
            {"Double-Wall Glass", "Clayworks", "Mugs", "16.50", "Small|Large"},
            {"Travel Tumbler", "Clayworks", "Mugs", "27.00", "Steel|Black"},
            {"Espresso Cups (set of 2)", "Clayworks", "Mugs", "22.00", "White"},
            {"Latte Bowl", "Clayworks", "Mugs", "19.50", "Sand|Slate"},
            {"Hand Grinder", "Burr & Co", "Grinders", "45.00", "Standard|Pro"},
            {"Electric Burr Grinder", "Burr & Co", "Grinders", "129.00", "Black|Silver"},
            {"Travel Grinder", "Burr & Co", "Grinders", "59.00", "Standard"},
            {"Pour-Over Dripper", "Burr & Co", "Brewing", "24.00", "Ceramic|Glass"},
            {"French Press", "Burr & Co", "Brewing", "34.00", "350 ml|1 l"},
            {"Gooseneck Kettle", "Burr & Co", "Brewing", "69.00", "Stovetop|Electric"},
            {"Paper Filters (100)", "Burr & Co", "Brewing", "7.50", "Size 02"},
            {"Moka Pot", "Burr & Co", "Brewing", "39.00", "3 cup|6 cup"},
            {"Cold Brew Bottle", "Burr & Co", "Brewing", "29.50", "1 l"},
            {"Digital Scale", "Burr & Co", "Brewing", "42.00", "Standard"},
            {"Milk Frother", "Burr & Co", "Brewing", "49.00", "Handheld|Electric"},
            {"Gift Card", "Tributary Roasters", "Gift cards", "25.00", "$25|$50|$100"},
            {"Coffee Subscription (3 months)", "Tributary Roasters", "Subscriptions", "99.00", "250 g|1 kg"},
            {"Tea Subscription (3 months)", "Leaf & Kettle", "Subscriptions", "79.00", "100 g"},
            {"Brewing Workshop Ticket", "Tributary Roasters", "Events", "55.00", "Weekday|Weekend"},
            {"Tote Bag", "Tributary Roasters", "Merch", "15.00", "Natural|Black"},
    };
    private static final String[] FIRST = {"Olivia", "Liam", "Emma", "Noah", "Ava", "Oliver", "Sophia", "Elijah", "Isabella", "James",
            "Mia", "Lucas", "Amelia", "Mateo", "Harper", "Ethan", "Evelyn", "Aiden", "Priya", "Kenji", "Fatima", "Chen", "Lea", "Jonas",
            "Maria", "Ahmed", "Zoe", "Ravi", "Nora", "Hugo"};
    private static final String[] LAST = {"Smith", "Johnson", "Garcia", "Brown", "Miller", "Davis", "Martinez", "Lopez", "Wilson",
            "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Lee", "Nguyen", "Patel", "Kim", "Schmidt", "Rossi", "Dubois", "Silva",
            "Kowalski", "Yamamoto", "Okafor", "Larsen", "Novak", "Haddad", "Murphy", "Walker"};

    private final Random random;
    private final Instant now;
    private final LocalDate newestDay;

    private ShopGenerator(long seed, Clock clock) {
        this.random = new Random(seed);
        this.now = clock.instant();
        this.newestDay = LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    /** The shop's data for 90 days ending at the clock's instant. */
    public static ShopData generate(long seed, Clock clock) {
        return new ShopGenerator(seed, clock).generate();
    }

    private ShopData generate() {
        List<Product> products = products();
        List<Customer> customers = customers();
        double[] customerWeights = zipf(customers.size(), 1.05, 3);
        double[] productWeights = zipf(products.size(), 0.9, 2);

        List<Draft> drafts = new ArrayList<>();
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = newestDay.minusDays(DAYS - 1 - day);
            boolean weekend = date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
            double expected = 17.0 * (1 + 0.5 * day / (DAYS - 1)) * (weekend ? 1.3 : 1.0);
            int count = (int) Math.max(1, Math.round(expected + random.nextGaussian() * 3));
            List<Draft> ofDay = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Instant at = date.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(secondOfDay());
                ofDay.add(new Draft(at, customers.get(pick(customerWeights)), lineItems(products, productWeights), random.nextDouble()));
            }
            ofDay.sort((a, b) -> a.at.compareTo(b.at));
            drafts.addAll(ofDay);
        }
        drafts.removeIf(d -> d.at.isAfter(now));
        // The newest order came in a few minutes ago, so the pack's 2-hour freshness check passes on a demo run.
        drafts.add(new Draft(now.minus(Duration.ofMinutes(7)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                customers.get(pick(customerWeights)), lineItems(products, productWeights), 0.5));

        int n = drafts.size();
        Flaws flaws = new Flaws(FIRST_ORDER_ID + n / 6, FIRST_ORDER_ID + 2 * n / 6, FIRST_ORDER_ID + 3 * n / 6,
                FIRST_ORDER_ID + 4 * n / 6, FIRST_ORDER_ID + 5 * n / 6);
        List<Order> orders = new ArrayList<>(n);
        List<Charge> charges = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Order order = order(FIRST_ORDER_ID + i, 1001 + i, drafts.get(i), flaws);
            orders.add(order);
            if (!order.test() && order.totalPrice().signum() > 0 && !order.financialStatus().equals("pending")) {
                charges.add(charge(order));
            }
        }
        return new ShopData(newestDay, products, customers, List.copyOf(orders), List.copyOf(charges), flaws);
    }

    private record Draft(Instant at, Customer customer, List<LineItem> items, double statusDraw) {}

    private Order order(long id, int number, Draft draft, Flaws flaws) {
        List<LineItem> items = new ArrayList<>();
        for (int i = 0; i < draft.items.size(); i++) {
            LineItem item = draft.items.get(i);
            items.add(new LineItem(14_000_000_000L + (id - FIRST_ORDER_ID) * 10 + i + 1, item.product(), item.variant(), item.quantity()));
        }
        BigDecimal subtotal = items.stream().map(LineItem::total).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal tax = subtotal.multiply(TAX_RATE).setScale(2, RoundingMode.HALF_UP);
        BigDecimal total = subtotal.add(tax);
        Customer customer = draft.customer;
        String email = customer.email();
        if (id == flaws.missingEmailOrderId()) {
            email = null;
            customer = new Customer(customer.id(), customer.firstName(), customer.lastName(), null);
        } else if (id == flaws.invalidEmailOrderId()) {
            email = customer.email().replace("@", "(at)");   // typed by hand at a till
        }
        if (id == flaws.negativeTotalOrderId()) {
            total = total.negate();   // a sign error in an integration that wrote the order
        }
        String status = draft.statusDraw < 0.045 ? "refunded" : draft.statusDraw > 0.98 ? "pending" : "paid";
        Instant updated = draft.at;
        if (status.equals("refunded")) {
            Instant refundedAt = draft.at.plus(Duration.ofHours(30));
            updated = refundedAt.isAfter(now) ? draft.at : refundedAt;
        }
        boolean old = draft.at.isBefore(now.minus(Duration.ofDays(2)));
        String fulfillment = status.equals("paid") && old ? "fulfilled" : null;
        return new Order(id, number, draft.at, updated, customer, email, status, fulfillment, id == flaws.testOrderId(), subtotal, tax, total,
                List.copyOf(items));
    }

    private Charge charge(Order order) {
        long cents = order.totalPrice().movePointRight(2).longValueExact();
        boolean refunded = order.financialStatus().equals("refunded");
        return new Charge("ch_" + chargeId(), order.createdAt().getEpochSecond(), cents, refunded, refunded ? cents : 0, order.id(),
                order.number(), order.email());
    }

    private String chargeId() {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder id = new StringBuilder("3P");
        for (int i = 0; i < 22; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    private List<Product> products() {
        List<Product> products = new ArrayList<>();
        for (int p = 0; p < CATALOGUE.length; p++) {
            String[] row = CATALOGUE[p];
            long productId = 8_100_000_001L + p;
            BigDecimal base = new BigDecimal(row[3]);
            String[] titles = row[4].split("\\|");
            List<Variant> variants = new ArrayList<>();
            for (int v = 0; v < titles.length; v++) {
                // Larger sizes cost more; a gift card's variants are their face value.
                BigDecimal price = row[2].equals("Gift cards") ? new BigDecimal(titles[v].substring(1) + ".00")
                        : base.multiply(BigDecimal.valueOf(10 + 12L * v)).divide(BigDecimal.TEN, 2, RoundingMode.HALF_UP);
                String sku = (row[0].replaceAll("[^A-Za-z]", "").toUpperCase(Locale.ROOT) + "XXXX").substring(0, 4) + "-" + (p + 1) + "-" + (v + 1);
                variants.add(new Variant(productId * 100 + v + 1, productId, titles[v], sku, price));
            }
            products.add(new Product(productId, row[0], row[1], row[2], List.copyOf(variants)));
        }
        return List.copyOf(products);
    }

    private List<Customer> customers() {
        List<Customer> customers = new ArrayList<>(CUSTOMERS);
        for (int i = 0; i < CUSTOMERS; i++) {
            String first = FIRST[random.nextInt(FIRST.length)];
            String last = LAST[random.nextInt(LAST.length)];
            String email = (first + "." + last + (i + 1)).toLowerCase(Locale.ROOT) + "@example.com";
            customers.add(new Customer(7_200_000_001L + i, first, last, email));
        }
        return List.copyOf(customers);
    }

    private List<LineItem> lineItems(List<Product> products, double[] weights) {
        int count = 1 + pick(new double[] {40, 30, 15, 10, 5});
        List<LineItem> items = new ArrayList<>(count);
        boolean[] taken = new boolean[products.size()];
        while (items.size() < count) {
            int p = pick(weights);
            if (taken[p]) {
                continue;
            }
            taken[p] = true;
            Product product = products.get(p);
            Variant variant = product.variants().get(random.nextInt(product.variants().size()));
            int quantity = 1 + pick(new double[] {75, 18, 7});
            items.add(new LineItem(0, product, variant, quantity));
        }
        return items;
    }

    /** A second of the day, more often in the day than at night. */
    private int secondOfDay() {
        int hour = pick(new double[] {1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 9, 10, 9, 8, 8, 8, 9, 10, 11, 10, 8, 5, 3});
        return hour * 3600 + random.nextInt(3600);
    }

    /** Weights 1/(rank + offset)^s: a few customers (products) account for much of the trade. */
    private static double[] zipf(int n, double s, int offset) {
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) {
            weights[i] = 1 / Math.pow(i + offset, s);
        }
        return weights;
    }

    private int pick(double[] weights) {
        double total = Arrays.stream(weights).sum();
        double draw = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            draw -= weights[i];
            if (draw < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
