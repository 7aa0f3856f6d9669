package io.tributary.cli.demo.shop;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tributary.cli.demo.shop.ShopData.Charge;
import io.tributary.cli.demo.shop.ShopServer.Response;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/charges} as Stripe's API lists (https://docs.stripe.com/api/charges/list): a Bearer
 * secret key, newest first, {@code limit} (default 10, 1 to 100), {@code starting_after} an id of the
 * previous page, {@code created[gte|gt|lte|lt]} in unix seconds, and
 * {@code {"object": "list", "url": …, "has_more": …, "data": […]}}. Amounts are cents.
 */
final class StripeCharges {
    private static final JsonFactory JSON = new JsonFactory();

    private final String key;
    /** Newest first, as Stripe lists; ties by id. */
    private final List<Charge> charges;
    private final List<String> rendered;

    StripeCharges(ShopData data, String key) {
        this.key = key;
        this.charges = data.charges().stream()
                .sorted(Comparator.comparingLong(Charge::created).reversed().thenComparing(Charge::id)).toList();
        this.rendered = charges.stream().map(StripeCharges::render).toList();
    }

    Response list(Map<String, String> query, String authorization) {
        if (authorization == null || !authorization.equals("Bearer " + key)) {
            return Response.json(401, error("Invalid API Key provided: " + mask(authorization)));
        }
        try {
            int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
            if (limit < 1 || limit > 100) {
                return Response.json(400, error("This value must be greater than or equal to 1 and less than or equal to 100: limit"));
            }
            long gte = bound(query, "created[gte]", Long.MIN_VALUE, 0);
            long gt = bound(query, "created[gt]", Long.MIN_VALUE, 1);
            long lte = bound(query, "created[lte]", Long.MAX_VALUE, 0);
            long lt = bound(query, "created[lt]", Long.MAX_VALUE, -1);
            long min = Math.max(gte, gt);
            long max = Math.min(lte, lt);
            List<Integer> matching = new ArrayList<>();
            for (int i = 0; i < charges.size(); i++) {
                long created = charges.get(i).created();
                if (created >= min && created <= max) {
                    matching.add(i);
                }
            }
            int start = 0;
            String after = query.get("starting_after");
            if (after != null) {
                start = -1;
                for (int i = 0; i < matching.size(); i++) {
                    if (charges.get(matching.get(i)).id().equals(after)) {
                        start = i + 1;
                    }
                }
                if (start < 0) {
                    return Response.json(400, error("No such charge: '" + after + "'"));
                }
            }
            int end = Math.min(start + limit, matching.size());
            StringBuilder body = new StringBuilder("{\"object\":\"list\",\"url\":\"/v1/charges\",\"has_more\":")
                    .append(end < matching.size()).append(",\"data\":[");
            for (int i = start; i < end; i++) {
                body.append(i > start ? "," : "").append(rendered.get(matching.get(i)));
            }
            return Response.json(200, body.append("]}").toString());
        } catch (NumberFormatException e) {
            return Response.json(400, error("Invalid integer: " + e.getMessage()));
        }
    }

    /** A created[...] bound as an inclusive value ({@code shift} 1 turns gt into gte, -1 lt into lte). */
    private static long bound(Map<String, String> query, String name, long none, int shift) {
        String value = query.get(name);
        return value == null ? none : Long.parseLong(value) + shift;
    }

    static String render(Charge charge) {
        StringWriter out = new StringWriter(600);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("id", charge.id());
            json.writeStringField("object", "charge");
            json.writeNumberField("amount", charge.amount());
            json.writeNumberField("amount_captured", charge.amount());
            json.writeNumberField("amount_refunded", charge.amountRefunded());
            json.writeStringField("currency", "usd");
            json.writeNumberField("created", charge.created());
            json.writeStringField("description", "Order #" + charge.orderNumber());
            json.writeBooleanField("livemode", false);
            json.writeBooleanField("paid", true);
            json.writeBooleanField("captured", true);
            json.writeBooleanField("refunded", charge.refunded());
            json.writeStringField("status", "succeeded");
            json.writeStringField("receipt_email", charge.receiptEmail());
            json.writeObjectFieldStart("metadata");
            json.writeStringField("order_id", Long.toString(charge.orderId()));
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String error(String message) {
        return "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}}";
    }

    /** Stripe shows the key's last four characters only. */
    private static String mask(String authorization) {
        if (authorization == null) {
            return "(none)";
        }
        String given = authorization.replaceFirst("^Bearer ", "");
        return given.length() <= 4 ? "****" : "sk_****" + given.substring(given.length() - 4);
    }
}
