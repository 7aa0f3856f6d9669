package io.tributary.spi;

/** The typed settings of one alert channel, as its {@link AlertChannelType} read them. */
public interface AlertChannelSettings {

    /** Where alerts go, without secrets (a webhook's URL may hold a token: leave it out), for messages. */
    String describe();
}
