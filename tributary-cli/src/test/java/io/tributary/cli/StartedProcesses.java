package io.tributary.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The {@link CliProcess}es a test starts, killed after it (as a JUnit extension), so that a failed assertion
 * leaves no server running: {@code @RegisterExtension final StartedProcesses processes = new StartedProcesses();}.
 */
final class StartedProcesses implements AfterEachCallback {
    private final List<CliProcess> processes = new ArrayList<>();

    CliProcess start(Path log, Path tmp, String... args) {
        CliProcess process = CliProcess.start(log, tmp, args);
        processes.add(process);
        return process;
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (CliProcess process : processes) {
            process.killIfAlive();
        }
        processes.clear();
    }
}
