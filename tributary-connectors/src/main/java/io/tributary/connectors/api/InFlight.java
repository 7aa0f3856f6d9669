package io.tributary.connectors.api;

import io.tributary.config.Durations;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request on its way, bounded as a whole by {@code source.timeout}: headers and body. The JDK
 * client's own request timeout ends when the headers arrive, so a server that sends the headers and
 * a few bytes and then goes silent, with the connection open, would otherwise hold the run forever.
 * The deadline counts from the moment the request was sent, also for a page requested ahead.
 * Failures come out as {@link IOException}s whose message says in words what happened and where.
 */
final class InFlight {
    private final URI uri;
    private final Duration timeout;
    private final long deadlineNanos;
    private final CompletableFuture<HttpResponse<byte[]>> response;
    private volatile boolean headersCame;
    private volatile long expectedBytes = -1;
    private volatile long receivedBytes;

    private InFlight(HttpClient http, HttpRequest request, Duration timeout) {
        this.uri = request.uri();
        this.timeout = timeout;
        this.deadlineNanos = System.nanoTime() + timeout.toNanos();
        this.response = http.sendAsync(request, this::countingBody);
    }

    /** Sends {@code request} now; {@link #await} takes the response. */
    static InFlight send(HttpClient http, HttpRequest request, Duration timeout) {
        return new InFlight(http, request, timeout);
    }

    URI uri() {
        return uri;
    }

    /**
     * The whole response, or an {@link IOException} when it failed or did not finish before the
     * deadline (the exchange is then abandoned, which closes its connection).
     */
    HttpResponse<byte[]> await() throws IOException, InterruptedException {
        try {
            return response.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            cancel();
            throw new HttpTimeoutException(timedOut());
        } catch (InterruptedException e) {
            cancel();
            throw e;
        } catch (CancellationException e) {
            throw new IOException("the request was cancelled", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException) {
                throw new HttpTimeoutException("could not connect to " + hostAndPort(uri) + " within " + Durations.describe(timeout)
                        + " (source.timeout)");
            }
            if (cause instanceof HttpTimeoutException) {
                throw new HttpTimeoutException(timedOut());
            }
            if (cause instanceof IOException io) {
                throw new IOException(describe(io), io);
            }
            throw new IOException("the request failed: " + cause, cause);
        }
    }

    void cancel() {
        response.cancel(true);
    }

    private String timedOut() {
        String within = " within " + Durations.describe(timeout) + " (source.timeout)";
        if (!headersCame) {
            return "no response" + within;
        }
        return "the response did not finish" + within + ": the headers came, then " + receivedBytes
                + (expectedBytes >= 0 ? " of " + expectedBytes : "") + " bytes of the body";
    }

    /** A failed connection in words, naming the host (the JDK's exceptions here often carry no message at all). */
    private String describe(IOException failure) {
        if (failure instanceof ConnectException) {
            if (failure.getCause() instanceof UnresolvedAddressException) {
                return "the host " + uri.getHost() + " is unknown (check source.base_url)";
            }
            return "the connection to " + hostAndPort(uri) + " was refused: nothing answers there (check source.base_url,"
                    + " and that the API is up)";
        }
        String message = failure.getMessage();
        return "the connection to " + hostAndPort(uri) + " failed: " + (message == null ? failure.getClass().getSimpleName() : message);
    }

    static String hostAndPort(URI uri) {
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getHost() + ":" + port;
    }

    /** The body as bytes, counting what has come so far for the time-out's message. */
    private HttpResponse.BodySubscriber<byte[]> countingBody(HttpResponse.ResponseInfo info) {
        headersCame = true;
        expectedBytes = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        HttpResponse.BodySubscriber<byte[]> bytes = HttpResponse.BodySubscribers.ofByteArray();
        return new HttpResponse.BodySubscriber<>() {
            @Override
            public CompletionStage<byte[]> getBody() {
                return bytes.getBody();
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                bytes.onSubscribe(subscription);
            }

            @Override
            public void onNext(List<ByteBuffer> items) {
                long count = 0;
                for (ByteBuffer item : items) {
                    count += item.remaining();
                }
                receivedBytes += count;
                bytes.onNext(items);
            }

            @Override
            public void onError(Throwable throwable) {
                bytes.onError(throwable);
            }

            @Override
            public void onComplete() {
                bytes.onComplete();
            }
        };
    }
}
