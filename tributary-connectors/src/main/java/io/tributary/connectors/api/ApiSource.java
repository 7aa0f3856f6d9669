package io.tributary.connectors.api;

import io.tributary.spec.LoadMode;
import io.tributary.spec.LoadSpec;
import io.tributary.spi.Source;
import io.tributary.spi.SourceException;
import io.tributary.spi.SourceState;
import io.tributary.spi.SourceUnit;
import io.tributary.spi.StagedUnit;
import io.tributary.spi.Staging;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A configured REST endpoint. Each run is one unit (the endpoint), whose state is the greatest
 * incremental cursor value read so far. Staging walks the pages one at a time, appending each
 * page's records to a temporary newline-delimited JSON file (memory holds one page), and then
 * stages that file with DuckDB ({@link ApiStaging}). Any failure before the last page throws, so
 * the engine publishes nothing and the state does not move.
 */
final class ApiSource implements Source {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiSource.class);
    private final ApiSpec spec;
    private final LoadMode mode;

    ApiSource(ApiSpec spec, LoadSpec load) {
        this.spec = spec;
        this.mode = load == null ? LoadMode.APPEND : load.mode();
    }

    @Override
    public String unitNoun() {
        return "endpoint";
    }

    @Override
    public String describe() {
        return Urls.redact(spec.describe());
    }

    @Override
    public List<SourceUnit> plan(SourceState state) {
        String key = spec.method() + " " + spec.endpoint();
        return List.of(new SourceUnit(key, Urls.redact(spec.baseUrl() + spec.endpoint()), 0, state.get(key).orElse(null), false));
    }

    @Override
    public StagedUnit stage(SourceUnit unit, Staging staging) throws SourceException {
        String saved = unit.knownState() == null || unit.knownState().isEmpty() ? null : unit.knownState();
        ApiSpec.Incremental incremental = spec.incremental();
        Map<String, String> params = new LinkedHashMap<>(spec.params());
        if (incremental != null) {
            if (saved != null) {
                params.put(incremental.param(), Cursors.since(incremental, saved));
            } else if (incremental.start() != null) {
                params.put(incremental.param(), incremental.start());
            }
        }
        Cursors cursors = incremental == null ? null : new Cursors(incremental, saved);
        Pager pager = new Pager(spec.pagination(), spec.baseUrl() + spec.endpoint(), params);
        Set<String> wanted = new HashSet<>(pager.bodyValues());
        PageReader reader = new PageReader(spec.records(), pager.cursorField(), incremental == null ? null : incremental.cursorField(),
                spec.rawColumn(), wanted);
        ApiClient client = new ApiClient(spec, Pacer.Current.pacer);
        Path file = null;
        EarlySample sample = null;
        try {
            file = Files.createTempFile("tributary-api-", ".ndjson");
            sample = new EarlySample(staging.connection());
            long records = 0;
            long bytes = 0;
            long started = System.nanoTime();
            long pages = 0;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                URI uri = pager.first();
                boolean fromHeaders = spec.pagination().style().equals("link_header");
                while (uri != null) {
                    URI current = uri;
                    ApiClient.Prefetch taken = ahead;
                    PageAndHeaders page = client.fetch(current, taken, response -> {
                        // The next address is in the headers: request that page while this one is parsed.
                        URI next = fromHeaders ? Pager.nextLink(current, response.headers()) : null;
                        if (next != null && (ahead == null || !ahead.uri().equals(next))) {
                            ahead = client.prefetch(next);
                        }
                    }, response -> new PageAndHeaders(reader.read(response.body()), response.headers()));
                    page.page().ndjson().writeTo(out);
                    sample.offer(page.page().ndjson());
                    records += page.page().records();
                    bytes += page.page().bytes();
                    if (cursors != null) {
                        page.page().cursors().forEach(cursors::offer);
                    }
                    pages++;
                    staging.progress(unit.label(), records);
                    uri = pager.next(current, page.headers(), page.page());
                    if (uri != null && uri.equals(current)) {
                        throw new SourceException("the API at " + Urls.redact(current) + " gave the same address as its next page;"
                                + " reading would never end. Check source.pagination.");
                    }
                    if (uri != null && pages >= spec.pagination().maxPages()) {
                        throw new SourceException("read " + pages + " pages from " + unit.label() + " and the API has more, but"
                                + " source.pagination.max_pages is " + spec.pagination().maxPages() + ". Nothing was published:"
                                + " raise max_pages, or narrow the request (params, incremental.start).");
                    }
                }
            }
            LOG.debug("{}: {} pages, {} records, {} bytes fetched in {} ms", unit.label(), pages, records, bytes, (System.nanoTime() - started) / 1_000_000);
            String state = cursors == null ? "" : cursors.max();
            if (records == 0) {
                return new StagedUnit(null, 0, 0, bytes, state);
            }
            started = System.nanoTime();
            ApiStaging.Result staged = new ApiStaging(spec, mode).stage(file, unit.label(), staging, reader.sawLateFields(),
                    reader.sawLateFields() ? null : sample.types());
            LOG.debug("{}: staged in {} ms", unit.label(), (System.nanoTime() - started) / 1_000_000);
            return new StagedUnit(staged.main(), staged.loaded(), 0, bytes, state, staged.streams());
        } catch (IOException e) {
            cancelAhead();
            throw new SourceException("cannot write the records read from " + unit.label() + " to a temporary file: " + e.getMessage(), e);
        } catch (SourceException | RuntimeException e) {
            cancelAhead();
            throw e;
        } catch (InterruptedException e) {
            cancelAhead();
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while reading " + unit.label(), e);
        } finally {
            ahead = null;
            if (sample != null) {
                sample.close();
            }
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // a leftover temporary file is harmless; the run's outcome matters more
                }
            }
        }
    }

    /** The page requested ahead of the one being parsed, if any; only the staging thread touches it. */
    private ApiClient.Prefetch ahead;

    private void cancelAhead() {
        if (ahead != null) {
            ahead.cancel();
            ahead = null;
        }
    }

    private record PageAndHeaders(PageReader.Page page, java.net.http.HttpHeaders headers) {}
}
