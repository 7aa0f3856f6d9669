package io.tributary.alert;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * One alert to deliver, the same for every channel; each sender shapes it for its receiver.
 *
 * @param pipeline null when the alert is about no pipeline (a test alert, the project's health)
 * @param summary  one line: what happened (Slack's notification text, the e-mail's subject)
 * @param detail   the error text or the check results, null when there is none
 * @param runId    the run it is about, null when none
 * @param runLink  where to see that run, null until a server can show it
 * @param dedupKey stable for one pipeline and one kind of trouble, so a receiver (PagerDuty) groups
 *                 repeats into one incident and a recovery resolves it: see {@link #dedupKey(String, AlertKind)}
 */
public record Alert(AlertSeverity severity, AlertKind kind, String pipeline, String summary, String detail, Long runId,
                    URI runLink, String dedupKey, Instant timestamp) {

    public Alert {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /**
     * {@code tributary/<pipeline>/<kind>}. A recovery takes the key of the trouble it ends, so it is
     * built with {@link #recovery}; a warning of checks shares the key of failed checks, since both
     * are the pipeline's checks (the worse one replaces the other in PagerDuty).
     */
    public static String dedupKey(String pipeline, AlertKind kind) {
        AlertKind family = kind == AlertKind.CHECK_WARN ? AlertKind.CHECK_ERROR : kind;
        return "tributary/" + (pipeline == null ? "-" : pipeline) + "/" + family.word();
    }

    /** An alert whose dedup key follows from its pipeline and kind. */
    public static Alert of(AlertSeverity severity, AlertKind kind, String pipeline, String summary, String detail, Long runId,
                           URI runLink, Instant timestamp) {
        return new Alert(severity, kind, pipeline, summary, detail, runId, runLink, dedupKey(pipeline, kind), timestamp);
    }

    /** The notice that the trouble {@code of} is over: same pipeline and dedup key, so receivers close the incident. */
    public static Alert recovery(Alert of, String summary, Long runId, URI runLink, Instant timestamp) {
        return new Alert(AlertSeverity.INFO, AlertKind.RECOVERY, of.pipeline(), summary, null, runId, runLink, of.dedupKey(), timestamp);
    }

    /** What {@code tributary alerts test} sends: info, about no pipeline. */
    public static Alert test(String project, String channel, Instant timestamp) {
        return new Alert(AlertSeverity.INFO, AlertKind.TEST, null, "Test alert from Tributary project " + project,
                "Channel '" + channel + "' delivers: this was sent by `tributary alerts test " + channel + "`.", null, null,
                "tributary/test/" + channel, timestamp);
    }

    /** True for the notice that a trouble ended. */
    public boolean isRecovery() {
        return kind == AlertKind.RECOVERY;
    }
}
