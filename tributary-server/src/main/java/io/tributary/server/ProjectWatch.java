package io.tributary.server;

import io.tributary.project.ProjectLoader;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code tributary.yml} and {@code pipelines/*.yml} of a running server's project and reloads
 * it after they change. An editor's save is often several events (a temporary file, a rename, a
 * write): the reload waits until the files have been quiet for the debounce, so one save is one
 * reload. Anything else in the folder ({@code .tributary/}, where the warehouse is written) is ignored.
 */
final class ProjectWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectWatch.class);
    static final Duration DEBOUNCE = Duration.ofMillis(500);

    private final Path dir;
    private final Path pipelines;
    private final Runnable reload;
    private final WatchService watch;
    private final Thread thread;
    private volatile WatchKey pipelinesKey;

    private ProjectWatch(Path dir, Runnable reload) throws IOException {
        this.dir = dir.toAbsolutePath().normalize();
        this.pipelines = this.dir.resolve(ProjectLoader.PIPELINES_DIR);
        this.reload = reload;
        this.watch = this.dir.getFileSystem().newWatchService();
        register(this.dir);
        registerPipelines();
        this.thread = new Thread(this::loop, "tributary-project-watch");
        thread.setDaemon(true);
    }

    /** Starts watching; a folder that cannot be watched is logged (tributary reload still works) and null returned. */
    static ProjectWatch start(Path dir, Runnable reload) {
        try {
            ProjectWatch watch = new ProjectWatch(dir, reload);
            watch.thread.start();
            return watch;
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot watch {} for changes ({}); after editing the project run tributary reload", dir, e.getMessage());
            return null;
        }
    }

    static boolean isPipelineFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    private WatchKey register(Path folder) throws IOException {
        return folder.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
    }

    private void registerPipelines() throws IOException {
        if (Files.isDirectory(pipelines) && (pipelinesKey == null || !pipelinesKey.isValid())) {
            pipelinesKey = register(pipelines);
        }
    }

    private void loop() {
        try {
            while (true) {
                WatchKey key = watch.take();
                boolean relevant = relevant(key);
                // quiet for the debounce: the save is complete
                for (WatchKey more = watch.poll(DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS); more != null;
                        more = watch.poll(DEBOUNCE.toMillis(), TimeUnit.MILLISECONDS)) {
                    relevant |= relevant(more);
                }
                if (relevant) {
                    try {
                        reload.run();
                    } catch (RuntimeException e) {
                        LOG.error("reloading {} after a change failed: {}; fix it and save again, or run tributary reload", dir, e.getMessage(), e);
                    }
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // the server stops
        }
    }

    /** Whether the key's events touch the project's files; consumes them and re-arms the key. */
    private boolean relevant(WatchKey key) {
        boolean relevant = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                relevant = true;
                continue;
            }
            Path name = (Path) event.context();
            if (key == pipelinesKey) {
                relevant |= isPipelineFile(name);
            } else if (name.toString().equals(ProjectLoader.PROJECT_FILE)) {
                relevant = true;
            } else if (name.toString().equals(ProjectLoader.PIPELINES_DIR)) {
                relevant = true; // pipelines/ created (or removed): watch it too
                try {
                    registerPipelines();
                } catch (IOException e) {
                    LOG.warn("cannot watch {} for changes ({}); after editing a pipeline run tributary reload", pipelines, e.getMessage());
                }
            }
        }
        if (!key.reset() && key == pipelinesKey) {
            relevant = true; // pipelines/ is gone: every pipeline file with it
        }
        return relevant;
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            watch.close();
        } catch (IOException e) {
            LOG.debug("closing the project watch: {}", e.getMessage());
        }
    }
}
