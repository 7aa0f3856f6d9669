package io.tributary.alert;

/** How urgent an alert is; each channel maps it to its own words (Slack's colour, PagerDuty's severity). */
public enum AlertSeverity {
    INFO, WARNING, CRITICAL;

    /** The word written in payloads and configuration: info, warning, critical. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
