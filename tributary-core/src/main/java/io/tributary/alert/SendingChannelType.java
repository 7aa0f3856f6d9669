package io.tributary.alert;

import io.tributary.spi.AlertChannelSettings;
import io.tributary.spi.AlertChannelType;

/**
 * An alert channel type that can also deliver. Kept apart from {@link AlertChannelType} (which reads
 * settings only) so that plug-ins written against the SPI alone keep working: a channel whose type
 * is not one of these is reported as unable to send, see {@link AlertSenders}.
 */
public interface SendingChannelType extends AlertChannelType {

    /** A sender for settings this type read; {@code context} holds the HTTP client, retries and clock. */
    AlertSender sender(AlertChannelSettings settings, DeliveryContext context);
}
