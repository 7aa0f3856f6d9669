package io.tributary.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The anchor of the {@code api} benchmark: the least any client must do to get the orders, namely
 * fetch every page with the JDK's HttpClient, following the {@code Link} header, and throw the
 * bodies away. No parsing, no storing. Tributary's time over this is what parsing, staging and
 * publishing cost.
 *
 * <p>Usage: {@code java -cp ... io.tributary.bench.ApiFetchAnchor FIRST_URL TOKEN}. Prints the
 * number of {@code "id":} occurrences at the top level of orders (the order count) on the last line.
 */
public final class ApiFetchAnchor {
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"next\"");

    private ApiFetchAnchor() {}

    public static void main(String[] args) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String url = args[0];
        long bytes = 0;
        int pages = 0;
        while (url != null) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("X-Shopify-Access-Token", args[1]).build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " from " + url);
            }
            bytes += response.body().length;
            pages++;
            Matcher next = NEXT.matcher(response.headers().firstValue("Link").orElse(""));
            url = next.find() ? next.group(1) : null;
        }
        System.err.println(pages + " pages, " + bytes + " bytes");
        System.out.println(pages);
    }
}
