package io.tributary.connectors.api;

import java.util.List;

/** How requests prove who they are. Values are secrets (registered for redaction by the config reader). */
sealed interface Auth {
    List<String> TYPES = List.of("none", "api_key", "bearer", "basic", "oauth2");

    record None() implements Auth {}

    /** A key sent in a header ({@code header}) or, for APIs that want it so, a query parameter ({@code param}). */
    record ApiKey(String header, String param, String value) implements Auth {}

    record Bearer(String token) implements Auth {}

    record Basic(String user, String password) implements Auth {}

    /** OAuth2 client credentials: a token from {@code tokenUrl}, cached until shortly before it expires. */
    record OAuth2(String tokenUrl, String clientId, String clientSecret, List<String> scopes) implements Auth {}
}
