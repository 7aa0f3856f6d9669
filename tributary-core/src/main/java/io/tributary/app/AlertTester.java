package io.tributary.app;

import io.tributary.alert.Alert;
import io.tributary.alert.AlertDispatcher;
import io.tributary.config.DidYouMean;
import io.tributary.error.TributaryException;
import io.tributary.project.AlertChannel;
import io.tributary.project.AlertChannels;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Sends a test alert to the project's channels, for {@code tributary alerts test} and the server's
 * alerts page, so a user learns that a channel works before the first real failure needs it.
 */
public final class AlertTester {
    private final AlertChannels channels;
    private final AlertDispatcher dispatcher;
    private final Clock clock;

    public AlertTester(AlertChannels channels, AlertDispatcher dispatcher, Clock clock) {
        this.channels = channels;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * The channel named, or (null) all of them in the order of tributary.yml.
     *
     * @throws TributaryException (invalid input) when no channel has that name, saying which one is close
     */
    public List<AlertChannel> select(String name) {
        Map<String, AlertChannel> all = channels.channels();
        if (name == null) {
            return List.copyOf(all.values());
        }
        AlertChannel channel = all.get(name);
        if (channel == null) {
            String closest = DidYouMean.closest(name, all.keySet());
            throw TributaryException.invalid("no alert channel named '" + name + "' in tributary.yml"
                    + (closest != null ? "; did you mean '" + closest + "'?"
                    : all.isEmpty() ? "; it defines no channels (add them under alerts:, see docs/alerts.md)"
                    : "; its channels are " + String.join(", ", all.keySet())));
        }
        return List.of(channel);
    }

    /** Each channel gets its own test alert (naming it), all sent at once; one failing never stops the others. */
    public List<AlertDispatcher.Sent> test(List<AlertChannel> chosen) {
        return chosen.parallelStream()
                .map(channel -> dispatcher.send(Alert.test(channels.project(), channel.name(), clock.instant()), List.of(channel)).get(0))
                .toList();
    }
}
