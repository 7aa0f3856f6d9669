package io.tributary.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Writes a deterministic CSV of web-shop orders for the {@code csv} benchmark case.
 *
 * <p>Usage: {@code java -cp ... io.tributary.bench.OrdersCsvGenerator OUT.csv ROWS}
 *
 * <p>The same ROWS always produce byte-identical output (fixed seed, {@link SplittableRandom},
 * no dependence on locale, time zone or clock). Columns:
 *
 * <pre>
 * id, created_at, customer_id, customer_email, total_price, status, currency, country,
 * items_count, discount, shipping_method, note
 * </pre>
 *
 * <ul>
 *   <li>{@code created_at}: {@code yyyy-MM-dd HH:mm:ss}, increasing from 2024-01-01 00:00:00 by
 *       0..20 s per row (about 19 months for 5M rows).
 *   <li>{@code customer_email}: derived from {@code customer_id}, so a customer always has the
 *       same address.
 *   <li>{@code total_price}, {@code discount}: two decimals; {@code discount} is empty (NULL) for
 *       most orders.
 *   <li>{@code note}: empty for most orders; some contain commas and quotes, written with RFC 4180
 *       quoting ({@code "Gift wrap, card says ""Happy birthday"""}).
 * </ul>
 */
public final class OrdersCsvGenerator {

    /** Bump when the output changes, together with the {@code orders-v1-} file name in run.sh (its cache key). */
    public static final int FORMAT_VERSION = 1;

    private static final long SEED = 0x7121_B07A_2025L;
    private static final long START_EPOCH_SECONDS = LocalDate.of(2024, 1, 1).toEpochDay() * 86_400L;
    private static final int CUSTOMERS = 250_000;

    private static final String HEADER =
            "id,created_at,customer_id,customer_email,total_price,status,currency,country,"
                    + "items_count,discount,shipping_method,note\n";

    private static final String[] FIRST_NAMES = {
        "anna", "ben", "chloe", "david", "emma", "felix", "grace", "hugo", "ida", "jonas",
        "kim", "lena", "max", "nora", "omar", "paul", "rosa", "sam", "tara", "yusuf"
    };
    private static final String[] DOMAINS = {"gmail.com", "web.de", "gmx.net", "outlook.com", "mail.fr"};

    // Weighted tables: repeated entries are the weights.
    private static final String[] STATUSES = {
        "paid", "paid", "paid", "paid", "shipped", "shipped", "shipped", "shipped", "shipped",
        "delivered", "delivered", "delivered", "delivered", "delivered", "delivered",
        "pending", "pending", "refunded", "cancelled"
    };
    /** country and its currency, same index. */
    private static final String[] COUNTRIES = {
        "DE", "DE", "DE", "DE", "FR", "FR", "NL", "AT", "IT", "ES", "BE", "GB", "GB", "US", "US", "CH", "PL", "SE"
    };
    private static final String[] CURRENCIES = {
        "EUR", "EUR", "EUR", "EUR", "EUR", "EUR", "EUR", "EUR", "EUR", "EUR", "EUR", "GBP", "GBP", "USD", "USD", "CHF", "PLN", "SEK"
    };
    private static final String[] SHIPPING = {
        "standard", "standard", "standard", "standard", "standard", "express", "express", "pickup", "locker"
    };
    /** Notes exactly as they appear in the file (already CSV-quoted where needed). */
    private static final String[] NOTES = {
        "Leave at the door",
        "\"Please ring twice, the bell is broken\"",
        "\"Gift wrap, card says \"\"Happy birthday\"\"\"",
        "\"Deliver after 5pm, not before\"",
        "Call before delivery",
        "\"Customer wrote: \"\"urgent\"\"\"",
        "\"Neighbour at no. 12, Mrs. Smith\"",
        "No invoice in parcel",
        "\"Size M, not L\"",
        "\"Second attempt; first parcel returned, \"\"address unknown\"\"\""
    };

    private OrdersCsvGenerator() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: OrdersCsvGenerator OUT.csv ROWS");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long rows;
        try {
            rows = Long.parseLong(args[1]);
        } catch (NumberFormatException e) {
            rows = -1;
        }
        if (rows < 0) {
            System.err.println("ROWS must be a non-negative integer, got: " + args[1]);
            System.exit(2);
        }
        long t0 = System.nanoTime();
        long bytes = write(out, rows);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.err.printf("wrote %d rows (%.1f MB) to %s in %.2f s%n", rows, bytes / 1e6, out, secs);
    }

    /** Writes the file and returns its size in bytes. */
    static long write(Path out, long rows) throws IOException {
        SplittableRandom rnd = new SplittableRandom(SEED);
        StringBuilder sb = new StringBuilder(256);
        long epochSeconds = START_EPOCH_SECONDS;
        long cachedDay = Long.MIN_VALUE;
        String cachedDate = null;
        try (BufferedWriter w = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(out), StandardCharsets.UTF_8), 1 << 20)) {
            w.write(HEADER);
            for (long id = 1; id <= rows; id++) {
                epochSeconds += rnd.nextInt(21);
                long day = Math.floorDiv(epochSeconds, 86_400L);
                if (day != cachedDay) {
                    cachedDay = day;
                    cachedDate = LocalDate.ofEpochDay(day).toString();
                }
                int secOfDay = (int) (epochSeconds - day * 86_400L);

                int customerId = 1 + rnd.nextInt(CUSTOMERS);
                int items = itemsCount(rnd);
                long totalCents = 0;
                for (int i = 0; i < items; i++) {
                    totalCents += 199 + rnd.nextInt(7_800); // 1.99 .. 79.98 per item
                }
                long discountCents = -1; // -1: no discount (empty field)
                if (rnd.nextInt(4) == 0) {
                    discountCents = totalCents * (5 + rnd.nextInt(4) * 5) / 100; // 5/10/15/20 %
                    totalCents -= discountCents;
                }
                int c = rnd.nextInt(COUNTRIES.length);

                sb.setLength(0);
                sb.append(id).append(',');
                sb.append(cachedDate).append(' ');
                two(sb, secOfDay / 3600).append(':');
                two(sb, secOfDay / 60 % 60).append(':');
                two(sb, secOfDay % 60).append(',');
                sb.append(customerId).append(',');
                sb.append(FIRST_NAMES[customerId % FIRST_NAMES.length]).append(customerId)
                        .append('@').append(DOMAINS[(customerId / 7) % DOMAINS.length]).append(',');
                money(sb, totalCents).append(',');
                sb.append(STATUSES[rnd.nextInt(STATUSES.length)]).append(',');
                sb.append(CURRENCIES[c]).append(',');
                sb.append(COUNTRIES[c]).append(',');
                sb.append(items).append(',');
                if (discountCents >= 0) {
                    money(sb, discountCents);
                }
                sb.append(',');
                sb.append(SHIPPING[rnd.nextInt(SHIPPING.length)]).append(',');
                if (rnd.nextInt(20) == 0) {
                    sb.append(NOTES[rnd.nextInt(NOTES.length)]);
                }
                sb.append('\n');
                w.append(sb);
            }
        }
        return Files.size(out);
    }

    /** 1..9 items, mostly 1-3. */
    private static int itemsCount(SplittableRandom rnd) {
        int r = rnd.nextInt(100);
        if (r < 45) return 1;
        if (r < 70) return 2;
        if (r < 85) return 3;
        return 4 + rnd.nextInt(6);
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) sb.append('0');
        return sb.append(v);
    }

    private static StringBuilder money(StringBuilder sb, long cents) {
        sb.append(cents / 100).append('.');
        return two(sb, (int) (cents % 100));
    }
}
