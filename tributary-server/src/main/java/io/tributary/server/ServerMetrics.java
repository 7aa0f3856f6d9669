package io.tributary.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tributary.engine.RunResult;
import io.tributary.metadata.CheckResult;
import io.tributary.models.ModelResult;
import java.time.Duration;

/**
 * The server's Prometheus metrics (Micrometer), named by Prometheus' conventions: {@code _total}
 * for counters, {@code _seconds} for durations, base units, labels for the pipeline and status.
 * Scraped at {@code /metrics}; see docs/monitoring.md for every name.
 */
final class ServerMetrics {
    /** Few buckets, chosen for what people ask (was it under a second? a minute?): each is one series per pipeline. */
    private static final Duration[] RUN_BUCKETS = seconds(1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600);
    private static final Duration[] LAG_BUCKETS = {Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer schedulerLag;
    /** Finer: the scheduler's own part of the lag is milliseconds, the rest is waiting for a free run slot. */
    private static final Duration[] DISPATCH_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};
    private final Timer dispatchLag;
    private JvmGcMetrics gc;

    private final java.time.Clock clock;
    /** Per pipeline, when its newest successful run ended: the age of its data, a gauge. */
    private final java.util.Map<String, java.time.Instant> newestData = new java.util.concurrent.ConcurrentHashMap<>();

    ServerMetrics(String version, java.time.Clock clock) {
        this.clock = clock;
        // two of Micrometer's JVM meters break Prometheus' naming rules (promtool check metrics says so):
        // process_cpu_time_ns_total (an abbreviated unit) and system_cpu_count (a gauge named _count)
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time") || id.getName().equals("system.cpu.count")));
        Gauge.builder("tributary.build.info", () -> 1).description("Tributary's version, as a label; always 1")
                .tag("version", version).register(registry);
        schedulerLag = Timer.builder("tributary.scheduler.lag").description("From a run's fire time to its start")
                .serviceLevelObjectives(LAG_BUCKETS)
                .register(registry);
        dispatchLag = Timer.builder("tributary.scheduler.dispatch.lag")
                .description("From a fire time to the scheduler handing its run out (before it waits for a free run slot)")
                .serviceLevelObjectives(DISPATCH_BUCKETS)
                .register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** A run's end: its status, duration, rows and bytes, and its checks' results. */
    void runFinished(RunResult result) {
        String pipeline = result.pipeline();
        if (result.succeeded()) {
            dataAt(pipeline, clock.instant());
        }
        Counter.builder("tributary.runs").description("Runs by pipeline and how they ended").tags("pipeline", pipeline, "status", result.status().word())
                .register(registry).increment();
        Timer.builder("tributary.run.duration").description("How long runs took, start to end").tag("pipeline", pipeline)
                .serviceLevelObjectives(RUN_BUCKETS)
                .register(registry).record(Duration.ofMillis(result.millis()));
        rows("read", pipeline, result.rowsRead());
        rows("loaded", pipeline, result.succeeded() ? result.rowsLoaded() : 0);
        rows("rejected", pipeline, result.rowsRejected());
        rows("filtered", pipeline, result.rowsFiltered());
        rows("quarantined", pipeline, result.rowsQuarantined());
        Counter.builder("tributary.read").baseUnit("bytes").description("Bytes read from sources").tag("pipeline", pipeline)
                .register(registry).increment(result.bytesRead());
        for (CheckResult check : result.checks()) {
            Counter.builder("tributary.check.results").description("Check results by pipeline and status").tags("pipeline", pipeline, "status",
                    check.status().word()).register(registry).increment();
        }
    }

    /**
     * The pipeline's data is as of {@code endedAt} (its newest successful run ended then): from now on
     * {@code tributary_data_freshness_seconds{pipeline}} is its age, as the health's data age.
     */
    void dataAt(String pipeline, java.time.Instant endedAt) {
        if (newestData.put(pipeline, endedAt) == null) {
            Gauge.builder("tributary.data.freshness", () -> Math.max(0, Duration.between(newestData.get(pipeline), clock.instant()).toMillis() / 1000.0))
                    .baseUnit("seconds").description("Age of a pipeline's newest loaded data: since its newest successful run ended")
                    .tag("pipeline", pipeline).register(registry);
        }
    }

    void modelBuilt(ModelResult result) {
        Counter.builder("tributary.model.builds").description("Model builds by model and how they ended")
                .tags("model", result.model(), "status", result.status().word()).register(registry).increment();
    }

    void alertDelivered(String channel, boolean delivered) {
        Counter.builder("tributary.alert.deliveries").description("Alerts sent, by channel and whether they arrived")
                .tags("channel", channel, "result", delivered ? "delivered" : "failed").register(registry).increment();
    }

    void scheduled(Duration lag) {
        schedulerLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    void dispatched(Duration lag) {
        dispatchLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    private void rows(String what, String pipeline, long n) {
        Counter.builder("tributary.rows." + what).description("Rows " + what + ", by pipeline").tag("pipeline", pipeline).register(registry).increment(n);
    }

    private static Duration[] seconds(long... values) {
        Duration[] durations = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            durations[i] = Duration.ofSeconds(values[i]);
        }
        return durations;
    }

    String scrape() {
        return registry.scrape();
    }

    void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
