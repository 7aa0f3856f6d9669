package io.tributary.alert;

import io.tributary.config.ConfigReader;
import io.tributary.config.Secrets;
import java.net.URI;
import java.net.URISyntaxException;

/** Checks a channel's {@code url} when the project loads, so a typo shows at validate time rather than at the first alert. */
final class HttpUrls {

    private HttpUrls() {}

    /** True when {@code url} is an absolute http(s) URL; else reports a problem at the key (never echoing the URL: it may be a token). */
    static boolean check(ConfigReader config, String key, String url) {
        if (Secrets.containsReference(url)) {
            return false; // an unset ${env:…}: already reported
        }
        try {
            URI uri = new URI(url);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return true;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        config.problem(key, "not an http:// or https:// URL", "write the whole URL, e.g. https://hooks.example.com/...");
        return false;
    }
}
