package io.tributary.connectors.destination;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.spi.TableName;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The destination contract for a database server ({@link DatabaseDestination}), plus what only such a destination does: the export into a pipe. */
public abstract class DatabaseDestinationContract extends DestinationContract {
    @Override
    protected String leftoverStage(String pipeline, long run) {
        return StagingTables.stageName(pipeline, run, 0);
    }

    @Override
    protected String liveStage(String pipeline, long run) {
        return StagingTables.stageName(pipeline + "_other", run, 0);
    }

    @Override
    protected String producingRowsStep() {
        return "loading rows into the staging table";
    }

    /**
     * DuckDB's asynchronous writer spins while the pipe to the database is full; the export writes
     * with blocking calls instead (async_threads 0), and only while it runs.
     */
    @Test
    void theExportIntoThePipeWritesWithoutDuckDbsAsynchronousWriter() throws Exception {
        TablePlan.Load load = new TablePlan.Load(new TableName("public", "unused"), rows("SELECT range AS x FROM range(100000)"), null,
                Map.of("x", "BIGINT"), Map.of("x", "BIGINT"));
        Path folder = java.nio.file.Files.createTempDirectory("tributary-test");
        List<String> seen = new ArrayList<>();
        try (Connection observer = duck.unwrap(org.duckdb.DuckDBConnection.class).duplicate()) {
            long rows = ((DatabaseDestination) destination).export.exportAndLoad(duck, load, folder, "", csv -> {
                seen.add(io.tributary.sql.Sql.setting(observer, "async_threads"));
                long lines = 0;
                try (java.io.InputStream in = new java.io.FileInputStream(csv.toFile())) { // a pipe: read, never seek
                    byte[] buffer = new byte[1 << 16];
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        for (int i = 0; i < n; i++) {
                            lines += buffer[i] == '\n' ? 1 : 0;
                        }
                    }
                }
                return lines;
            });
            assertThat(rows).isEqualTo(100_000);
        } finally {
            try (var files = java.nio.file.Files.list(folder)) {
                for (Path file : files.toList()) {
                    java.nio.file.Files.delete(file);
                }
            }
            java.nio.file.Files.delete(folder);
        }
        assertThat(seen).containsExactly("0");
        assertThat(io.tributary.sql.Sql.setting(duck, "async_threads")).isEqualTo(asyncThreadsBefore);
    }
}
