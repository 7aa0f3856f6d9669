package io.tributary.connectors.api;

import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What identifies the data of an API source, and so keys its state: the method, the host (and port,
 * when not the scheme's own) and the path of {@code base_url} and {@code endpoint}, without version
 * segments: {@code GET my-shop.myshopify.com/admin/api/orders.json}. Another shop, host or resource is
 * another source, whose saved cursor would skip its older records; another API version (Shopify's
 * {@code 2025-01} → {@code 2025-04}, {@code /v1} → {@code /v2}) or scheme serves the same records, so
 * it keeps the cursor. Query parameters and credentials are not part of it.
 *
 * <p>Earlier versions keyed the state by method and endpoint alone ({@code GET /orders.json}); such a
 * key is taken over as this source's state, since it cannot say which host it came from and the
 * source most likely did not change with the upgrade.
 */
record SourceIdentity(String key) {
    private static final Pattern VERSION = Pattern.compile("(?i)v\\d+(\\.\\d+)*|\\d{4}-\\d{2}(-\\d{2})?|unstable");

    static SourceIdentity of(ApiSpec spec) {
        return of(spec.method(), spec.baseUrl(), spec.endpoint());
    }

    static SourceIdentity of(String method, String baseUrl, String endpoint) {
        URI base = URI.create(baseUrl);
        // a host Java's URI does not take as a host name (an underscore in it) is kept as written, port and all
        String host = (base.getHost() != null ? base.getHost() : base.getRawAuthority() == null ? "" : base.getRawAuthority())
                .toLowerCase(Locale.ROOT);
        int port = base.getPort();
        boolean defaultPort = port < 0 || port == 80 && "http".equalsIgnoreCase(base.getScheme())
                || port == 443 && "https".equalsIgnoreCase(base.getScheme());
        String path = Arrays.stream(((base.getRawPath() == null ? "" : base.getRawPath()) + endpoint).split("/"))
                .filter(segment -> !segment.isEmpty() && !VERSION.matcher(segment).matches())
                .collect(Collectors.joining("/", "/", ""));
        return new SourceIdentity(method + " " + host + (defaultPort ? "" : ":" + port) + path);
    }

    /** The key earlier versions used for this source: method and endpoint. */
    static String legacyKey(ApiSpec spec) {
        return spec.method() + " " + spec.endpoint();
    }

    /** A key in the earlier form: the method, then the endpoint's path (or nothing), with no host. */
    private static boolean isLegacy(String key) {
        int space = key.indexOf(' ');
        return space > 0 && (space == key.length() - 1 || key.charAt(space + 1) == '/');
    }

    /**
     * What the state says about this source.
     *
     * @param cursor   the saved value to continue from, or null to read everything
     * @param previous the identity of another source whose state this is, when the source changed; null otherwise
     */
    record Saved(String cursor, String previous) {}

    /** Finds this source's saved value among the pipeline's state entries (unit key → value). */
    Saved find(Map<String, String> state, String legacyKey) {
        if (state.containsKey(key)) {
            return new Saved(state.get(key), null);
        }
        Optional<String> other = state.keySet().stream().filter(k -> !isLegacy(k)).sorted().findFirst();
        if (other.isPresent()) {
            return new Saved(null, other.get());
        }
        if (state.containsKey(legacyKey)) {
            return new Saved(state.get(legacyKey), null);
        }
        return new Saved(null, state.keySet().stream().sorted().findFirst().orElse(null));
    }
}
