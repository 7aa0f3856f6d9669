package io.tributary.cli.commands;

import io.tributary.cli.output.Io;
import io.tributary.error.ExitCode;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import java.util.concurrent.Callable;
import io.tributary.app.ModelBuilds;
import io.tributary.error.InvalidProjectException;
import io.tributary.models.Materialization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Check tributary.yml and every pipeline file; list every problem with file:line:column. Exit 2 on problems.")
public final class ValidateCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ProjectOption project;

    public ValidateCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        ProjectSpec spec = project.load();
        ModelBuilds.Loaded models = ModelBuilds.load(spec);
        if (!models.problems().isEmpty()) {
            throw new InvalidProjectException(models.problems());
        }
        io.out().println("OK  " + spec.dir() + ": " + spec.pipelines().size() + (spec.pipelines().size() == 1 ? " pipeline" : " pipelines"));
        for (PipelineSpec pipeline : spec.pipelines()) {
            io.out().println("  " + pipeline.name() + "  " + pipeline.source().describe() + " -> " + pipeline.load().table()
                    + " (" + pipeline.load().mode().yamlName() + ")" + (pipeline.schedule() == null ? "" : "  schedule \"" + pipeline.schedule() + "\""));
        }
        if (!models.graph().isEmpty()) {
            io.out().println("  models (in build order): " + String.join(", ", models.graph().models().stream().map(m -> m.name()
                    + (m.materialized() == Materialization.TABLE ? "" : " (" + m.materialized().word() + ")")).toList()));
        }
        return ExitCode.OK;
    }
}
