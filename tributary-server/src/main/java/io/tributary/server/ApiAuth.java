package io.tributary.server;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.tributary.app.ApiTokens;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;

/**
 * Who may use the API. On 127.0.0.1 without {@code TRIBUTARY_API_TOKEN}, anyone on this machine (as
 * before tokens). Beyond this machine, or with {@code TRIBUTARY_API_TOKEN} set, every {@code /api/}
 * request but the OpenAPI document bears {@code Authorization: Bearer <token>}: that variable's token or
 * any unrevoked token of {@code tributary token create}.
 */
final class ApiAuth {
    private final ServerOptions options;
    private final ApiTokens tokens;
    private final Clock clock;

    ApiAuth(ServerOptions options, ApiTokens tokens) {
        this.options = options;
        this.tokens = tokens;
        this.clock = Clock.systemUTC();
    }

    /** Whether requests need a token at all. */
    boolean required() {
        return hasEnvironmentToken() || !options.loopback();
    }

    /** Whether some token can be given: a server beyond this machine refuses to start without one. */
    boolean anyToken() {
        return hasEnvironmentToken() || tokens.anyValid();
    }

    private boolean hasEnvironmentToken() {
        return options.token() != null && !options.token().isBlank();
    }

    void authorize(Context ctx) {
        if (!required() || ctx.path().equals("/api/openapi.json")) {
            return;
        }
        String header = ctx.header("Authorization");
        String bearer = header != null && header.startsWith("Bearer ") ? header.substring("Bearer ".length()).strip() : null;
        if (bearer != null && (environmentToken(bearer) || tokens.accept(bearer, clock.instant()).isPresent())) {
            return;
        }
        ctx.header("WWW-Authenticate", "Bearer");
        ctx.status(HttpStatus.UNAUTHORIZED);
        ctx.contentType("application/json").result("{\"error\":" + quote("this API needs Authorization: Bearer <token>: the server's "
                + "TRIBUTARY_API_TOKEN or a token of tributary token create (a revoked token is refused)") + "}");
        ctx.skipRemainingHandlers();
    }

    private boolean environmentToken(String bearer) {
        return hasEnvironmentToken() && MessageDigest.isEqual(bearer.getBytes(StandardCharsets.UTF_8), options.token().getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String text) {
        try {
            return TributaryServer.JSON.writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * For the admin routes ({@code /api/tokens}): only a request from this machine — over loopback, or to an address of
     * this machine from that same address (a server bound to one LAN address is reached that way from its own machine).
     */
    static boolean fromThisMachine(Context ctx) {
        try {
            String remote = ctx.req().getRemoteAddr();
            return java.net.InetAddress.getByName(remote).isLoopbackAddress() || remote.equals(ctx.req().getLocalAddr());
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    static Map<String, Object> error(String message) {
        return Map.of("error", message);
    }
}
