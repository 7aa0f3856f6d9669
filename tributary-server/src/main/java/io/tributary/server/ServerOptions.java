package io.tributary.server;

import java.time.Clock;
import java.time.Duration;

/**
 * How the server runs.
 *
 * @param host       the address to listen on: 127.0.0.1 by default; any other needs {@code token}
 * @param port       0 for any free port
 * @param maxRuns    at most this many runs at once, over all pipelines
 * @param token      TRIBUTARY_API_TOKEN: a token requests may bear ({@code Authorization: Bearer ...}) besides the stored
 *                   ones of {@code tributary token create}; null for none (on loopback, no token is then needed)
 * @param clock      the scheduler's clock (tests move it)
 * @param tick       how often the scheduler looks at the clock
 * @param grace      on stop (SIGTERM), how long running loads may take to finish
 * @param sqlTimeout how long a query through {@code POST /api/sql} may take before it is cancelled
 */
public record ServerOptions(String host, int port, int maxRuns, String token, Clock clock, Duration tick, Duration grace, Duration sqlTimeout) {
    public static final String LOOPBACK = "127.0.0.1";
    /** {@code tributary server --sql-timeout}'s default. */
    public static final Duration SQL_TIMEOUT = Duration.ofSeconds(30);

    public ServerOptions(String host, int port, int maxRuns, String token, Clock clock, Duration tick, Duration grace) {
        this(host, port, maxRuns, token, clock, tick, grace, SQL_TIMEOUT);
    }

    public ServerOptions withSqlTimeout(Duration sqlTimeout) {
        return new ServerOptions(host, port, maxRuns, token, clock, tick, grace, sqlTimeout);
    }

    public ServerOptions withHost(String host, String token) {
        return new ServerOptions(host, port, maxRuns, token, clock, tick, grace, sqlTimeout);
    }

    public static ServerOptions defaults() {
        return new ServerOptions(LOOPBACK, 8080, Runtime.getRuntime().availableProcessors(), null, Clock.systemUTC(), Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }

    public ServerOptions withPort(int port) {
        return new ServerOptions(host, port, maxRuns, token, clock, tick, grace, sqlTimeout);
    }

    public ServerOptions withClock(Clock clock, Duration tick) {
        return new ServerOptions(host, port, maxRuns, token, clock, tick, grace, sqlTimeout);
    }

    public boolean loopback() {
        return host.equals(LOOPBACK) || host.equals("localhost") || host.equals("::1");
    }
}
