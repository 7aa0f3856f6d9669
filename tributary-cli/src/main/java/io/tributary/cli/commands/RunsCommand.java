package io.tributary.cli.commands;

import io.tributary.cli.Cli;
import io.tributary.cli.ProjectOption;
import io.tributary.cli.output.Format;
import io.tributary.cli.output.TextTable;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.MetadataStores;
import io.tributary.metadata.RunRecord;
import io.tributary.spi.RunCounts;
import io.tributary.warehouse.Warehouse;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.config.DidYouMean;
import io.tributary.project.MetadataSpec;
import io.tributary.project.PipelineSpec;
import io.tributary.project.WarehouseSpec;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "runs", mixinStandardHelpOptions = true, versionProvider = io.tributary.cli.Version.class, description = "Show the run history, newest first (times in UTC).")
public final class RunsCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final Cli.Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "PIPELINE", arity = "0..1", description = "Only this pipeline's runs.")
    String pipeline;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", description = "How many runs to show (default ${DEFAULT-VALUE}).", defaultValue = "20")
    int limit;

    public RunsCommand(Cli.Io io) {
        this.io = io;
    }

    /** A name with no runs may be a typo: say so when the project (if it loads) has no such pipeline. */
    private void noteUnknownPipeline() {
        try {
            var spec = project.load();
            if (spec.pipeline(pipeline).isEmpty()) {
                String closest = DidYouMean.closest(pipeline,
                        spec.pipelines().stream().map(PipelineSpec::name).toList());
                io.err().println("note: the project has no pipeline named '" + pipeline + "'" + (closest == null ? "" : "; did you mean '" + closest + "'?"));
            }
        } catch (TributaryException e) {
            // an invalid project: `tributary validate` says why; the history is what was asked for
        }
    }

    /**
     * Reads the history from the warehouse opened read-only, so that it never stands in a run's way;
     * only a history older than this version is opened for writing, to be brought up to date.
     */
    private List<RunRecord> history(WarehouseSpec warehouseSpec) {
        try (Warehouse warehouse = Warehouse.open(warehouseSpec, true)) {
            var store = MetadataStores.inWarehouseReadOnly(warehouse.connection(), "the warehouse " + warehouse.path());
            if (store.isPresent()) {
                try (MetadataStore history = store.get()) {
                    return history.runs(pipeline, limit);
                }
            }
        }
        try (Warehouse warehouse = Warehouse.open(warehouseSpec);
             MetadataStore history = MetadataStores.inWarehouse(warehouse.connection(), "the warehouse " + warehouse.path())) {
            return history.runs(pipeline, limit);
        }
    }

    /** Reads the history from the PostgreSQL store that {@code metadata:} names. */
    private List<RunRecord> history(MetadataSpec metadata) {
        try (MetadataStore history = MetadataStores.postgres(metadata.connection())) {
            return history.runs(pipeline, limit);
        }
    }

    @Override
    public Integer call() {
        MetadataSpec metadata = project.metadata();
        List<RunRecord> runs;
        if (metadata.inWarehouse()) {
            WarehouseSpec warehouseSpec = project.warehouse();
            if (!java.nio.file.Files.exists(warehouseSpec.path())) {
                io.out().println("no runs yet: the warehouse " + warehouseSpec.path() + " does not exist until the first run (tributary run NAME)");
                return ExitCode.OK;
            }
            runs = history(warehouseSpec);
        } else {
            runs = history(metadata);
        }
        if (runs.isEmpty()) {
            io.out().println("no runs yet" + (pipeline == null ? "" : " of " + pipeline));
            if (pipeline != null) {
                noteUnknownPipeline();
            }
            return ExitCode.OK;
        }
        TextTable table = new TextTable(List.of("RUN", "PIPELINE", "STARTED (UTC)", "DURATION", "STATUS", "READ", "LOADED", "REJECTED", "BYTES", "ERROR"));
        for (RunRecord run : runs) {
            String duration = run.endedAt() == null ? "" : Format.millis(Duration.between(run.startedAt(), run.endedAt()).toMillis());
            RunCounts counts = run.counts();
            table.add(List.of(String.valueOf(run.runId()), run.pipeline(), TIME.format(run.startedAt().atOffset(ZoneOffset.UTC)), duration,
                    run.status().word(), Format.count(counts.read()), Format.count(counts.loaded()), Format.count(counts.rejected()),
                    Format.bytes(counts.bytes()), run.error() == null ? "" : run.error()));
        }
        table.print(io.out());
        return ExitCode.OK;
    }
}
