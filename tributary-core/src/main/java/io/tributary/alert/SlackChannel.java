package io.tributary.alert;

import io.tributary.config.ConfigReader;
import io.tributary.spi.AlertChannelSettings;
import java.net.URI;

/** {@code type: slack}: an incoming-webhook {@code url}, optionally a {@code channel} to post to. */
public final class SlackChannel implements SendingChannelType {

    /** The webhook URL holds Slack's token, so messages name the channel, never the URL. */
    public record Settings(String url, String channel) implements AlertChannelSettings {
        @Override
        public String describe() {
            return "slack" + (channel == null ? "" : " " + channel);
        }
    }

    @Override
    public String type() {
        return "slack";
    }

    @Override
    public AlertChannelSettings read(String name, ConfigReader config) {
        String url = config.requiredString("url", "the Slack incoming-webhook URL, e.g. url: \"${env:SLACK_WEBHOOK_URL}\"");
        String channel = config.string("channel", null);
        config.finish();
        io.tributary.config.Secrets.remember(url);
        if (url != null && !HttpUrls.check(config, "url", url)) {
            return null;
        }
        return url == null ? null : new Settings(url, channel);
    }

    @Override
    public AlertSender sender(AlertChannelSettings settings, DeliveryContext context) {
        Settings slack = (Settings) settings;
        URI url = URI.create(slack.url());
        return alert -> HttpPost.send(context, url, java.util.Map.of(), Json.bytes(SlackMessage.payload(alert, slack.channel())));
    }
}
