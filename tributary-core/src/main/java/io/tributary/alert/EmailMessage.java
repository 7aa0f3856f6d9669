package io.tributary.alert;

import java.util.Locale;

/** An alert as an e-mail's subject, plain text and HTML (the same content: clients show whichever they prefer). */
final class EmailMessage {

    private EmailMessage() {}

    static String subject(Alert alert) {
        return "[" + alert.severity().word().toUpperCase(Locale.ROOT) + "] " + alert.summary();
    }

    static String text(Alert alert) {
        StringBuilder text = new StringBuilder(alert.summary()).append("\n\n");
        text.append("Pipeline: ").append(alert.pipeline() == null ? "-" : alert.pipeline()).append('\n');
        text.append("Severity: ").append(alert.severity().word()).append('\n');
        text.append("Kind:     ").append(alert.kind().word()).append('\n');
        if (alert.runId() != null) {
            text.append("Run:      #").append(alert.runId()).append('\n');
        }
        text.append("When:     ").append(alert.timestamp()).append('\n');
        if (alert.detail() != null) {
            text.append("\n").append(alert.detail()).append('\n');
        }
        if (alert.runLink() != null) {
            text.append("\nThe run: ").append(alert.runLink()).append('\n');
        }
        return text.append("\n-- \nSent by Tributary. Dedup key: ").append(alert.dedupKey()).append('\n').toString();
    }

    static String html(Alert alert) {
        String color = SlackMessage.color(alert.severity());
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        html.append("<h2 style=\"border-left:6px solid ").append(color).append(";padding-left:8px\">")
                .append(escape(alert.summary())).append("</h2><table>");
        row(html, "Pipeline", alert.pipeline() == null ? "-" : alert.pipeline());
        row(html, "Severity", alert.severity().word());
        row(html, "Kind", alert.kind().word());
        if (alert.runId() != null) {
            row(html, "Run", "#" + alert.runId());
        }
        row(html, "When", alert.timestamp().toString());
        html.append("</table>");
        if (alert.detail() != null) {
            html.append("<pre style=\"background:#f4f4f4;padding:8px\">").append(escape(alert.detail())).append("</pre>");
        }
        if (alert.runLink() != null) {
            html.append("<p><a href=\"").append(escape(alert.runLink().toString())).append("\">Open the run</a></p>");
        }
        return html.append("<p style=\"color:#888\">Sent by Tributary.</p></body></html>").toString();
    }

    private static void row(StringBuilder html, String label, String value) {
        html.append("<tr><th align=\"left\">").append(label).append("</th><td>").append(escape(value)).append("</td></tr>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
