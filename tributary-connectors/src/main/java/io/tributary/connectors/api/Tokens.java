package io.tributary.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.config.Secrets;
import io.tributary.spi.SourceException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OAuth2 client-credentials tokens: fetched from {@code token_url} when first needed, kept, and
 * fetched again shortly before they expire (a tenth of their lifetime, at most a minute, early),
 * or when the API answers 401. Every token is registered as a secret, so it is never printed.
 */
final class Tokens {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Auth.OAuth2 oauth;
    private final ApiClient client;
    private final Pacer pacer;
    private String token;
    private long refreshAtMillis;

    Tokens(Auth.OAuth2 oauth, ApiClient client, Pacer pacer) {
        this.oauth = oauth;
        this.client = client;
        this.pacer = pacer;
    }

    String token() throws SourceException {
        if (token == null || pacer.currentMillis() >= refreshAtMillis) {
            fetch();
        }
        return token;
    }

    void invalidate() {
        token = null;
    }

    private void fetch() throws SourceException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", oauth.clientId());
        form.put("client_secret", oauth.clientSecret());
        if (!oauth.scopes().isEmpty()) {
            form.put("scope", String.join(" ", oauth.scopes()));
        }
        URI uri = URI.create(oauth.tokenUrl());
        JsonNode answer = client.postForm(uri, form, response -> JSON.readTree(response.body()));
        JsonNode accessToken = answer == null ? null : answer.get("access_token");
        if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isEmpty()) {
            throw new SourceException("the OAuth2 token endpoint " + Urls.redact(uri) + " answered without an access_token; the response began: "
                    + ApiClient.excerpt(answer == null ? null : answer.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    + ". Check source.auth.token_url.");
        }
        token = accessToken.asText();
        Secrets.remember(token);
        long lifetimeMillis = answer.path("expires_in").asLong(3600) * 1000;
        long early = Math.min(60_000, lifetimeMillis / 10);
        refreshAtMillis = pacer.currentMillis() + lifetimeMillis - early;
    }
}
