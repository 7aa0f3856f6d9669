package io.tributary.app;

import io.tributary.error.TributaryException;
import io.tributary.metadata.ApiToken;
import io.tributary.metadata.MetadataStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The server's API tokens ({@code tributary token create}): a token is 32 random bytes, shown once when
 * made; the metadata store keeps only its SHA-256, so neither the store nor any answer can give it back.
 */
public final class ApiTokens {
    /** What a token looks like: a prefix that says what it is (secret scanners find it), then 64 hex digits. */
    public static final String PREFIX = "trb_";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A token just made: {@code token} is shown this once. */
    public record Created(String name, String token, Instant createdAt) {}

    private final MetadataStore store;

    public ApiTokens(MetadataStore store) {
        this.store = store;
    }

    /** Makes and stores a token named {@code name}; invalid input when the name is taken or malformed. */
    public Created create(String name, Instant now) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw TributaryException.invalid("a token name is 1 to 64 letters, digits, '_', '.' or '-' (starting with a letter or digit), not '"
                    + name + "'; e.g. tributary token create ci");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = PREFIX + HexFormat.of().formatHex(secret);
        if (!store.createApiToken(name, sha256(token), now)) {
            throw TributaryException.invalid("there is already a token named " + name + " (revoked tokens keep their names): "
                    + "choose another name; tributary token list shows them");
        }
        return new Created(name, token, now);
    }

    /** Every token, revoked ones too, by name. */
    public List<ApiToken> list() {
        return store.apiTokens();
    }

    /** Revokes the token; invalid input when there is no valid token of that name. */
    public void revoke(String name, Instant now) {
        if (!store.revokeApiToken(name, now)) {
            throw TributaryException.invalid("there is no valid token named " + name + "; tributary token list shows them");
        }
    }

    /** The valid token {@code token} is, its use recorded; empty when it is none (unknown or revoked). */
    public Optional<ApiToken> accept(String token, Instant now) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return store.useApiToken(sha256(token), now);
    }

    /** Whether any token is valid: a server beyond loopback needs one. */
    public boolean anyValid() {
        return store.apiTokens().stream().anyMatch(t -> t.revokedAt() == null);
    }

    /** Works on the tokens wherever the project keeps its history: the PostgreSQL store of {@code metadata:}, or the warehouse. */
    public static <T> T withStore(io.tributary.project.MetadataSpec metadata, io.tributary.project.WarehouseSpec warehouseSpec,
                                  java.util.function.Function<ApiTokens, T> work) {
        if (!metadata.inWarehouse()) {
            try (MetadataStore store = io.tributary.metadata.MetadataStores.postgres(metadata.connection())) {
                return work.apply(new ApiTokens(store));
            }
        }
        try (io.tributary.warehouse.Warehouse warehouse = io.tributary.warehouse.Warehouse.open(warehouseSpec, false, true);
             MetadataStore store = io.tributary.metadata.MetadataStores.inWarehouse(warehouse.connection(), "the warehouse " + warehouse.path())) {
            return work.apply(new ApiTokens(store));
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java has", e);
        }
    }
}
