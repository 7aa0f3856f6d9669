package io.tributary.cli.commands;

import io.tributary.cli.output.Io;
import io.tributary.error.ExitCode;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import java.util.concurrent.Callable;
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
        io.out().println("OK  " + spec.dir() + ": " + spec.pipelines().size() + (spec.pipelines().size() == 1 ? " pipeline" : " pipelines"));
        for (PipelineSpec pipeline : spec.pipelines()) {
            io.out().println("  " + pipeline.name() + "  " + pipeline.source().describe() + " -> " + pipeline.load().table()
                    + " (" + pipeline.load().mode().yamlName() + ")" + (pipeline.schedule() == null ? "" : "  schedule \"" + pipeline.schedule() + "\""));
        }
        return ExitCode.OK;
    }
}
