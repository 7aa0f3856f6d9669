package io.tributary.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.app.History;
import io.tributary.app.PipelineSelection;
import io.tributary.cli.output.Format;
import io.tributary.cli.output.Io;
import io.tributary.cli.remote.ServerApi;
import io.tributary.cli.output.TextTable;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.metadata.CheckResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "checks", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Show the stored results of the data-quality checks: of each pipeline's newest run, or of one run.",
        footer = {"", "Examples:", "  tributary checks", "  tributary checks orders", "  tributary checks --run 42 --format json"})
public final class ChecksCommand implements Callable<Integer> {
    /** Output styles. */
    enum Style { table, json }

    private final Io io;

    @Mixin
    ProjectOption project;

    @Parameters(paramLabel = "PIPELINE", arity = "0..1", description = "Only this pipeline's newest run.")
    String pipeline;

    @Option(names = "--run", paramLabel = "ID", description = "The results of this run (see tributary runs).")
    Long run;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", description = "table or json (default ${DEFAULT-VALUE}).", defaultValue = "table")
    Style format;

    public ChecksCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (run != null && pipeline != null) {
            throw TributaryException.invalid("give a pipeline or --run, not both: a run belongs to one pipeline");
        }
        var server = project.server(io);
        Optional<List<CheckResult>> stored = server.isPresent() ? Optional.of(new ServerApi(server.get()).checks(pipeline, run))
                : run != null ? History.checks(project.metadata(), project.warehouse(), run)
                : History.latestChecks(project.metadata(), project.warehouse(), pipeline);
        List<CheckResult> results = stored.orElse(List.of());
        if (format == Style.json) {
            printJson(results);
            return ExitCode.OK;
        }
        if (results.isEmpty()) {
            io.out().println(stored.isEmpty() ? "no check results yet: nothing has run (tributary run NAME)"
                    : "no check results " + (run != null ? "for run " + run : pipeline != null ? "in the newest run of " + pipeline : "yet")
                    + " (checks are declared under checks: in a pipeline or a model; see docs/quality.md)");
            if (pipeline != null) {
                noteUnknownPipeline();
            }
            return ExitCode.OK;
        }
        TextTable table = new TextTable(List.of("RUN", "PIPELINE", "TABLE", "CHECK", "SEVERITY", "STATUS", "FAILING", "ROWS", "ALLOWED", "DETAIL"));
        for (CheckResult result : results) {
            table.add(List.of(String.valueOf(result.runId()), result.pipeline(), result.table(), result.check(), result.severity(),
                    result.status().word(), Format.count(result.failing()), Format.count(result.rows()),
                    result.threshold() == null ? "" : result.threshold(), detail(result)));
        }
        table.print(io.out());
        long failed = results.stream().filter(r -> r.status() != CheckResult.Status.PASS).count();
        io.out().println(results.size() + (results.size() == 1 ? " check" : " checks") + ", " + failed + " not passed"
                + (failed > 0 ? "; samples: tributary checks --run " + results.get(0).runId() + " --format json" : ""));
        return ExitCode.OK;
    }

    /** The message without the check's name, which has a column of its own. */
    private static String detail(CheckResult result) {
        if (result.message() == null) {
            return "";
        }
        String prefix = result.check() + ": ";
        return result.message().startsWith(prefix) ? result.message().substring(prefix.length()) : result.message();
    }

    private void printJson(List<CheckResult> results) {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = json.createArrayNode();
        for (CheckResult r : results) {
            ObjectNode node = array.addObject();
            node.put("run_id", r.runId());
            node.put("pipeline", r.pipeline());
            node.put("table", r.table());
            node.put("check", r.check());
            node.put("type", r.type());
            node.put("severity", r.severity());
            node.put("status", r.status().word());
            node.put("failing_rows", r.failing());
            node.put("total_rows", r.rows());
            node.put("threshold", r.threshold());
            ArrayNode samples = node.putArray("samples");
            r.samples().forEach(samples::add);
            node.put("duration_ms", r.durationMillis());
            node.put("message", r.message());
        }
        try {
            io.out().println(json.writeValueAsString(array));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void noteUnknownPipeline() {
        try {
            PipelineSelection.unknown(project.load(), pipeline).ifPresent(note -> io.err().println("note: " + note));
        } catch (TributaryException e) {
            // an invalid project: `tributary validate` says why; the results are what was asked for
        }
    }
}
