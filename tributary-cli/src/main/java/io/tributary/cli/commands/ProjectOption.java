package io.tributary.cli.commands;

import io.tributary.cli.output.Io;
import io.tributary.cli.remote.ServerClient;
import io.tributary.project.LoadedProject;
import io.tributary.project.ProjectLoader;
import io.tributary.project.ProjectSpec;
import io.tributary.project.WarehouseSpec;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code -p/--project DIR} for every command that works on a project. It may also stand before the
 * command ({@code tributary -p shop run orders}, where the root command carries this option too); the
 * command's own wins.
 */
public final class ProjectOption {
    @Option(names = {"-p", "--project"}, paramLabel = "DIR", description = "The project folder (default: the current folder).")
    Path project;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    public Path dir() {
        if (project != null) {
            return project;
        }
        // written before the command or before a parent command: tributary -p shop connections test
        for (CommandSpec parent = command == null ? null : command.parent(); parent != null; parent = parent.parent()) {
            for (CommandSpec mixin : parent.mixins().values()) {
                if (mixin.userObject() instanceof ProjectOption option && option.project != null) {
                    return option.project;
                }
            }
        }
        return Path.of(".");
    }

    public ProjectSpec load() {
        return ProjectLoader.standard().load(dir());
    }

    /** The valid pipelines and the broken files, for commands that can go on without the broken ones. */
    public LoadedProject loadPartially() {
        return ProjectLoader.standard().loadPartially(dir());
    }

    /** Only the warehouse from tributary.yml, for commands that just read it. */
    public WarehouseSpec warehouse() {
        return ProjectLoader.standard().loadWarehouse(dir());
    }

    /**
     * The project's running server, when one answers ({@link io.tributary.cli.remote.ServerClient}): the command then goes
     * through it, which owns the warehouse. Says so on stderr; stdout stays what the command prints without a server.
     */
    public java.util.Optional<ServerClient> server(Io io) {
        java.util.Optional<ServerClient> server = ServerClient.find(dir());
        server.ifPresent(s -> {
            io.err().println("(through the server at " + s.url() + ")");
            io.err().flush();
        });
        return server;
    }

    /** Only where tributary.yml keeps the run history ({@code metadata:}), for commands that read it. */
    public io.tributary.project.MetadataSpec metadata() {
        return ProjectLoader.standard().loadMetadata(dir());
    }
}
