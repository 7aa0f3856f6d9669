package io.tributary.alert;

import io.tributary.config.Secrets;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * POSTs one JSON body with retries, the way every HTTP channel (Slack, webhook, PagerDuty) wants:
 * 2xx delivered; 429 and 5xx and no connection tried again; any other answer fails at once.
 * Reasons name the receiver by scheme, host and port only: a webhook URL's path or query often is its token.
 */
final class HttpPost {
    private static final int EXCERPT = 200;

    private HttpPost() {}

    static Delivery send(DeliveryContext context, URI url, Map<String, String> headers, byte[] body) {
        String where = where(url);
        HttpRequest.Builder builder = HttpRequest.newBuilder(url).timeout(context.requestTimeout())
                .header("Content-Type", "application/json").header("User-Agent", "tributary-alerts")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        HttpRequest request = builder.build();
        return Retrying.run(context.retry(), () -> attempt(context, request, where));
    }

    private static Retrying.Outcome attempt(DeliveryContext context, HttpRequest request, String where) {
        HttpResponse<String> response;
        try {
            response = context.http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            return new Retrying.Outcome.Retry("cannot reach " + where + ": no connection within the connect timeout", null);
        } catch (HttpTimeoutException e) {
            return new Retrying.Outcome.Retry(where + " did not answer within " + context.requestTimeout().toSeconds() + " s", null);
        } catch (ConnectException e) {
            return new Retrying.Outcome.Retry("cannot reach " + where + ": connection refused (is the receiver running, is the port right?)", null);
        } catch (IOException | UnresolvedAddressException e) {
            return new Retrying.Outcome.Retry("cannot reach " + where + ": " + plain(e), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Retrying.Outcome.Fail("interrupted while sending to " + where);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Retrying.Outcome.Delivered();
        }
        String answer = where + " answered " + status + excerpt(response.body());
        if (status == 429 || status >= 500) {
            return new Retrying.Outcome.Retry(answer, retryAfter(response, context));
        }
        if (status == 410) {
            return new Retrying.Outcome.Fail(answer + " (gone: the receiver no longer takes these messages; update the channel's url)");
        }
        return new Retrying.Outcome.Fail(answer + (status == 401 || status == 403 || status == 404
                ? " (check the channel's url and credentials)" : ""));
    }

    /** scheme://host[:port], never the path, query or user info. */
    static String where(URI url) {
        String host = url.getHost() == null ? "?" : url.getHost();
        return url.getScheme() + "://" + host + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    private static String plain(Exception e) {
        if (e instanceof UnresolvedAddressException || e.getCause() instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : Secrets.redact(message);
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return ": " + Secrets.redact(line.length() > EXCERPT ? line.substring(0, EXCERPT) + "…" : line);
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> response, DeliveryContext context) {
        String value = response.headers().firstValue("Retry-After").map(String::strip).orElse(null);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration wait = Duration.between(context.clock().instant(), at.toInstant());
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
