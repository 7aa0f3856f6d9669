package io.tributary.connectors.api;

import io.tributary.config.Secrets;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Building request addresses, and showing them without secrets. */
final class Urls {
    /** Query parameters that carry credentials in common APIs; their values are masked even when not a known secret. */
    static final Set<String> SECRET_PARAMS = Set.of("access_token", "api_key", "apikey", "key", "token", "client_secret", "password",
            "secret", "signature", "sig", "auth", "code", "refresh_token", "id_token");
    private static final Pattern PARAM = Pattern.compile("([?&])([^=&#]+)=([^&#]*)");

    private Urls() {}

    /** {@code base} with {@code params} appended to its query (URL-encoded). */
    static URI withParams(String base, Map<String, String> params) {
        if (params.isEmpty()) {
            return URI.create(base);
        }
        StringBuilder out = new StringBuilder(base);
        char separator = base.indexOf('?') < 0 ? '?' : '&';
        for (Map.Entry<String, String> param : params.entrySet()) {
            out.append(separator).append(encode(param.getKey())).append('=').append(encode(param.getValue()));
            separator = '&';
        }
        return URI.create(out.toString());
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A next-page address as the API gave it, resolved against the request's address when relative. */
    static URI resolve(URI current, String next) {
        return current.resolve(next.strip());
    }

    /** The address for messages: known secrets masked, and the values of credential-like query parameters too. */
    static String redact(URI uri) {
        return redact(uri.toString());
    }

    static String redact(String url) {
        String masked = Secrets.redact(url);
        Matcher matcher = PARAM.matcher(masked);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = java.net.URLDecoder.decode(matcher.group(2), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
            String value = SECRET_PARAMS.contains(name) ? Secrets.MASK : matcher.group(3);
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + matcher.group(2) + "=" + value));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
