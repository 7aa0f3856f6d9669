package io.tributary.project;

import io.tributary.config.ConfigReader;
import io.tributary.config.Durations;
import java.time.Duration;

/**
 * {@code server:} of tributary.yml: how {@code tributary server} runs this project.
 *
 * @param maxRuns at most this many runs at once over all pipelines; null: the server's own default
 *                (its {@code --max-runs}, else the number of cores)
 * @param timeout the {@code timeout:} of pipelines that set none; null: no limit
 */
public record ServerSpec(Integer maxRuns, Duration timeout) {
    public static final ServerSpec DEFAULTS = new ServerSpec(null, null);
    /** As many as {@code tributary run --parallel} allows. */
    public static final int MAX_RUNS = 32;

    /** Reads {@code server: {max_runs: 4, timeout: 1h}}; problems are reported where they are written. */
    static ServerSpec read(ConfigReader config) {
        ConfigReader server = config.map("server");
        if (server == null) {
            return DEFAULTS;
        }
        Long maxRuns = server.integer("max_runs", null, 1, MAX_RUNS);
        Duration timeout = Timeouts.read(server);
        server.finish();
        return new ServerSpec(maxRuns == null ? null : maxRuns.intValue(), timeout);
    }

    /** {@code timeout:} in a pipeline file or in {@code server:}: a positive duration. */
    static final class Timeouts {
        private Timeouts() {}

        static Duration read(ConfigReader config) {
            Duration timeout = Durations.read(config, "timeout", null);
            if (timeout != null && timeout.isZero()) {
                config.problem("timeout", "a timeout of 0 would stop every run at once", "write how long a run may take, e.g. 30m; "
                        + "leave timeout out for no limit");
                return null;
            }
            return timeout;
        }
    }
}
