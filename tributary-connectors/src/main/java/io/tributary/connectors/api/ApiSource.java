package io.tributary.connectors.api;

import io.tributary.spi.LoadMode;
import io.tributary.spi.LoadSpec;
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
import io.tributary.spi.TimeWindow;

/**
 * A configured REST endpoint. Each run is one unit (the endpoint), keyed by what identifies its data
 * ({@link SourceIdentity}), whose state is the greatest incremental cursor value read so far. Staging
 * walks the pages one at a time, appending each page's records to a file in the project's
 * {@code .tributary/tmp} ({@link TempFiles}; memory holds one page), and then stages that file with
 * DuckDB ({@link ApiStaging}). Any failure before the last page throws, so the engine publishes
 * nothing and the state does not move; the failure carries the records and bytes received until then.
 */
final class ApiSource implements Source {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ApiSource.class);
    private final ApiSpec spec;
    private final LoadSpec load;
    private final Path projectDir;
    private final LoadMode mode;
    private final List<String> mergeKey;
    private final Path tempFolder;
    /** The backfill window this copy reads, or null for the pipeline's ordinary runs. */
    private final TimeWindow window;

    ApiSource(ApiSpec spec, LoadSpec load, Path projectDir) {
        this(spec, load, projectDir, null);
    }

    private ApiSource(ApiSpec spec, LoadSpec load, Path projectDir, TimeWindow window) {
        this.load = load;
        this.projectDir = projectDir;
        this.window = window;
        this.spec = spec;
        this.mode = load == null ? LoadMode.APPEND : load.mode();
        this.mergeKey = load == null || load.key() == null ? List.of() : load.key();
        this.tempFolder = TempFiles.folder(projectDir);
    }

    @Override
    public String unitNoun() {
        return "endpoint";
    }

    @Override
    public String describe() {
        return Urls.redact(spec.describe()) + (window == null ? "" : ", backfill window " + window.describe());
    }

    @Override
    public String cannotBackfill() {
        ApiSpec.Incremental incremental = spec.incremental();
        if (incremental == null) {
            return "its api source reads without incremental:, so it has no time cursor to select a window's records by";
        }
        if (incremental.untilParam() == null) {
            return "its api source's incremental: names the parameter that starts the range (" + incremental.param() + ") but none that "
                    + "ends it; add until_param: to incremental (e.g. until_param: updated_at_max) if the API has one";
        }
        return null;
    }

    @Override
    public Source within(TimeWindow window) {
        if (cannotBackfill() != null) {
            throw new UnsupportedOperationException(cannotBackfill());
        }
        return new ApiSource(spec, load, projectDir, window);
    }

    /** The state is this run's unit alone: a previous source's entry (or an earlier version's key) goes when the run publishes. */
    @Override
    public boolean replacesState() {
        return true;
    }

    @Override
    public List<SourceUnit> plan(SourceState state) {
        SourceIdentity identity = SourceIdentity.of(spec);
        SourceIdentity.Saved saved = identity.find(state.values(), SourceIdentity.legacyKey(spec));
        return List.of(new SourceUnit(identity.key(), Urls.redact(spec.baseUrl() + spec.endpoint()), 0, saved.cursor(), false));
    }

    /** Notes, when the state belongs to another source (another shop, host or resource), that this run reads it in full. */
    @Override
    public SourceRead read(List<SourceUnit> units, SourceState state, Staging staging) {
        SourceIdentity identity = SourceIdentity.of(spec);
        List<String> warnings = warnings(identity, identity.find(state.values(), SourceIdentity.legacyKey(spec)).previous());
        return unit -> stage(unit, staging, warnings);
    }

    private StagedUnit stage(SourceUnit unit, Staging staging, List<String> warnings) throws SourceException {
        String saved = unit.knownState() == null || unit.knownState().isEmpty() ? null : unit.knownState();
        ApiSpec.Incremental incremental = spec.incremental();
        Map<String, String> params = new LinkedHashMap<>(spec.params());
        if (window != null) {
            // a backfill window: its own range, whatever the saved cursor says (the run publishes no state)
            params.put(incremental.param(), Cursors.at(incremental, window.from()));
            params.put(incremental.untilParam(), Cursors.at(incremental, window.to()));
            saved = null;
        } else if (incremental != null) {
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
        TempFiles.sweep(tempFolder);
        Path file = null;
        EarlySample sample = null;
        Received received = new Received();
        try {
            file = TempFiles.create(tempFolder, staging.runId(), "records");
            sample = new EarlySample(staging.connection(), TempFiles.create(tempFolder, staging.runId(), "sample"));
            long started = System.nanoTime();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
                URI uri = pager.first();
                boolean fromHeaders = spec.pagination().style().equals("link_header");
                while (uri != null) {
                    URI current = uri;
                    ApiClient.Prefetch taken = received.ahead;
                    PageAndHeaders page = client.fetch(current, taken, response -> {
                        // The next address is in the headers: request that page while this one is parsed.
                        URI next = fromHeaders ? Pager.nextLink(current, response.headers()) : null;
                        if (next != null && (received.ahead == null || !received.ahead.uri().equals(next))) {
                            received.ahead = client.prefetch(next);
                        }
                    }, response -> new PageAndHeaders(reader.read(response.body()), response.headers()));
                    page.page().ndjson().writeTo(out);
                    sample.offer(page.page().ndjson());
                    received.add(page.page());
                    if (cursors != null) {
                        page.page().cursors().forEach(cursors::offer);
                    }
                    staging.progress(unit.label(), received.records);
                    uri = pager.next(current, page.headers(), page.page());
                    if (uri != null && uri.equals(current)) {
                        throw new SourceException("the API at " + Urls.redact(current) + " gave the same address as its next page;"
                                + " reading would never end. Check source.pagination.");
                    }
                    if (uri != null && received.pages >= spec.pagination().maxPages()) {
                        throw new SourceException("read " + received.pages + " pages from " + unit.label() + " and the API has more, but"
                                + " source.pagination.max_pages is " + spec.pagination().maxPages() + ". Nothing was published:"
                                + " raise max_pages, or narrow the request (params, incremental.start).");
                    }
                }
            }
            LOG.debug("{}: {} pages, {} records, {} bytes fetched in {} ms", unit.label(), received.pages, received.records, received.bytes,
                    (System.nanoTime() - started) / 1_000_000);
            String state = cursors == null ? "" : cursors.max();
            if (received.records == 0) {
                return new StagedUnit(null, 0, 0, received.bytes, state, List.of(), warnings);
            }
            started = System.nanoTime();
            ApiStaging.Result staged = new ApiStaging(spec, mode, mergeKey).stage(file, unit.label(), staging, reader.sawLateFields(),
                    reader.sawLateFields() ? null : sample.types());
            LOG.debug("{}: staged in {} ms", unit.label(), (System.nanoTime() - started) / 1_000_000);
            long rejected = staged.rejected().stream().map(f -> f.record()).distinct().count();
            return new StagedUnit(staged.main(), staged.loaded(), rejected, received.bytes, state, staged.streams(), warnings);
        } catch (IOException e) {
            received.cancelAhead();
            throw received.failure("cannot write the records read from " + unit.label() + " to a file in " + tempFolder + ": " + e.getMessage(), e);
        } catch (SourceException e) {
            received.cancelAhead();
            throw received.failure(e.getMessage(), e);
        } catch (RuntimeException e) {
            received.cancelAhead();
            throw e;
        } catch (InterruptedException e) {
            received.cancelAhead();
            Thread.currentThread().interrupt();
            throw received.failure("interrupted while reading " + unit.label(), e);
        } finally {
            received.ahead = null;
            if (sample != null) {
                sample.close();
            }
            if (file != null) {
                TempFiles.delete(file);
            }
        }
    }

    /** The run's note when the state belonged to another source, which this run therefore read in full. */
    private static List<String> warnings(SourceIdentity identity, String changedFrom) {
        if (changedFrom == null) {
            return List.of();
        }
        return List.of("the source changed since the last run: it was " + Urls.redact(changedFrom) + ", now it is "
                + Urls.redact(identity.key()) + ". The last run's position does not apply to it, so everything was read, as for a new"
                + " source; the table keeps the rows read from the old one (tributary run --full-refresh rebuilds it from this source alone).");
    }

    /**
     * One reading of the endpoint: what the pages received so far held (for the counts of a run that
     * fails part-way) and the page requested ahead of the one being parsed. Made per reading, so the
     * source object keeps nothing of a run.
     */
    private static final class Received {
        long pages;
        long records;
        long bytes;
        /** The page requested ahead of the one being parsed, if any; only the staging thread touches it. */
        ApiClient.Prefetch ahead;

        void cancelAhead() {
            if (ahead != null) {
                ahead.cancel();
                ahead = null;
            }
        }

        void add(PageReader.Page page) {
            pages++;
            records += page.records();
            bytes += page.bytes();
        }

        SourceException failure(String message, Throwable cause) {
            return new SourceException(message, cause, records, bytes);
        }
    }


    private record PageAndHeaders(PageReader.Page page, java.net.http.HttpHeaders headers) {}
}
