package io.tributary.cli.commands;

import io.tributary.metadata.AlertChannelState;
import io.tributary.metadata.AlertIncident;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What {@code tributary status} says about alerts: the incidents open, and each channel whose latest
 * delivery failed, when, why, and how to check it. Read from the metadata store, so it works without the server (an
 * alert path that fails silently is the failure users fear most).
 */
final class AlertStatusLines {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private AlertStatusLines() {}

    static void incidents(List<AlertIncident> incidents, PrintWriter out) {
        for (AlertIncident incident : incidents) {
            out.println("alert incident " + incident.pipeline() + " " + incident.kind() + (incident.state() == null ? "" : " (" + incident.state() + ")")
                    + ": open since " + TIME.format(incident.openedAt().atOffset(ZoneOffset.UTC)) + " UTC: " + incident.summary());
        }
    }

    static void print(List<AlertChannelState> channels, PrintWriter out) {
        for (AlertChannelState channel : channels) {
            if (!channel.failing()) {
                continue;
            }
            out.println("alert channel " + channel.channel() + ": its last delivery failed at "
                    + TIME.format(channel.lastFailureAt().atOffset(ZoneOffset.UTC)) + " UTC (" + channel.failed() + " failed, "
                    + channel.delivered() + " delivered): " + channel.lastFailure() + "; check it with: tributary alerts test " + channel.channel());
        }
    }
}
