package io.tributary.alert;

import io.tributary.project.AlertChannel;
import io.tributary.spi.AlertChannelType;
import io.tributary.spi.AlertChannelTypes;

/** Finds the sender of a configured channel: its type's, when the type can send. */
public final class AlertSenders {
    private final AlertChannelTypes types;
    private final DeliveryContext context;

    public AlertSenders(AlertChannelTypes types, DeliveryContext context) {
        this.types = types;
        this.context = context;
    }

    public static AlertSenders standard() {
        return new AlertSenders(AlertChannelTypes.load(), DeliveryContext.standard());
    }

    /** Always a sender: one that cannot work says why in its {@link Delivery}, so a dispatch never throws. */
    public AlertSender sender(AlertChannel channel) {
        if (channel.settings() == null || channel.type() == null) {
            return alert -> Delivery.failed("channel '" + channel.name() + "' is not usable: its settings have problems "
                    + "(run: tributary validate)", 0);
        }
        AlertChannelType type = types.get(channel.type());
        if (type instanceof SendingChannelType sending) {
            return sending.sender(channel.settings(), context);
        }
        return alert -> Delivery.failed("the channel type '" + channel.type() + "' reads its settings but cannot send: "
                + "its plug-in must implement " + SendingChannelType.class.getName(), 0);
    }
}
