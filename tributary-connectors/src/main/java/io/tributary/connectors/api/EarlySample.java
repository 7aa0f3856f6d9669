package io.tributary.connectors.api;

import io.tributary.sql.JsonSchema;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.duckdb.DuckDBConnection;

/**
 * The first {@value FieldWatch#SAMPLE} records of a run in a file of their own, and DuckDB inferring
 * their types in a second thread while the later pages still arrive. These are the types
 * {@link ApiStaging} would otherwise infer from the same records after the last page (DuckDB samples
 * the first {@value FieldWatch#SAMPLE} records of the file), so the staging starts that much sooner:
 * 0.5 s of a 10 s run for 200,000 Shopify orders on 2 cores, where the fetching leaves a core half idle.
 */
final class EarlySample implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EarlySample.class);

    private final Connection engine;
    private final Path file;
    private OutputStream out;
    private long records;
    private FutureTask<JsonSchema> inference;

    /** {@code file}: where to keep the sample ({@link TempFiles}); it is deleted on {@link #close}. */
    EarlySample(Connection engine, Path file) throws IOException {
        this.engine = engine;
        this.file = file;
        this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    }

    /** Takes a page's records (one a line) until the sample is full, then starts inferring their types. */
    void offer(ByteArrayOutputStream page) throws IOException {
        if (out == null) {
            return;
        }
        byte[] lines = page.toByteArray();
        int end = 0;
        while (end < lines.length && records < FieldWatch.SAMPLE) {
            while (lines[end] != '\n') {
                end++;
            }
            end++;
            records++;
        }
        out.write(lines, 0, end);
        if (records == FieldWatch.SAMPLE) {
            out.close();
            out = null;
            inference = new FutureTask<>(() -> {
                long started = System.nanoTime();
                try (Connection connection = engine.unwrap(DuckDBConnection.class).duplicate()) {
                    JsonSchema types = JsonSchema.describe(connection, ApiStaging.reader(file) + ", sample_size = " + FieldWatch.SAMPLE + ")");
                    LOG.debug("types of the first {} records inferred while fetching, in {} ms", records, (System.nanoTime() - started) / 1_000_000);
                    return types;
                }
            });
            Thread thread = new Thread(inference, "tributary-api-sample");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * The types of the first {@value FieldWatch#SAMPLE} records, or null when the run had fewer or
     * the inference failed (the staging then infers them itself, and reports what is wrong).
     */
    JsonSchema types() throws InterruptedException {
        if (inference == null) {
            return null;
        }
        try {
            return inference.get();
        } catch (ExecutionException e) {
            LOG.debug("inferring the sample's types while fetching failed: {}", e.getCause().toString());
            return null;
        }
    }

    /** Ends the inference, if any, and removes the file. */
    @Override
    public void close() {
        try {
            if (out != null) {
                out.close();
            }
            if (inference != null) {
                types();
            }
        } catch (IOException e) {
            LOG.debug("closing the type sample: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            TempFiles.delete(file);
        }
    }
}
