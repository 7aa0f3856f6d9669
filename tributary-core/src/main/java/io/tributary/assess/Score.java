package io.tributary.assess;

/** One quality dimension, 0–100, with the reason in one line. */
public record Score(int value, String reason) {
    static Score of(double value, String reason) {
        return new Score((int) Math.max(0, Math.min(100, Math.round(value))), reason);
    }
}
