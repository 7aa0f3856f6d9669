package io.tributary.alert;

/**
 * How sending one alert to one channel went. A channel that fails never throws: this says so.
 *
 * @param reason   why it failed, in plain words, naming the receiver without its secrets; null when delivered
 * @param attempts how many times it was tried (0 when it was given up before an attempt ended, e.g. a timeout)
 */
public record Delivery(boolean delivered, String reason, int attempts) {

    public static Delivery ok(int attempts) {
        return new Delivery(true, null, attempts);
    }

    public static Delivery failed(String reason, int attempts) {
        return new Delivery(false, reason, attempts);
    }

    /** "delivered (1 attempt)" or "failed after 3 attempts: …". */
    public String describe() {
        String tries = attempts + (attempts == 1 ? " attempt" : " attempts");
        return delivered ? "delivered (" + tries + ")" : "failed after " + tries + ": " + reason;
    }
}
