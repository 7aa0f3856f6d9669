package io.tributary.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An alert as a Slack incoming-webhook message. The top-level {@code text} is what notifications and
 * phones show, so it carries the summary; the detail is Block Kit inside {@code attachments[0]},
 * because only an attachment has the coloured bar ({@code color} by severity).
 */
final class SlackMessage {
    static final String INFO = "#36a64f";
    static final String WARNING = "#ff9500";
    static final String CRITICAL = "#ff0000";
    /** Slack refuses a section text over 3000 characters. */
    private static final int SECTION_LIMIT = 2900;

    private SlackMessage() {}

    static String color(AlertSeverity severity) {
        return switch (severity) {
            case INFO -> INFO;
            case WARNING -> WARNING;
            case CRITICAL -> CRITICAL;
        };
    }

    static ObjectNode payload(Alert alert, String channel) {
        ObjectNode root = Json.object();
        root.put("text", alert.summary());
        if (channel != null) {
            root.put("channel", channel);
        }
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("color", color(alert.severity()));
        attachment.put("fallback", alert.summary());
        ArrayNode blocks = attachment.putArray("blocks");
        section(blocks, "*" + escape(alert.summary()) + "*");
        ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
        field(fields, "Pipeline", alert.pipeline() == null ? "-" : alert.pipeline());
        field(fields, "Severity", alert.severity().word());
        field(fields, "Kind", alert.kind().word());
        if (alert.runId() != null) {
            field(fields, "Run", "#" + alert.runId());
        }
        if (alert.detail() != null && !alert.detail().isBlank()) {
            String detail = alert.detail().length() > SECTION_LIMIT ? alert.detail().substring(0, SECTION_LIMIT) + "…" : alert.detail();
            section(blocks, "*Error*\n```" + escape(detail) + "```");
        }
        if (alert.runLink() != null) {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject();
            button.put("type", "button").put("url", alert.runLink().toString());
            button.putObject("text").put("type", "plain_text").put("text", "Open the run");
        }
        blocks.addObject().put("type", "context").putArray("elements").addObject()
                .put("type", "mrkdwn").put("text", "Tributary · " + alert.timestamp());
        return root;
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text", mrkdwn);
    }

    private static void field(ArrayNode fields, String label, String value) {
        fields.addObject().put("type", "mrkdwn").put("text", "*" + label + "*\n" + escape(value));
    }

    /** Slack's mrkdwn reads &, < and > as markup: an error text must show as written. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
