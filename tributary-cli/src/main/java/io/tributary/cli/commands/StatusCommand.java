package io.tributary.cli.commands;

import io.tributary.app.History;
import io.tributary.app.PipelineHealth;
import io.tributary.app.PipelineSelection;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.Pause;
import io.tributary.cli.output.Io;
import io.tributary.cli.output.TextTable;
import io.tributary.error.ExitCode;
import io.tributary.project.LoadedProject;
import io.tributary.project.PipelineSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Each pipeline's health (unknown, healthy, degraded, critical; invalid: its file does not validate) with the reason, from its run history.",
        footer = {"", "While a server runs on the project, this asks it (its health, pauses and alerts).", "", "Exit codes: 0 none critical; 1 a pipeline is critical; 2 invalid project or unknown pipeline."})
public final class StatusCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "PIPELINE", arity = "0..*", description = "Only these pipelines (default: all).")
    List<String> names = new ArrayList<>();

    public StatusCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        LoadedProject loaded = project.loadPartially();
        List<PipelineSpec> pipelines = PipelineSelection.select(loaded, names, names.isEmpty());
        Instant now = Instant.now();
        var server = project.server(io).map(io.tributary.cli.remote.ServerApi::new);
        // through a running server: its judgement (it knows the last good definition of a file that no longer validates)
        java.util.Map<String, PipelineHealth> served = new java.util.HashMap<>();
        server.ifPresent(api -> api.health().forEach(h -> served.put(h.pipeline(), h)));
        List<PipelineHealth> health = server.isPresent() ? pipelines.stream().map(p -> served.get(p.name())).toList()
                : History.read(loaded.spec().metadata(), loaded.spec().warehouse(), store -> PipelineHealth.of(store, pipelines, now)).orElse(null);
        TextTable table = new TextTable(List.of("PIPELINE", "HEALTH", "LAST RUN (UTC)", "STATUS", "SUCCESS", "ERRORS 24H", "WHY"));
        boolean critical = false;
        for (int i = 0; i < pipelines.size(); i++) {
            PipelineHealth h = health == null ? null : health.get(i);
            if (h != null && h.status() == PipelineHealth.Status.INVALID) {
                table.add(List.of(h.pipeline(), h.status().word(), h.lastRun() == null ? "" : TIME.format(h.lastRun().startedAt().atOffset(ZoneOffset.UTC)),
                        h.lastRun() == null ? "" : h.lastRun().status().word(), "", "", "its file does not validate (below); the server runs its last good definition"));
                continue;
            }
            if (h == null || h.lastRun() == null) {
                table.add(List.of(pipelines.get(i).name(), "unknown", "", "", "", "", "it never ran"));
                continue;
            }
            critical |= h.status() == PipelineHealth.Status.CRITICAL;
            table.add(List.of(h.pipeline(), h.status().word(), TIME.format(h.lastRun().startedAt().atOffset(ZoneOffset.UTC)),
                    h.lastRun().status().word(), String.format(Locale.ROOT, "%.0f%% of %d", h.successRate() * 100, h.runs()),
                    String.valueOf(h.errors24h()), h.reason()));
        }
        for (var broken : loaded.broken()) {
            // its file no longer validates: a running server keeps its last good definition, this command has none to judge
            if (names.isEmpty() || names.stream().anyMatch(broken::answersTo)) {
                String file = broken.file().getFileName().toString();
                table.add(List.of(broken.name() != null ? broken.name() : file.substring(0, file.lastIndexOf('.')), PipelineHealth.Status.INVALID.word(),
                        "", "", "", "", "its file does not validate (below)"));
            }
        }
        table.print(io.out());
        List<Pause> pauses = server.isPresent() ? server.get().pauses()
                : History.read(loaded.spec().metadata(), loaded.spec().warehouse(), MetadataStore::pauses).orElse(List.of());
        for (var pause : pauses) {
            if (pipelines.stream().anyMatch(p -> p.name().equals(pause.pipeline()))) {
                io.out().println("paused   " + pause.pipeline() + " since " + TIME.format(pause.pausedAt().atOffset(ZoneOffset.UTC)) + " UTC"
                        + (pause.reason() == null ? "" : ": " + pause.reason()) + " (tributary resume " + pause.pipeline() + ")");
            }
        }
        if (server.isPresent()) {
            var alerts = server.get().alerts();
            AlertStatusLines.incidents(alerts.incidents(), io.out());
            AlertStatusLines.print(alerts.channels(), io.out());
        } else {
            History.read(loaded.spec().metadata(), loaded.spec().warehouse(), store -> {
                AlertStatusLines.incidents(store.openIncidents(), io.out());
                AlertStatusLines.print(store.alertChannels(), io.out());
                return true;
            });
        }
        for (var broken : loaded.broken()) {
            io.out().println("invalid  " + broken.summary(loaded.spec().dir()));
        }
        return critical ? ExitCode.RUN_FAILED : ExitCode.OK;
    }
}
