package io.tributary.alert;

/** Sends alerts to one configured channel. Never throws for a failure of the channel: the {@link Delivery} says it. */
public interface AlertSender {

    Delivery send(Alert alert);
}
