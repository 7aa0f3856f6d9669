package io.tributary.cli.commands;

import io.tributary.cli.logging.LogSetup;
import io.tributary.cli.output.Io;
import io.tributary.config.Durations;
import io.tributary.error.ExitCode;
import io.tributary.error.TributaryException;
import io.tributary.project.LoadedProject;
import io.tributary.project.ProjectLoader;
import io.tributary.project.ProjectSpec;
import io.tributary.server.ServerOptions;
import io.tributary.server.TributaryServer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Run every pipeline on its schedule, unattended, with the REST API, health and Prometheus metrics.",
        footer = {"", "Examples:", "  tributary server", "  tributary server --port 9000 --max-runs 4",
                "  TRIBUTARY_API_TOKEN=... tributary server --bind 0.0.0.0",
                "  tributary token create ci && tributary server --bind 0.0.0.0", "",
                "While it runs, tributary run, runs, sql, tables, checks and logs on this project go through it (.tributary/server.json).",
                "Endpoints: /healthz, /readyz, /metrics (Prometheus), /api/pipelines, /api/health, /api/runs[?pipeline=NAME],",
                "/api/runs/ID, /api/runs/ID/checks, /api/runs/ID/logs, POST /api/pipelines/NAME/runs, /pause, /resume, /backfills,",
                "POST /api/sql, /api/tables, /api/checks, /api/tokens (this machine only), POST /api/reload. See docs/server.md and docs/api.md.",
                "Edits to tributary.yml and pipelines/*.yml are taken while it runs (a file watch; tributary reload asks at once);",
                "a pipeline file that no longer validates keeps its last good definition and shows as invalid.",
                "SIGTERM (Ctrl-C) lets running loads finish, up to --grace, then stops.",
                "Exit codes: 143 stopped by SIGTERM (130 by Ctrl-C), as every JVM (systemd: SuccessExitStatus=143);",
                "2 invalid project or options; 75 busy: another process holds the warehouse."})
public final class ServerCommand implements Callable<Integer> {
    private final Io io;

    @Mixin
    ProjectOption project;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "Port to listen on (default ${DEFAULT-VALUE}; 0: any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = ServerOptions.LOOPBACK,
            description = "Address to listen on (default ${DEFAULT-VALUE}); any other needs an API token (tributary token create, or TRIBUTARY_API_TOKEN).")
    String bind;

    @Option(names = "--max-runs", paramLabel = "N", description = "At most N runs at once over all pipelines; the others wait in order "
            + "(default: server: {max_runs: N} of tributary.yml, else the number of cores).")
    Integer maxRunsOption;

    @Option(names = "--grace", paramLabel = "SECONDS", defaultValue = "30",
            description = "On SIGTERM, how long running loads may take to finish (default ${DEFAULT-VALUE}).")
    long graceSeconds;

    @Option(names = "--sql-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "How long a query of tributary sql (POST /api/sql) may take while the server runs before it is cancelled: "
                    + "500ms, 30s, 5m (default ${DEFAULT-VALUE}).")
    String sqlTimeout;

    @Option(names = "--log-format", paramLabel = "FORMAT", description = "text (default) or json: one JSON object per line, "
            + "with Logstash's field names (also TRIBUTARY_LOG_FORMAT=json).")
    String logFormat;

    public ServerCommand(Io io) {
        this.io = io;
    }

    /** The global limit: {@code --max-runs}, else {@code server.max_runs} of tributary.yml, else the number of cores. */
    public static int maxRuns(Integer option, io.tributary.project.ServerSpec server) {
        if (option != null) {
            return option;
        }
        return server.maxRuns() != null ? server.maxRuns() : Runtime.getRuntime().availableProcessors();
    }

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65_535) {
            throw TributaryException.invalid("--port must be between 0 and 65535, not " + port);
        }
        if (maxRunsOption != null && (maxRunsOption < 1 || maxRunsOption > RunCommand.MAX_PARALLEL)) {
            throw TributaryException.invalid("--max-runs must be between 1 and " + RunCommand.MAX_PARALLEL + ", not " + maxRunsOption);
        }
        if (logFormat != null) {
            LogSetup.useFormat(logFormat);
        }
        java.time.Duration sqlLimit = Durations.parse(sqlTimeout.strip());
        if (sqlLimit == null || sqlLimit.isZero()) {
            throw TributaryException.invalid("--sql-timeout must be a duration above zero such as 500ms, 30s or 5m, not '" + sqlTimeout + "'");
        }
        // one broken pipeline file does not stop the server: it is reported invalid until fixed (a broken tributary.yml still does)
        LoadedProject loaded = project.loadPartially();
        ProjectSpec spec = loaded.spec();
        int maxRuns = maxRuns(maxRunsOption, spec.server());
        if (System.getenv("TRIBUTARY_LOG_LEVEL") == null) {
            // a server's log is its record of what it ran: its own lines at INFO, the rest at the CLI's WARN
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.tributary.server")).setLevel(ch.qos.logback.classic.Level.INFO);
        }
        String token = System.getenv("TRIBUTARY_API_TOKEN");
        ServerOptions options = new ServerOptions(bind, port, maxRuns, token, Clock.systemUTC(), Duration.ofSeconds(1), Duration.ofSeconds(graceSeconds))
                .withSqlTimeout(sqlLimit);
        TributaryServer server = TributaryServer.start(loaded, ProjectLoader.standard(), options, Version.get());
        for (var broken : loaded.broken()) {
            io.err().println("invalid  " + broken.summary(spec.dir()) + "; fix it and save: the server takes it without a restart");
        }
        io.out().println("tributary server on http://" + bind + ":" + server.port() + " for " + spec.dir().toAbsolutePath()
                + " (" + spec.pipelines().size() + " pipelines); stop with Ctrl-C or SIGTERM");
        io.out().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "tributary-server-stop"));
        stopped.await();
        return ExitCode.OK;
    }
}
