package io.tributary.cli.commands;

import io.tributary.cli.output.Io;
import io.tributary.cli.demo.Scaffold;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "init", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Create a project folder with tributary.yml, one example pipeline and its data, ready to run.")
public final class InitCommand implements Callable<Integer> {
    private final Io io;

    @Parameters(paramLabel = "DIR", description = "The folder to create (or an empty existing one).")
    Path dir;

    public InitCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        if (Files.exists(dir.resolve("tributary.yml"))) {
            throw TributaryException.invalid(dir.resolve("tributary.yml") + " already exists: this folder is a project already");
        }
        try {
            Scaffold.write(dir);
        } catch (IOException e) {
            throw TributaryException.failed("cannot create the project in " + dir.toAbsolutePath() + ": " + e.getMessage());
        }
        io.out().println("Created a Tributary project in " + dir.toAbsolutePath().normalize());
        io.out().println("  tributary.yml            warehouse and defaults");
        io.out().println("  pipelines/orders.yml     an example pipeline (CSV files -> orders table)");
        io.out().println("  data/orders/2026-01.csv  its data");
        io.out().println();
        io.out().println("Next:");
        io.out().println("  cd " + dir);
        io.out().println("  tributary validate");
        io.out().println("  tributary run orders");
        io.out().println("  tributary sql \"SELECT status, count(*), sum(total_price) FROM orders GROUP BY status\"");
        return ExitCode.OK;
    }
}
