package io.tributary.server;

import io.tributary.alert.Alert;
import io.tributary.alert.AlertDispatcher;
import io.tributary.alert.AlertKind;
import io.tributary.alert.AlertSeverity;
import io.tributary.engine.RunResult;
import io.tributary.error.ErrorKind;
import io.tributary.metadata.MetadataStore;
import io.tributary.metadata.RunRecord;
import io.tributary.metadata.RunStatus;
import io.tributary.project.AlertChannel;
import io.tributary.project.PipelineSpec;
import io.tributary.project.ProjectSpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a pipeline's {@code alerts:} channels when its runs start failing, once per incident, and
 * again when it recovers. An incident is open from a failed run to the next successful one; repeated
 * failures in between send nothing more. Across restarts the incident is read back from the
 * history: a pipeline whose newest run failed is already in an incident (it was told), so a restart
 * does not repeat the alert. A skipped run (the pipeline was busy) changes nothing. Delivery is the
 * alert package's ({@link AlertDispatcher}: every channel on its own, bounded retries); a failing
 * channel is logged and counted, never a failure of the run.
 */
final class RunAlerts {
    private static final Logger LOG = LoggerFactory.getLogger(RunAlerts.class);

    private final ProjectSpec project;
    private final AlertDispatcher dispatcher;
    private final Clock clock;
    private final BiConsumer<String, Boolean> counted;
    /** Per pipeline, the alert of its open incident. */
    private final Map<String, Alert> open = new ConcurrentHashMap<>();

    /**
     * @param counted told each delivery: the channel's name and whether it was delivered (for the metrics)
     */
    RunAlerts(ProjectSpec project, AlertDispatcher dispatcher, Clock clock, MetadataStore store, BiConsumer<String, Boolean> counted) {
        this.project = project;
        this.dispatcher = dispatcher;
        this.clock = clock;
        this.counted = counted;
        for (PipelineSpec pipeline : project.pipelines()) {
            newestFinished(store, pipeline.name()).filter(run -> run.status() != RunStatus.SUCCESS)
                    .ifPresent(run -> open.put(pipeline.name(), failure(pipeline.name(), run.runId(), run.error())));
        }
    }

    private static Optional<RunRecord> newestFinished(MetadataStore store, String pipeline) {
        return store.runs(pipeline, 20).stream().filter(r -> r.status() != RunStatus.SKIPPED && r.status() != RunStatus.RUNNING).findFirst();
    }

    /** After each run: alert on the first failure of an incident, or on the success that ends one. */
    void finished(RunResult result) {
        PipelineSpec pipeline = project.pipeline(result.pipeline()).orElse(null);
        if (pipeline == null || result.status() == RunStatus.SKIPPED || result.errorKind() == ErrorKind.BUSY) {
            return;
        }
        List<AlertChannel> channels = channels(pipeline);
        if (result.succeeded()) {
            Alert incident = open.remove(pipeline.name());
            if (incident != null && !channels.isEmpty()) {
                send(Alert.recovery(incident, "Pipeline " + pipeline.name() + " recovered: run " + result.runId() + " succeeded",
                        result.runId(), null, clock.instant()), channels);
            }
            return;
        }
        Alert alert = failure(pipeline.name(), result.runId(), result.error());
        if (open.putIfAbsent(pipeline.name(), alert) == null && !channels.isEmpty()) {
            send(alert, channels);
        }
    }

    private Alert failure(String pipeline, long runId, String error) {
        return Alert.of(AlertSeverity.CRITICAL, AlertKind.FAILURE, pipeline, "Pipeline " + pipeline + " failed: run " + runId
                + " published nothing", error, runId, null, clock.instant());
    }

    private List<AlertChannel> channels(PipelineSpec pipeline) {
        List<AlertChannel> channels = new ArrayList<>();
        for (String name : pipeline.alerts()) {
            AlertChannel channel = project.alerts().get(name);
            if (channel != null && channel.settings() != null) {
                channels.add(channel);
            }
        }
        return channels;
    }

    private void send(Alert alert, List<AlertChannel> channels) {
        for (AlertDispatcher.Sent sent : dispatcher.send(alert, channels)) {
            counted.accept(sent.channel().name(), sent.delivery().delivered());
            if (sent.delivery().delivered()) {
                LOG.info("{}: alert {} delivered to {}", alert.pipeline(), alert.kind().word(), sent.channel().name());
            } else {
                LOG.warn("{}: alert {} NOT delivered to {}: {}", alert.pipeline(), alert.kind().word(), sent.channel().name(),
                        sent.delivery().describe());
            }
        }
    }
}
