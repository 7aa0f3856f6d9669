package io.tributary.cli.commands;

import io.tributary.app.ModelBuilds;
import io.tributary.app.RunService;
import io.tributary.cli.output.Io;
import io.tributary.cli.output.ModelPrinter;
import io.tributary.cli.output.TextTable;
import io.tributary.config.DidYouMean;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.models.ModelResult;
import io.tributary.models.ModelSpec;
import io.tributary.project.ProjectSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "models", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Build the SQL models of models/ (each after the models it reads), or list them with --list.",
        footer = {"", "Examples:", "  tributary models", "  tributary models --select daily_summary+", "  tributary models --list",
                "  tributary models --select by_customer --full-refresh", "",
                "A selection: NAME (that model), NAME+ (and everything downstream of it), +NAME (and everything it reads).",
                "Exit codes: 0 every model built, 1 a model failed (its last good version stays), 2 invalid project or usage."})
public final class ModelsCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ProjectOption project;

    @Option(names = {"-s", "--select"}, paramLabel = "NAME", split = ",", description = "Models to build (NAME, NAME+, +NAME); all by default.")
    List<String> select = new ArrayList<>();

    @Option(names = "--full-refresh", description = "Rebuild incremental models in full instead of merging into them.")
    boolean fullRefresh;

    @Option(names = "--list", description = "Show the models in build order with what each reads; build nothing.")
    boolean list;

    public ModelsCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        ProjectSpec spec = project.load();
        PrintWriter out = io.out();
        if (list) {
            ModelBuilds.Loaded loaded = ModelBuilds.load(spec);
            loaded.problems().forEach(p -> io.err().println(p));
            TextTable table = new TextTable(List.of("MODEL", "MATERIALIZED", "READS", "CHECKS", "FILE"));
            for (ModelSpec model : loaded.graph().models()) {
                table.add(List.of(model.name(), model.materialized().word(), String.join(", ", loaded.graph().reads(model.name())),
                        String.valueOf(model.checks().size()), spec.dir().relativize(model.file()).toString()));
            }
            table.print(out);
            return loaded.problems().isEmpty() ? ExitCode.OK : ExitCode.INVALID_INPUT;
        }
        try (RunService service = RunService.open(spec)) {
            ModelBuilds models = service.models();
            if (models.loaded().graph().isEmpty() && models.loaded().problems().isEmpty()) {
                out.println("no models: put one SELECT per file in " + spec.dir().resolve("models") + " (daily_summary.sql)");
                return ExitCode.OK;
            }
            List<String> unknown = new ArrayList<>();
            List<ModelSpec> chosen = models.loaded().graph().select(select, unknown);
            if (!unknown.isEmpty()) {
                List<String> names = models.loaded().graph().models().stream().map(ModelSpec::name).toList();
                throw TributaryException.invalid("no model named " + String.join(", ", unknown) + " in models/"
                        + (names.isEmpty() ? "" : "; " + DidYouMean.hint(unknown.get(0), names)));
            }
            List<ModelResult> results = models.build(chosen, fullRefresh, new ModelPrinter(out));
            return results.stream().allMatch(r -> r.succeeded()) && models.loaded().problems().isEmpty() ? ExitCode.OK
                    : results.stream().anyMatch(r -> !r.succeeded()) ? ExitCode.RUN_FAILED : ExitCode.INVALID_INPUT;
        }
    }
}
