package io.tributary.connectors.api;

import io.tributary.spi.SourceException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds each next page, in the configured style; null when the last page was read. */
final class Pager {
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*((?:;\\s*[^;,]*)*)");
    private static final Pattern REL_NEXT = Pattern.compile(";\\s*rel\\s*=\\s*\"?([^\";]*)\"?");

    private final ApiSpec.Pagination pagination;
    private final String address;
    private final Map<String, String> params;
    private long offset;
    private long page;

    /** {@code params}: the first request's parameters (the user's and the incremental one). */
    Pager(ApiSpec.Pagination pagination, String address, Map<String, String> params) {
        this.pagination = pagination;
        this.address = address;
        this.params = new LinkedHashMap<>(params);
        this.page = pagination.startPage();
    }

    /** Body paths the pagination reads (has_more, next_url). */
    Set<String> bodyValues() {
        return switch (pagination.style()) {
            case "cursor" -> Set.of(pagination.hasMorePath());
            case "next_url" -> Set.of(pagination.nextUrlPath());
            default -> Set.of();
        };
    }

    /** The record field the cursor style needs from the last record, or null. */
    String cursorField() {
        return pagination.style().equals("cursor") ? pagination.cursorField() : null;
    }

    URI first() {
        Map<String, String> query = new LinkedHashMap<>(params);
        switch (pagination.style()) {
            case "offset" -> {
                query.put(pagination.offsetParam(), "0");
                query.put(pagination.limitParam(), Long.toString(pagination.limit()));
            }
            case "page_number" -> {
                query.put(pagination.pageParam(), Long.toString(page));
                if (pagination.limitParam() != null && pagination.limit() > 0) {
                    query.put(pagination.limitParam(), Long.toString(pagination.limit()));
                }
            }
            default -> { }
        }
        return Urls.withParams(address, query);
    }

    URI next(URI current, HttpHeaders headers, PageReader.Page read) throws SourceException {
        return switch (pagination.style()) {
            case "link_header" -> nextLink(current, headers);
            case "cursor" -> {
                if (!"true".equals(read.values().get(pagination.hasMorePath()))) {
                    yield null;
                }
                if (read.lastId() == null) {
                    throw new SourceException("the API says it has more ('" + pagination.hasMorePath() + "' is true) but the last record of the page at "
                            + Urls.redact(current) + " has no '" + pagination.cursorField() + "' to continue from. Check source.pagination.cursor_field"
                            + (read.records() == 0 ? " (the page was empty: check source.records)" : ""));
                }
                Map<String, String> query = new LinkedHashMap<>(params);
                query.put(pagination.cursorParam(), read.lastId());
                yield Urls.withParams(address, query);
            }
            case "next_url" -> {
                String next = read.values().get(pagination.nextUrlPath());
                yield next == null || next.isBlank() ? null : Urls.resolve(current, next);
            }
            case "offset" -> {
                if (read.records() < pagination.limit()) {
                    yield null;
                }
                offset += read.records();
                Map<String, String> query = new LinkedHashMap<>(params);
                query.put(pagination.offsetParam(), Long.toString(offset));
                query.put(pagination.limitParam(), Long.toString(pagination.limit()));
                yield Urls.withParams(address, query);
            }
            case "page_number" -> {
                if (read.records() == 0) {
                    yield null;
                }
                page++;
                Map<String, String> query = new LinkedHashMap<>(params);
                query.put(pagination.pageParam(), Long.toString(page));
                if (pagination.limitParam() != null && pagination.limit() > 0) {
                    query.put(pagination.limitParam(), Long.toString(pagination.limit()));
                }
                yield Urls.withParams(address, query);
            }
            default -> null;
        };
    }

    /** RFC 8288: {@code Link: <https://…?page_info=abc>; rel="next", <…>; rel="previous"}. */
    static URI nextLink(URI current, HttpHeaders headers) {
        for (String header : headers.allValues("Link")) {
            Matcher link = LINK.matcher(header);
            while (link.find()) {
                Matcher rel = REL_NEXT.matcher(link.group(2));
                while (rel.find()) {
                    for (String word : rel.group(1).trim().split("\\s+")) {
                        if (word.equalsIgnoreCase("next")) {
                            return Urls.resolve(current, link.group(1));
                        }
                    }
                }
            }
        }
        return null;
    }
}
