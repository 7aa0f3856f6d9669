package io.tributary.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.config.Secrets;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Addresses in messages never show a credential; Link headers are read as RFC 8288 writes them. */
class UrlsTest {
    @Test
    void credentialLikeParametersAndKnownSecretsAreMasked() {
        Secrets.remember("s3cr3t-in-path");
        String shown = Urls.redact("https://api.example.com/v1/s3cr3t-in-path/items?limit=10&api_key=abc&Access_Token=xyz&page=2");

        assertThat(shown).isEqualTo("https://api.example.com/v1/****/items?limit=10&api_key=****&Access_Token=****&page=2");
    }

    @Test
    void theNextLinkIsFoundAmongOthersWithAnyQuotingAndRelList() {
        URI current = URI.create("https://shop.example/admin/api/2025-01/orders.json?limit=250");
        HttpHeaders headers = HttpHeaders.of(Map.of("Link", List.of(
                "<https://shop.example/admin/api/2025-01/orders.json?limit=250&page_info=prev1>; rel=\"previous\", "
                        + "<https://shop.example/admin/api/2025-01/orders.json?limit=250&page_info=next2>; rel=\"next\"")), (a, b) -> true);

        assertThat(Pager.nextLink(current, headers)).hasToString("https://shop.example/admin/api/2025-01/orders.json?limit=250&page_info=next2");
        assertThat(Pager.nextLink(current, HttpHeaders.of(Map.of("Link", List.of("</items?page=3>; rel=next")), (a, b) -> true)))
                .hasToString("https://shop.example/items?page=3");
        assertThat(Pager.nextLink(current, HttpHeaders.of(Map.of("Link", List.of("<https://x/a>; rel=\"prev\"")), (a, b) -> true))).isNull();
    }
}
