package io.tributary.connectors.api;

import io.tributary.config.Durations;
import io.tributary.config.Secrets;
import io.tributary.spi.SourceException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sends the source's requests: authentication, the rate limits ({@link Throttle}), and retries with
 * exponential backoff and jitter on 5xx, 429, time-outs, broken connections and bodies that do not
 * parse. A 401 with OAuth2 fetches a new token once; any other 4xx fails at once. Every failure
 * names the request (address with secrets masked), the status and the start of the response body.
 */
final class ApiClient {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiClient.class);
    static final int EXCERPT = 300;

    /** Reads a response body; an {@link IOException} (invalid or cut-off JSON) makes the request count as failed and be retried. */
    interface BodyParser<T> {
        T parse(Response response) throws IOException;
    }

    record Response(URI uri, int status, HttpHeaders headers, byte[] body) {}

    /** A page requested ahead, while the previous page is parsed; its status is handled when it is taken. */
    record Prefetch(URI uri, InFlight response) {
        void cancel() {
            response.cancel();
        }
    }

    /** Called with each successful response before its body is parsed (to request the next page meanwhile). */
    interface Received {
        void accept(Response response) throws SourceException;
    }

    static {
        // The client reads responses in 16 KiB pieces by default; list pages are often hundreds of KiB,
        // and bigger pieces cut the per-piece work by about a third (measured on 250-order pages).
        if (System.getProperty("jdk.httpclient.bufsize") == null) {
            System.setProperty("jdk.httpclient.bufsize", Integer.toString(256 * 1024));
        }
    }

    private final ApiSpec spec;
    private final Pacer pacer;
    private final HttpClient http;
    private final Throttle throttle;
    private final Tokens tokens;

    ApiClient(ApiSpec spec, Pacer pacer) {
        this.spec = spec;
        this.pacer = pacer;
        this.http = HttpClient.newBuilder().connectTimeout(spec.timeout()).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.throttle = new Throttle(spec.rateLimit(), pacer);
        this.tokens = spec.auth() instanceof Auth.OAuth2 oauth ? new Tokens(oauth, this, pacer) : null;
    }

    /** Fetches one page of the endpoint and parses it, retrying as configured. */
    <T> T fetch(URI uri, BodyParser<T> parser) throws SourceException {
        return fetch(uri, null, response -> { }, parser);
    }

    /**
     * Fetches one page, taking {@code ahead} as the first attempt when it was requested for this
     * address, and calls {@code received} with each successful response before parsing it.
     */
    <T> T fetch(URI uri, Prefetch ahead, Received received, BodyParser<T> parser) throws SourceException {
        URI target = withAuthParam(uri);
        Prefetch first = ahead != null && ahead.uri().equals(uri) ? ahead : null;
        return exchange(target, true, first, received, parser, () -> pageRequest(target));
    }

    /** Requests a page now and returns at once; hand the result to {@link #fetch} for that address. */
    Prefetch prefetch(URI uri) throws SourceException {
        URI target = withAuthParam(uri);
        try {
            throttle.beforeRequest();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(spec.method() + " " + Urls.redact(target) + " was interrupted");
        }
        return new Prefetch(uri, InFlight.send(http, pageRequest(target), spec.timeout()));
    }

    private HttpRequest pageRequest(URI target) throws SourceException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(spec.timeout()).header("Accept", "application/json");
        spec.headers().forEach(request::header);
        authenticate(request);
        if (spec.method().equals("POST")) {
            request.header("Content-Type", "application/json");
            request.POST(HttpRequest.BodyPublishers.ofString(spec.body() == null ? "" : spec.body()));
        } else {
            request.GET();
        }
        return request.build();
    }

    /** A form POST outside the endpoint's rate limits (the OAuth2 token request). */
    <T> T postForm(URI uri, Map<String, String> form, BodyParser<T> parser) throws SourceException {
        String body = Urls.withParams("", form).toString();
        String encoded = body.startsWith("?") ? body.substring(1) : body;
        return exchange(uri, false, null, response -> { }, parser, () -> HttpRequest.newBuilder(uri).timeout(spec.timeout())
                .header("Accept", "application/json").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(encoded)).build());
    }

    private interface RequestFactory {
        HttpRequest build() throws SourceException;
    }

    private <T> T exchange(URI uri, boolean endpoint, Prefetch ahead, Received onReceived, BodyParser<T> parser, RequestFactory factory)
            throws SourceException {
        String what = (endpoint ? spec.method() : "POST") + " " + Urls.redact(uri);
        boolean refreshed = false;
        String failure = null;
        Duration wait = null;
        int attempts = spec.retry().maxAttempts();
        try {
            for (int attempt = 1; attempt <= attempts; attempt++) {
                if (attempt > 1) {
                    Duration delay = wait != null ? wait : backoff(attempt - 1);
                    // a run that recovers still tells whoever watches it that the API misbehaved, and how
                    LOG.warn(Secrets.redact(what + ": attempt " + (attempt - 1) + " of " + attempts + " failed (" + failure
                            + "); trying again in " + Durations.describe(delay)));
                    pacer.sleep(delay, "retry after: " + failure);
                }
                wait = null;
                boolean sentAhead = attempt == 1 && ahead != null;
                if (endpoint && !sentAhead) {
                    throttle.beforeRequest();
                }
                HttpResponse<byte[]> response;
                try {
                    // The whole response within source.timeout, body included: see InFlight.
                    response = (sentAhead ? ahead.response() : InFlight.send(http, factory.build(), spec.timeout())).await();
                } catch (IOException e) {
                    failure = e.getMessage();
                    continue;
                }
                int status = response.statusCode();
                Response received = new Response(uri, status, response.headers(), response.body());
                if (status >= 200 && status < 300) {
                    if (endpoint) {
                        throttle.afterResponse(response.headers());
                    }
                    onReceived.accept(received);
                    try {
                        return parser.parse(received);
                    } catch (PageReader.ShapeException e) {
                        throw new SourceException(what + " answered HTTP " + status + " but " + e.getMessage() + "; the response began: "
                                + excerpt(received.body()));
                    } catch (IOException e) {
                        failure = "the response is not valid JSON (" + firstLine(e.getMessage()) + "); it began: " + excerpt(received.body());
                        continue;
                    }
                }
                if (status == 429) {
                    // The server says when to come back (Retry-After); without it, back off as for any failure.
                    failure = "HTTP 429 Too Many Requests, " + response.headers().firstValue("Retry-After").map(v -> "Retry-After: " + v)
                            .orElse("no Retry-After") + "; the response began: " + excerpt(received.body());
                    wait = throttle.retryAfter(response.headers()).orElse(null);
                    if (wait != null && wait.compareTo(spec.retry().maxDelay()) > 0) {
                        throw new SourceException(what + " was refused: HTTP 429 Too Many Requests, and the API asks to wait "
                                + Durations.describe(wait) + " (Retry-After), longer than source.retry.max_delay ("
                                + Durations.describe(spec.retry().maxDelay()) + "). Nothing from this run was published. Run again later,"
                                + " or raise max_delay to wait that long.");
                    }
                    continue;
                }
                if (status == 401 && endpoint && tokens != null && !refreshed) {
                    // An OAuth2 token can be revoked or expire early: fetch a new one, once, without counting an attempt.
                    refreshed = true;
                    failure = "HTTP 401 with an OAuth2 token: it may have been revoked or expired early, so a new one is fetched";
                    tokens.invalidate();
                    wait = Duration.ZERO;
                    attempts++;
                    continue;
                }
                if (status >= 500) {
                    failure = "HTTP " + status + "; the response began: " + excerpt(received.body());
                    continue;
                }
                throw new SourceException(what + " was refused: HTTP " + status + "; the response began: " + excerpt(received.body())
                        + ". " + advice(status, endpoint));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(what + " was interrupted");
        }
        throw new SourceException(Secrets.redact(what + " failed after " + spec.retry().maxAttempts() + (spec.retry().maxAttempts() == 1 ? " attempt: " : " attempts: ") + failure
                + ". Nothing from this run was published. If the API is down or overloaded, run again later; to wait longer,"
                + " raise source.retry.max_attempts or source.timeout."));
    }

    private String advice(int status, boolean endpoint) {
        if (!endpoint) {
            return "Check source.auth: token_url, client_id and client_secret.";
        }
        return switch (status) {
            case 401, 403 -> "Check " + spec.credentials() + " (and the key's permissions for this endpoint).";
            case 404 -> "Check source.base_url and source.endpoint.";
            default -> "Check the request's parameters (source.params) against the API's documentation.";
        };
    }

    /** Exponential: initial, 2×, 4×... capped at max_delay, each with up to 50 % random jitter so retrying clients spread out. */
    private Duration backoff(int retry) {
        long initial = spec.retry().initialDelay().toMillis();
        long max = spec.retry().maxDelay().toMillis();
        long delay = Math.min(max, initial * (1L << Math.min(30, retry - 1)));
        return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
    }

    private URI withAuthParam(URI uri) {
        if (spec.auth() instanceof Auth.ApiKey key && key.param() != null) {
            Map<String, String> param = new LinkedHashMap<>();
            param.put(key.param(), key.value());
            return Urls.withParams(uri.toString(), param);
        }
        return uri;
    }

    private void authenticate(HttpRequest.Builder request) throws SourceException {
        Auth auth = spec.auth();
        if (auth instanceof Auth.ApiKey key && key.header() != null) {
            request.header(key.header(), key.value());
        } else if (auth instanceof Auth.Bearer bearer) {
            request.header("Authorization", "Bearer " + bearer.token());
        } else if (auth instanceof Auth.Basic basic) {
            String pair = basic.user() + ":" + basic.password();
            String encoded = Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
            Secrets.remember(encoded);
            request.header("Authorization", "Basic " + encoded);
        } else if (tokens != null) {
            request.header("Authorization", "Bearer " + tokens.token());
        }
    }

    /** The first {@value #EXCERPT} characters of a body, on one line, secrets masked. */
    static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty)";
        }
        String text = new String(body, 0, Math.min(body.length, EXCERPT * 4), StandardCharsets.UTF_8).replaceAll("\\s+", " ").strip();
        if (text.length() > EXCERPT) {
            text = text.substring(0, EXCERPT) + "…";
        }
        return "'" + Secrets.redact(text) + "'";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "cut off";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
