package io.tributary.testplugin;

import io.tributary.config.ConfigReader;
import io.tributary.spi.AlertChannelSettings;
import io.tributary.spi.AlertChannelType;
import java.util.List;

/** TEST ONLY: {@code type: test_chat}, a room to post to and whom to mention. */
public final class ChatChannel implements AlertChannelType {

    public record Settings(String room, String mention) implements AlertChannelSettings {
        @Override
        public String describe() {
            return "test_chat #" + room;
        }
    }

    @Override
    public String type() {
        return "test_chat";
    }

    @Override
    public AlertChannelSettings read(String name, ConfigReader config) {
        String room = config.requiredString("room", "e.g. room: data-ops");
        String mention = config.oneOf("mention", "nobody", List.of("nobody", "here", "everyone"));
        config.finish();
        return room == null ? null : new Settings(room, mention);
    }
}
